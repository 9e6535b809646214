/**
 * The sim PRM's measured AUROC per quality setting, for the PRM picker's labels. Measured in the
 * search worker (it samples and scores thousands of steps), once per setting per page.
 */
import type { PrmSetting } from '../sim/index';
import { getSearchBridge } from '../workers/bridge';

const measured = new Map<PrmSetting, Promise<number>>();

/** The AUROC of a setting (NaN if it could not be measured). Cached per page. */
export function aurocOf(setting: PrmSetting): Promise<number> {
  let p = measured.get(setting);
  if (!p) {
    p = getSearchBridge().measureAuroc(setting).catch(() => Number.NaN);
    measured.set(setting, p);
  }
  return p;
}
