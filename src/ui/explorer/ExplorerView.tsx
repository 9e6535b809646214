/**
 * The Explorer: one problem, one strategy, the tree growing on a canvas, with the timeline,
 * the inspector and the vote. Panels read the store and the Playback themselves; this file only
 * lays them out.
 */
import { useMemo } from 'react';
import { AppNav } from '../AppNav';
import '../library/live-hook';
import { problemFor } from '../../state/catalog';
import { selectParams, useExplorer } from '../../state/explorer-store';
import { caption } from './caption';
import { TreeCanvasView } from './TreeCanvasView';
import { useExplorerSession } from './useExplorerSession';
import { BundleDropZone, LoadTraceButton } from './panels/BundleLoader';
import { Controls } from './panels/Controls';
import { ErrorPanel } from './panels/ErrorPanel';
import { Inspector } from './panels/Inspector';
import { Legend } from './panels/Legend';
import { Notices } from './panels/Notices';
import { Timeline } from './panels/Timeline';
import { VotePanel } from './panels/VotePanel';
import './panels/panels.css';
import './explorer.css';

export function ExplorerView() {
  useExplorerSession();
  const params = useExplorer(selectParams);
  const problem = useMemo(() => problemFor(params.source, params.problemId), [params.source, params.problemId]);
  const line = caption(params.spec, problem);
  return (
    <BundleDropZone className="if-explorer">
      <header className="if-explorer-head">
        <h1 className="if-title">Inference Frontier</h1>
        <AppNav />
        <p className="if-caption" data-testid="caption">{line}</p>
        <LoadTraceButton />
      </header>
      <aside className="if-explorer-left" aria-label="Run settings">
        <Controls />
      </aside>
      <main className="if-explorer-centre">
        <Notices />
        <ErrorPanel />
        {problem?.question && <p className="if-tree-question" data-testid="tree-question" title={problem.question}>{problem.question}</p>}
        <TreeCanvasView />
        <div className="if-explorer-legend">
          <Legend />
        </div>
      </main>
      <aside className="if-explorer-right" aria-label="Inspector">
        <Inspector />
        <VotePanel />
      </aside>
      <footer className="if-explorer-foot">
        <Timeline />
      </footer>
    </BundleDropZone>
  );
}
