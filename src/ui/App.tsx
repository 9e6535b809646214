/**
 * Placeholder page until the Explorer and Scaling views land: it runs a small sweep of the seven
 * strategies on the built-in simulated world (in the page, a fraction of a second) and shows
 * accuracy and FLOPs per question, so a fresh open proves the engine works in the browser.
 */
import { useEffect, useState } from 'react';
import { conventionLabel, formatFlops, PAPER_CONVENTION } from '../search/compute';
import { SWEEP_STRATEGIES } from '../search/strategies/index';
import { runUnit, splitSweep } from '../search/sweep';
import { summarize, type SweepPoint } from '../search/sweep-summary';
import { defaultProblemSet, SimBackend } from '../sim/index';

const MODEL = 'sim-7B';
const BUDGET = 16;
const PROBLEMS = 40;

async function smallSweep(): Promise<SweepPoint[]> {
  const all = defaultProblemSet();
  const problems = Array.from({ length: PROBLEMS }, (_, i) => all[(i % 5) * 100 + Math.floor(i / 5)]);
  const backend = new SimBackend({ policy: MODEL, prm: 'default' });
  const units = splitSweep({ models: [MODEL], strategies: [...SWEEP_STRATEGIES], budgets: [BUDGET], problems, seeds: [0], subsample: true }, 10);
  const cells = [];
  for (const unit of units) {
    cells.push(...(await runUnit(unit, () => backend)));
    await new Promise((r) => setTimeout(r, 0)); // keep the page responsive between chunks
  }
  return summarize(cells);
}

export function App() {
  const [points, setPoints] = useState<SweepPoint[] | null>(null);
  useEffect(() => {
    let live = true;
    smallSweep().then((p) => live && setPoints(p));
    return () => {
      live = false;
    };
  }, []);
  return (
    <main className="placeholder">
      <h1>Inference Frontier</h1>
      <p>
        Inference-time search strategies on a built-in <strong>simulated</strong> world. The tree Explorer,
        the live Pareto chart and the presenter mode are on their way; meanwhile, here is the engine at work.
      </p>
      <h2>
        {MODEL}, n = {BUDGET}, {PROBLEMS} simulated problems (levels 1–5)
      </h2>
      {points ? (
        <table aria-label="strategy results">
          <thead>
            <tr>
              <th scope="col">strategy</th>
              <th scope="col">accuracy (95% interval)</th>
              <th scope="col">FLOPs per question</th>
            </tr>
          </thead>
          <tbody>
            {SWEEP_STRATEGIES.map((s) => {
              const p = points.find((q) => q.strategy === s);
              if (!p) return null;
              return (
                <tr key={s} data-strategy={s}>
                  <td>{s}{s === 'greedy' ? ' (n = 1)' : s === 'mcts' ? ` (${8 * BUDGET} nodes)` : ''}</td>
                  <td>
                    {(p.accuracy * 100).toFixed(0)}% ({(p.lo * 100).toFixed(0)}–{(p.hi * 100).toFixed(0)})
                  </td>
                  <td>{formatFlops(p.flops)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p role="status">Running the strategies…</p>
      )}
      <p className="note">{conventionLabel(PAPER_CONVENTION)}. Sampling strategies vote over one pool of {BUDGET} solutions per problem.</p>
    </main>
  );
}
