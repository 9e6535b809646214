/**
 * Mount-time wiring of the Explorer: decode the URL and start the run, keep the URL in sync,
 * run the play loop, and attach the keyboard shortcuts. Undone on unmount.
 */
import { useEffect } from 'react';
import { explorer } from '../../state/explorer-actions';
import { handleExplorerKey } from '../../state/keyboard';
import { startPlayer } from '../../state/player';
import { startUrlSync } from '../../state/url-sync';

export function useExplorerSession(): void {
  useEffect(() => {
    explorer.init(window.location.search);
    const stopUrl = startUrlSync();
    const stopPlayer = startPlayer();
    const onKey = (e: KeyboardEvent) => {
      handleExplorerKey(e);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      stopPlayer();
      stopUrl();
    };
  }, []);
}
