/**
 * The reward colours as the panels use them: the canvas's own scale from src/viz/colors.ts (light
 * theme), so a chip in the inspector matches its node on the canvas.
 */
import { rgb } from 'd3';
import { rewardColor as vizRewardColor } from '../../../viz/colors';

/** Colour of a PRM reward in [0, 1] (the canvas's bucketed viridis); grey when unscored. */
export function rewardColor(r: number | null): string {
  return vizRewardColor(r);
}

const channel = (v: number) => {
  const c = v / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** Black or white, whichever has the higher WCAG contrast on a colour. */
export function inkOn(color: string): '#000' | '#fff' {
  const { r, g, b } = rgb(color);
  const L = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  return (L + 0.05) / 0.05 >= 1.05 / (L + 0.05) ? '#000' : '#fff';
}

/** Text colour for a chip filled with a reward's colour. */
export function rewardInk(r: number | null): '#000' | '#fff' {
  return inkOn(rewardColor(r));
}
