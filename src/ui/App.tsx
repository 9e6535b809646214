/** Placeholder page: the views arrive with the Explorer, Scaling and Compare issues. */
export function App() {
  return (
    <main className="placeholder">
      <h1>Inference Frontier</h1>
      <p>
        Inference-time search strategies (greedy, majority voting, best-of-N, weighted voting, beam
        search, MCTS and REBASE) on a built-in simulated world. The engine runs; the views are on their way.
      </p>
    </main>
  );
}
