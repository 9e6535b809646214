import { lab } from 'd3';
import { describe, expect, it } from 'vitest';
import { contrastRatio, CVD_KINDS, deltaE, simulateCvd } from './color-check';
import { bucketColors, MARKS, palette, REWARD_BUCKETS, rewardBucket, rewardColor, rewardLegend, UNSCORED_BUCKET, UNSCORED_COLOR, type Theme } from './colors';

const lightness = (c: string) => lab(c).l;
const simulate = simulateCvd;

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
    for (const kind of CVD_KINDS) {
      const d = deltaE(simulate(MARKS.correct.color, kind), simulate(MARKS.wrong.color, kind));
      expect(d, kind).toBeGreaterThan(25);
    }
  });

  it('stand out from the white tree background on a projector (≥ 4.5:1), as do MCTS path marks', () => {
    for (const c of [MARKS.correct.color, MARKS.wrong.color, MARKS.ungraded.color]) expect(contrastRatio(c, '#ffffff'), c).toBeGreaterThanOrEqual(4.5);
    const p = palette('light');
    for (const c of [p.fg, p.muted, p.selection, p.selectPath, p.backup, p.widthBar]) expect(contrastRatio(c, p.bg), c).toBeGreaterThanOrEqual(4.5);
  });

  it('keep white glyphs readable on their badges', () => {
    for (const mark of [MARKS.correct, MARKS.wrong, MARKS.ungraded]) expect(lightness(mark.color)).toBeLessThan(62);
  });
});
