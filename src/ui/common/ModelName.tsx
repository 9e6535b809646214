/**
 * A policy model's name in a caption or header. A hypothetical sim model (sim-410M, sim-1.4B: no
 * measured target, extrapolated) carries a visible "(hypothetical, extrapolated)" tag with the
 * reason on hover (sim/labels.ts); every other model is its id.
 */
import { HYPOTHETICAL_NOTE, isHypotheticalModel } from '../../sim/index';

export function ModelName({ id }: { id: string }) {
  if (!isHypotheticalModel(id)) return <>{id}</>;
  return (
    <span className="if-model-hypothetical" title={`${id}: ${HYPOTHETICAL_NOTE}`} data-testid="model-hypothetical">
      {id} <em>(hypothetical, extrapolated)</em>
    </span>
  );
}
