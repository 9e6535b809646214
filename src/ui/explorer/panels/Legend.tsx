/**
 * The tree's legend: the PRM reward colour scale and the marks the canvas draws, drawn with the
 * canvas's own colours and sizes (src/viz/colors.ts, frame.ts, tree-draw.ts) so the two match.
 */
import type { ReactNode } from 'react';
import type { PlaybackNode } from '../../../search/playback';
import type { StrategyName } from '../../../search/strategies/index';
import { selectParams, useExplorer } from '../../../state/explorer-store';
import { MARKS, palette, rewardColor, rewardLegend, type MarkStyle } from '../../../viz/colors';
import { NODE_R, nodeRadius } from '../../../viz/frame';
import { FADED } from '../../../viz/tree-draw';

const LEGEND = rewardLegend();
const PAL = palette('light');
const GRADIENT = `linear-gradient(to right, ${LEGEND.stops.map((s) => `${s.color} ${(s.offset * 100).toFixed(0)}%`).join(', ')})`;
const MID = rewardColor(0.7);
const S = 30;
const C = S / 2;

/** MCTS sizes with the canvas's own radii (5, 9 and 13 px at zoom 1 for N = 0, 4, 16), side by side. */
const MCTS_KEY = (() => {
  const circles: { cx: number; r: number }[] = [];
  let x = 1;
  for (const N of [0, 4, 16]) {
    const r = nodeRadius({ N } as PlaybackNode, true);
    circles.push({ cx: x + r, r });
    x += 2 * r + 3;
  }
  return { circles, width: Math.ceil(x) };
})();

function Key({ icon, children, width = S }: { icon: ReactNode; children: ReactNode; width?: number }) {
  return (
    <li className="if-key">
      <svg width={width} height={S} viewBox={`0 0 ${width} ${S}`} aria-hidden="true" focusable="false">{icon}</svg>
      <span>{children}</span>
    </li>
  );
}

const node = (r = NODE_R, opacity = 1) => <circle cx={C} cy={C} r={r} fill={MID} stroke={PAL.nodeStroke} strokeWidth={1} opacity={opacity} />;

function badge(m: MarkStyle) {
  return (
    <>
      <circle cx={C} cy={C} r={9} fill={m.color} />
      <text x={C} y={C} dy="0.35em" textAnchor="middle" fill="#fff" fontSize={13} fontWeight={700}>{m.glyph}</text>
    </>
  );
}

function StrategyKeys({ strategy }: { strategy: StrategyName }) {
  if (strategy === 'rebase') {
    return (
      <>
        <Key icon={<rect x={3} y={C - 3} width={24} height={6} fill={PAL.widthBar} />}>bar: children allocated (width)</Key>
        <Key icon={<rect x={3} y={C - 3} width={14} height={6} fill={PAL.weightBar} />}>bar: softmax weight</Key>
      </>
    );
  }
  if (strategy === 'mcts') {
    return (
      <>
        <Key width={MCTS_KEY.width} icon={<>{MCTS_KEY.circles.map(({ cx, r }) => <circle key={r} cx={cx} cy={C} r={r} fill={MID} stroke={PAL.nodeStroke} />)}</>}>size = visits N (0, 4, 16)</Key>
        <Key icon={<path d={`M4 ${S - 4}L${C} ${C}L${S - 4} 4`} stroke={PAL.selectPath} strokeWidth={3} fill="none" />}>latest UCT selection path</Key>
        <Key icon={<path d={`M4 ${S - 4}L${C} ${C}L${S - 4} 4`} stroke={PAL.backup} strokeWidth={3} fill="none" />}>latest back-up</Key>
      </>
    );
  }
  if (strategy === 'beam') {
    return <Key icon={<>{node()}<circle cx={C} cy={C} r={NODE_R + 3.5} fill="none" stroke={PAL.fg} strokeWidth={2} /></>}>solid ring: kept in the beam</Key>;
  }
  return null;
}

/**
 * The reward gradient (0 → 1, "PRM reward"), the unscored grey, the ✓ / ✗ answer badges, faded
 * pruned nodes and dashed frontier rings, plus the keys of the strategy in use (REBASE width and
 * weight bars, MCTS size = visits and its path colours, beam's kept ring). No props.
 */
export function Legend() {
  const { spec } = useExplorer(selectParams);
  return (
    <section className="if-panel if-legend" aria-label="Legend">
      <div className="if-legend-scale">
        <span className="if-legend-title">{LEGEND.title}</span>
        <div className="if-gradient" style={{ background: GRADIENT }} role="img" aria-label="colour scale from 0 (dark purple) to 1 (yellow-green)" />
        <div className="if-gradient-ticks" aria-hidden="true">
          {LEGEND.ticks.map((t) => (
            <span key={t.reward} style={{ left: `${t.offset * 100}%` }}>{t.label}</span>
          ))}
        </div>
      </div>
      <ul className="if-keys">
        <Key icon={<circle cx={C} cy={C} r={NODE_R} fill={LEGEND.unscored.color} stroke={PAL.nodeStroke} />}>{LEGEND.unscored.label}</Key>
        <Key icon={badge(MARKS.correct)}>correct answer</Key>
        <Key icon={badge(MARKS.wrong)}>wrong answer</Key>
        <Key icon={node(NODE_R, FADED)}>pruned (faded)</Key>
        <Key icon={<>{node()}<circle cx={C} cy={C} r={NODE_R + 3.5} fill="none" stroke={PAL.fg} strokeWidth={2} strokeDasharray="4 3" /></>}>dashed ring: frontier (may grow)</Key>
        <StrategyKeys strategy={spec.name} />
      </ul>
    </section>
  );
}
