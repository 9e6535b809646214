/**
 * The app shell. The Explorer is the first screen (the Stage, Scaling and Compare views arrive
 * with later issues and will be chosen by the URL's `view`).
 */
import { useEffect } from 'react';
import { ExplorerView } from './explorer/ExplorerView';
import { installTestHook } from './test-hook';

export function App() {
  useEffect(() => installTestHook(() => 'explorer'), []);
  return <ExplorerView />;
}
