/**
 * How a sim model is named to a user. sim-7B and sim-34B are calibrated to the paper's measured
 * Llemma-7B and Llemma-34B; sim-410M and sim-1.4B have no measured target and only extrapolate the
 * sim's size power law, so every place that shows them says "hypothetical" (issue 11). Ids stay
 * as they are, so links keep working; only what is shown changes.
 */
import { SIM_MODELS } from './models';

/** The tag shown after a hypothetical model's id. */
export const HYPOTHETICAL_TAG = 'hypothetical';

/** One sentence that says what the tag means (hints, legends, CLI help). */
export const HYPOTHETICAL_NOTE =
  'hypothetical: extrapolated along the sim\'s size power law; no model of that size was measured on this task';

const HYPOTHETICAL: ReadonlySet<string> = new Set(SIM_MODELS.filter((m) => m.target === null).map((m) => m.id));

/** The hypothetical sim models, smallest first. */
export const HYPOTHETICAL_MODELS: readonly string[] = SIM_MODELS.filter((m) => m.target === null).map((m) => m.id);

/** Whether `id` is a sim model with no measured target (sim-410M, sim-1.4B). */
export function isHypotheticalModel(id: string): boolean {
  return HYPOTHETICAL.has(id);
}

/** A model's display label: `sim-1.4B (hypothetical)` for the hypothetical ones, else the id. */
export function modelLabel(id: string): string {
  return isHypotheticalModel(id) ? `${id} (${HYPOTHETICAL_TAG})` : id;
}

/**
 * One line for a legend or a caption when `ids` include hypothetical models, naming them; '' when
 * none does. `short`: the sentence of a compact legend (the Stage at 720p, presenter scenes).
 */
export function hypotheticalNote(ids: readonly string[], short = false): string {
  const shown = HYPOTHETICAL_MODELS.filter((m) => ids.includes(m));
  if (!shown.length) return '';
  return `${shown.join(', ')}: ${short ? 'hypothetical: extrapolated, not measured' : HYPOTHETICAL_NOTE}.`;
}
