import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serializeBundle } from '../../trace/bundle';
import { choice, intOption, parse, UsageError } from '../args';
import { writeText } from '../io';
import { recordFixtures, recordSimBundle } from '../record-sim';
import { prmSetting, resolveSource, resolveSpec, SIM_MODEL_IDS, sourceHelp, sourceOptions, strategyHelp, strategyOptions } from '../sources';
import { writeFileSync } from 'node:fs';
import type { SimModelId } from '../../sim/index';

export const exportSimHelp = `Usage: npm run cli -- export-sim [options] --out PATH

Records sim runs through a RecordingBackend into a trace bundle (docs/trace-format.md).

  --preset fixtures  write the bundles shipped in fixtures/ into the folder PATH
                     (the same as: npm run fixtures)
  --out PATH         a file (.trace.json, or .trace.json.gz for gzip) or, with --preset, a folder
  --model ID         policy model (default sim-7B)
  --seed N           seed (default 0)
  --no-runs          keep only the pools, not the runs' event logs
${strategyHelp}

${sourceHelp.replace(/^ {2}--(bundle|trace) .*\n/gm, '')}`;

export async function exportSim(argv: string[], out: (s: string) => void): Promise<void> {
  const { values } = parse('export-sim', argv, {
    ...strategyOptions, ...sourceOptions, preset: { type: 'string' }, out: { type: 'string' }, model: { type: 'string' },
    seed: { type: 'string' }, 'no-runs': { type: 'boolean' },
  });
  if (values.help) return out(exportSimHelp);
  if (!values.out) throw new UsageError('export-sim: --out is required (a file, or a folder with --preset fixtures)');
  if (values.bundle || values.trace) throw new UsageError(`export-sim records the sim; --${values.bundle ? 'bundle' : 'trace'} does not apply`);
  if (values.preset !== undefined) {
    choice('preset', values.preset as string, ['fixtures'] as const, 'fixtures');
    const bundles = await recordFixtures();
    for (const [file, bundle] of Object.entries(bundles)) {
      const path = join(values.out as string, file);
      writeText(path, serializeBundle(bundle, { indent: 1 }));
      out(`wrote ${path} (${bundle.pools.reduce((s, p) => s + p.nodes.length, 0)} nodes)`);
    }
    return;
  }
  const model = choice('model', values.model as string | undefined, SIM_MODEL_IDS, 'sim-7B') as SimModelId;
  const source = resolveSource(values, 5);
  const bundle = await recordSimBundle({
    title: `sim ${values.strategy ?? 'rebase'} on ${source.problems.length} problems`, model, prm: prmSetting(values.prm as string | undefined),
    spec: resolveSpec(values), problems: source.problems, seed: intOption('seed', values.seed as string | undefined, 0, 0, 2 ** 32 - 1),
    createdAt: new Date().toISOString(), keepRuns: !values['no-runs'],
  });
  const path = values.out as string;
  const text = serializeBundle(bundle, { indent: 1 });
  if (path.endsWith('.gz')) {
    writeText(path, '');
    writeFileSync(path, gzipSync(text));
  } else writeText(path, text);
  out(`wrote ${path}`);
}
