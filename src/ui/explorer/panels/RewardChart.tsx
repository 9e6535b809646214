/**
 * The PRM reward of each step along a path, as a small SVG line chart (d3 scales, React DOM).
 */
import { line, scaleLinear } from 'd3';
import { formatReward } from './format';
import { rewardColor } from './reward-color';

const W = 300;
const H = 120;
const M = { top: 10, right: 12, bottom: 30, left: 44 };

export interface RewardChartProps {
  /** Reward of step 1, 2, … along the path; null = not scored. */
  rewards: readonly (number | null)[];
}

/**
 * Reward per step on a fixed 0–1 axis; unscored steps leave a gap. The last point (the node
 * being inspected) is drawn larger. The chart's text alternative lists the values.
 */
export function RewardChart({ rewards }: RewardChartProps) {
  const n = rewards.length;
  const x = scaleLinear().domain([1, Math.max(2, n)]).range([M.left, W - M.right]);
  const y = scaleLinear().domain([0, 1]).range([H - M.bottom, M.top]);
  const path = line<number | null>()
    .defined((r) => r !== null)
    .x((_, i) => x(i + 1))
    .y((r) => y(r ?? 0))(rewards as (number | null)[]);
  const summary = `PRM reward per step along the path: ${rewards.map((r, i) => `step ${i + 1} ${formatReward(r)}`).join(', ')}`;
  const xTicks = n <= 8 ? rewards.map((_, i) => i + 1) : x.ticks(6).filter(Number.isInteger);
  return (
    <figure className="if-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} className="if-chart-svg">
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="if-chart-grid" />
            <text x={M.left - 6} y={y(t)} dy="0.35em" textAnchor="end" className="if-chart-tick">{t}</text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={t} x={x(t)} y={H - M.bottom + 16} textAnchor="middle" className="if-chart-tick">{t}</text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 2} textAnchor="middle" className="if-chart-label">step</text>
        <text transform={`translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="if-chart-label">reward</text>
        {path && <path d={path} className="if-chart-line" />}
        {rewards.map((r, i) =>
          r === null ? null : (
            <circle key={i} cx={x(i + 1)} cy={y(r)} r={i === n - 1 ? 6 : 4} fill={rewardColor(r)} className="if-chart-dot" />
          ),
        )}
      </svg>
      <figcaption className="if-muted">PRM reward (0–1) of each step on the path</figcaption>
    </figure>
  );
}
