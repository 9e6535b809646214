/**
 * Cost axes besides FLOPs (issue 14): dollars from a price per generated token that the user
 * enters per model. The points are re-costed, not re-run: a dollar axis is the points with
 * `flops` replaced by mean generated tokens per question × the model's price, so the planner, the
 * fits and the savings work on it unchanged. Prompt tokens are not charged (as the paper's FLOPs
 * do not count them). Pure.
 */
import type { SweepPoint } from './sweep-summary';

/** USD per million generated tokens, by model id. */
export type TokenPrices = Readonly<Record<string, number>>;

/** Dollars per question of a point: mean generated tokens × the model's price per token. NaN without a price. */
export function dollarsPerQuestion(p: Pick<SweepPoint, 'model' | 'tokens'>, prices: TokenPrices): number {
  const perMillion = prices[p.model];
  return perMillion === undefined || !(perMillion >= 0) ? NaN : (p.tokens * perMillion) / 1e6;
}

/** The points with their cost (`flops`) replaced by dollars per question; points of an unpriced model get NaN (and are skipped by the planner). */
export function priceAxis(points: readonly SweepPoint[], prices: TokenPrices): SweepPoint[] {
  return points.map((p) => ({ ...p, flops: dollarsPerQuestion(p, prices) }));
}

/**
 * Prices from "model=price,model=price" (USD per million generated tokens). Throws an Error
 * naming the bad item.
 */
export function parsePrices(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(.+?)=(.+)$/.exec(item);
    const v = m ? Number(m[2]) : NaN;
    if (!m || m[2].trim() === '' || !Number.isFinite(v) || v < 0) throw new Error(`"${item}" is not model=price (USD per million generated tokens, e.g. sim-7B=0.2)`);
    out[m[1].trim()] = v;
  }
  return out;
}
