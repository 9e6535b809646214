/**
 * The Pareto frontier of accuracy against FLOPs (design.md §9), over all model × strategy curves.
 * A point is dominated when another has at least its accuracy at no more FLOPs and is strictly
 * better in one of the two. The frontier is drawn as a step line: the best accuracy reachable with
 * at most x FLOPs.
 */

/** A chart point: `x` = FLOPs per question, `y` = accuracy. Extra fields ride along. */
export interface ParetoPoint {
  x: number;
  y: number;
}

/**
 * The non-dominated points, sorted by x ascending (so y strictly increases along the result).
 * Exact ties (same x and same y) keep one point: the first in input order, so the result is stable
 * for a fixed sweep order. Points with a non-finite x or y (NaN accuracy of an empty cell) are
 * ignored. The input is not modified; the result holds the input's objects.
 */
export function paretoFrontier<T extends ParetoPoint>(points: readonly T[]): T[] {
  const order: number[] = [];
  for (let i = 0; i < points.length; i++) {
    if (Number.isFinite(points[i].x) && Number.isFinite(points[i].y)) order.push(i);
  }
  // Cheapest first; at equal cost the most accurate first; then input order (tie rule).
  order.sort((a, b) => points[a].x - points[b].x || points[b].y - points[a].y || a - b);
  const frontier: T[] = [];
  let best = -Infinity;
  for (const i of order) {
    const p = points[i];
    // Everything earlier costs no more; only a strictly higher accuracy survives.
    if (p.y > best) {
      frontier.push(p);
      best = p.y;
    }
  }
  return frontier;
}

/** Whether `a` dominates `b` (at least as good in both, strictly better in one). */
export function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  return a.x <= b.x && a.y >= b.y && (a.x < b.x || a.y > b.y);
}

/**
 * Vertices of the frontier's step line: from each point, flat to the next point's x, then up to
 * its y — `(x0,y0) (x1,y0) (x1,y1) (x2,y1) (x2,y2) …`. With `xMax` beyond the last point, a final
 * flat segment runs to it (the chart's right edge). Expects `paretoFrontier`'s output.
 */
export function stepLine(frontier: readonly ParetoPoint[], xMax?: number): ParetoPoint[] {
  const out: ParetoPoint[] = [];
  for (let i = 0; i < frontier.length; i++) {
    const p = frontier[i];
    if (i > 0) out.push({ x: p.x, y: frontier[i - 1].y });
    out.push({ x: p.x, y: p.y });
  }
  const last = frontier[frontier.length - 1];
  if (last && xMax !== undefined && xMax > last.x) out.push({ x: xMax, y: last.y });
  return out;
}
