import { lab, rgb } from 'd3';
import { describe, expect, it } from 'vitest';
import { bucketColors, MARKS, REWARD_BUCKETS, rewardBucket, rewardColor, rewardLegend, UNSCORED_BUCKET, UNSCORED_COLOR, type Theme } from './colors';

const lightness = (c: string) => lab(c).l;

/** Machado et al. (2009) full-severity dichromacy matrices, applied in linear RGB. */
const CVD: Record<string, number[]> = {
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
};
const toLinear = (v: number) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
const toSrgb = (v: number) => 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);
function simulate(color: string, m: number[]): string {
  const c = rgb(color);
  const [r, g, b] = [toLinear(c.r), toLinear(c.g), toLinear(c.b)];
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return rgb(toSrgb(clamp(m[0] * r + m[1] * g + m[2] * b)), toSrgb(clamp(m[3] * r + m[4] * g + m[5] * b)), toSrgb(clamp(m[6] * r + m[7] * g + m[8] * b))).formatHex();
}
function deltaE(a: string, b: string): number {
  const p = lab(a), q = lab(b);
  return Math.hypot(p.l - q.l, p.a - q.a, p.b - q.b);
}

describe('reward colours', () => {
  it('buckets rewards: 0 → first, 1 → last, out of range clamped, unscored apart', () => {
    expect(rewardBucket(0)).toBe(0);
    expect(rewardBucket(1)).toBe(REWARD_BUCKETS - 1);
    expect(rewardBucket(0.5)).toBe(REWARD_BUCKETS / 2);
    expect(rewardBucket(-3)).toBe(0);
    expect(rewardBucket(7)).toBe(REWARD_BUCKETS - 1);
    expect(rewardBucket(null)).toBe(UNSCORED_BUCKET);
    expect(rewardBucket(NaN)).toBe(UNSCORED_BUCKET);
    expect(rewardColor(null)).toBe(UNSCORED_COLOR);
  });

  for (const theme of ['light', 'dark'] as Theme[]) {
    it(`gets lighter as the reward rises, in visible steps (${theme})`, () => {
      const colors = bucketColors(theme);
      expect(colors).toHaveLength(REWARD_BUCKETS + 1);
      for (let b = 1; b < REWARD_BUCKETS; b++) expect(lightness(colors[b])).toBeGreaterThan(lightness(colors[b - 1]));
      // Low and high reward must read as clearly different on a projector.
      expect(lightness(rewardColor(1, theme)) - lightness(rewardColor(0, theme))).toBeGreaterThan(55);
    });

    it(`keeps unscored grey and hueless, unlike every reward colour (${theme})`, () => {
      const g = lab(UNSCORED_COLOR);
      expect(Math.hypot(g.a, g.b)).toBeLessThan(1);
      for (const c of bucketColors(theme).slice(0, REWARD_BUCKETS)) expect(deltaE(c, UNSCORED_COLOR)).toBeGreaterThan(10);
    });
  }

  it('draws a node with the colour of its bucket, and the legend with the same scale', () => {
    const legend = rewardLegend({ theme: 'dark', stops: 5 });
    expect(legend.stops.map((s) => s.offset)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(legend.ticks.map((t) => t.label)).toEqual(['0', '0.25', '0.5', '0.75', '1']);
    // A bucket's colour is the continuous colour at the bucket's centre, at most half a bucket
    // (≈ 2–4 ΔE) from the legend's gradient: legend and canvas agree.
    for (const s of legend.stops.slice(1, -1)) expect(deltaE(rewardColor(s.offset, 'dark'), s.color)).toBeLessThan(5);
    expect(legend.unscored.color).toBe(UNSCORED_COLOR);
  });
});

describe('correct / wrong markers', () => {
  it('differ in shape, not only in colour', () => {
    expect(MARKS.correct.shape).not.toBe(MARKS.wrong.shape);
    expect(MARKS.correct.glyph).toBe('✓');
    expect(MARKS.wrong.glyph).toBe('✗');
  });

  it('stay apart in colour for viewers with each kind of colour blindness', () => {
    expect(deltaE(MARKS.correct.color, MARKS.wrong.color)).toBeGreaterThan(40);
    for (const [kind, m] of Object.entries(CVD)) {
      const d = deltaE(simulate(MARKS.correct.color, m), simulate(MARKS.wrong.color, m));
      expect(d, kind).toBeGreaterThan(25);
    }
  });

  it('keep white glyphs readable on their badges', () => {
    for (const mark of [MARKS.correct, MARKS.wrong, MARKS.ungraded]) expect(lightness(mark.color)).toBeLessThan(62);
  });
});
