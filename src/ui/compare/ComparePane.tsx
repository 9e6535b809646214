/**
 * One pane of the Compare view: the Explorer's tree canvas controller (src/viz/tree-canvas.ts)
 * fed with the pane's Playback, outside React (subscribe), plus its summary row.
 */
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { formatFlops } from '../../search/compute';
import { describeSpec, STRATEGY_NAMES, type StrategyName, type StrategySpec } from '../../search/strategies/index';
import { simProblem } from '../../sim/index';
import { compare, comparePlaybacks, comparePolicyParams } from '../../state/compare-actions';
import { useCompare, type CompareState } from '../../state/compare-store';
import { formatPane } from '../../state/compare-url';
import { summarize } from '../../state/compare-timeline';
import { createTreeCanvas, type Camera, type CameraMode, type TreeCanvas, type TreeScene } from '../../viz/tree-canvas';
import { FollowToggle } from '../common/FollowToggle';
import type { Orientation } from '../../viz/layout';
import { formatInt } from '../explorer/panels/format';
import { useTextRevision } from './use-text-revision';

/** The mounted panes' canvas controllers, by pane index (sync zoom goes through it). */
const controllers = new Map<number, TreeCanvas>();

/** Show `cam` in every pane but `from` (sync zoom). */
function broadcastCamera(from: number, cam: Camera): void {
  if (!useCompare.getState().sync) return;
  for (const [i, tc] of controllers) if (i !== from) tc.setCamera(cam);
}

/** The canvas controller of pane i, when mounted (the test hook reads its frame stats). */
export function paneCanvas(i: number): TreeCanvas | undefined {
  return controllers.get(i);
}

/** Fit every pane's tree (and keep fitting it as it grows). */
export function fitAllPanes(): void {
  for (const tc of controllers.values()) tc.fit();
}

function sceneOf(i: number, s: CompareState, local: { hover: number | null; selection: number | null }, orientation: Orientation): TreeScene | null {
  const pb = comparePlaybacks()[i];
  const pane = s.panes[i];
  if (!pb || !pane) return null;
  return {
    playback: pb, revision: s.revision, orientation, selection: local.selection, hover: local.hover,
    strategy: pane.spec.name, question: simProblem(s.setup.problemId).question, reducedMotion: false,
  };
}

function PaneCanvas({ index, orientation, setMode }: { index: number; orientation: Orientation; setMode(m: CameraMode): void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const local = { hover: null as number | null, selection: null as number | null };
    const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
    let controller: TreeCanvas | null = null;
    const push = (): void => {
      const scene = sceneOf(index, useCompare.getState(), local, orientation);
      if (scene && controller) controller.update({ ...scene, reducedMotion: motion.matches });
    };
    controller = createTreeCanvas(ref.current!, {
      onHover: (id) => { local.hover = id; push(); },
      onSelect: (id) => { local.selection = id; push(); },
      onCamera: (cam) => broadcastCamera(index, cam),
      onMode: setMode,
    });
    setMode(controller.mode());
    controllers.set(index, controller);
    push();
    const unsubscribe = useCompare.subscribe((next, prev) => {
      if (next.revision !== prev.revision || next.panes[index]?.spec !== prev.panes[index]?.spec) {
        if (next.panes[index]?.spec !== prev.panes[index]?.spec) local.selection = null;
        push();
      }
    });
    return () => {
      unsubscribe();
      controller?.destroy();
      if (controllers.get(index) === controller) controllers.delete(index);
    };
  }, [index, orientation, setMode]);
  return <canvas ref={ref} data-testid={`compare-canvas-${index}`} />;
}

/** The pane's Fit/Follow toggle (in its header, so it never covers the tree). */
function PaneFollow({ index, mode, name }: { index: number; mode: CameraMode; name: string }) {
  const tc = () => controllers.get(index);
  return <FollowToggle mode={mode} testId={`follow-${index}`} name={name} onFollow={() => tc()?.fit()} onFree={() => { const c = tc(); if (c) c.setCamera(c.camera()); }} />;
}

export interface ComparePaneProps {
  index: number;
  /** Replaces the strategy select (the Stage picks a sweep strategy at its budget). */
  picker?: ReactNode;
  /** More controls at the end of the pane's header (the Stage's maximise button). */
  headExtra?: ReactNode;
  /** Emphasised (the Stage: its curve is hovered on the chart). */
  highlighted?: boolean;
  /** A colour band on the header (the Stage: the strategy's colour on the chart). */
  accent?: string;
  /** Tree direction (default top-down). */
  orientation?: Orientation;
}

/** A pane: strategy picker, the tree, and its summary at the playhead. */
export function ComparePane({ index, picker, headExtra, highlighted = false, accent, orientation = 'tb' }: ComparePaneProps) {
  const pane = useCompare((s) => s.panes[index]);
  useTextRevision(); // re-render the summary when the tree changes (~10 Hz while playing)
  const count = useCompare((s) => s.panes.length);
  const [mode, setMode] = useState<CameraMode>('follow');
  const pb = comparePlaybacks()[index];
  if (!pane || !pb) return null;
  const sum = summarize(pb, comparePolicyParams());
  const label = describeSpec(pane.spec);
  return (
    <section className={`if-cmp-pane${highlighted ? ' if-cmp-pane-hot' : ''}`} aria-label={`Pane ${index + 1}: ${label}`} data-testid={`compare-pane-${index}`}
      data-highlighted={highlighted ? '1' : undefined} style={accent ? { borderTop: `5px solid ${accent}` } : undefined}>
      <header className="if-cmp-pane-head">
        {picker ?? (
          <select
            className="if-select" aria-label={`Strategy of pane ${index + 1}`} value={pane.spec.name}
            onChange={(e) => compare.setPaneStrategy(index, e.target.value as StrategyName)}
          >
            {STRATEGY_NAMES.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        )}
        <PaneParams key={formatPane(pane.spec)} index={index} text={paramsText(pane.spec)} label={label} />
        {pane.status === 'running' && <span className="if-muted">running…</span>}
        {count > 2 && (
          <button type="button" className="if-btn if-btn-small" aria-label={`Remove pane ${index + 1}`} onClick={() => compare.removePane(index)}>✕</button>
        )}
        <PaneFollow index={index} mode={mode} name={`${label} tree`} />
        {headExtra}
      </header>
      <div className="if-canvas-wrap">
        <PaneCanvas index={index} orientation={orientation} setMode={setMode} />
      </div>
      {pane.note && <p className="if-notice">{pane.note}</p>}
      <dl className="if-cmp-summary" data-testid={`compare-summary-${index}`}>
        <div><dt>{sum.final ? 'Answer' : 'Answer so far'}</dt><dd>{sum.answer ?? '—'}{' '}
          {sum.correct !== null && <span className={sum.correct ? 'if-ok' : 'if-bad'}>{sum.correct ? '✓ correct' : '✗ wrong'}</span>}</dd></div>
        <div><dt>Solutions</dt><dd>{formatInt(sum.solutions)}</dd></div>
        <div><dt>FLOPs</dt><dd data-testid={`compare-flops-${index}`}>{formatFlops(sum.flops)}</dd></div>
        <div><dt>Tokens</dt><dd>{formatInt(sum.tokens)}</dd></div>
        <div title="Tokens of pruned nodes and their descendants × 2 × policy params"><dt>On pruned</dt><dd>{sum.prunedFlops === null ? `${formatInt(sum.prunedTokens)} tok` : formatFlops(sum.prunedFlops)}</dd></div>
      </dl>
    </section>
  );
}

/** The parameters part of a pane's URL text (`width=16,preset=official`). */
function paramsText(spec: StrategySpec): string {
  const text = formatPane(spec);
  const colon = text.indexOf(':');
  return colon < 0 ? '' : text.slice(colon + 1);
}

/** A pane's parameters as editable text (the URL's syntax), applied on Enter or blur. */
function PaneParams({ index, text, label }: { index: number; text: string; label: string }) {
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string | null>(null);
  const apply = () => setError(draft.trim() === text ? null : compare.setPaneParams(index, draft));
  return (
    <span className="if-cmp-pane-params" style={{ '--chars': Math.max(6, draft.length) } as CSSProperties}>
      <input
        className="if-input" value={draft} spellCheck={false} autoComplete="off" title={error ?? `${label} — edit the parameters, e.g. width=32,preset=paper; Enter applies`}
        aria-label={`Parameters of pane ${index + 1}`} aria-invalid={error ? true : undefined}
        onChange={(e) => setDraft(e.currentTarget.value)} onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
          if (e.key === 'Escape') { setDraft(text); setError(null); }
        }}
      />
      {error && <span className="if-field-error" role="alert">{error}</span>}
    </span>
  );
}
