/**
 * The exports: the chart as SVG and as a 2× PNG (for slides), the points as CSV and the whole
 * sweep (setup, points, cells) as JSON. File names say the preset and the FLOPs convention, so
 * several exports of one talk stay apart.
 */
import { conventionFromId } from '../../search/compute';
import { scaling } from '../../state/scaling-actions';
import { presetOf } from '../../state/scaling-presets';
import { sweepCells } from '../../state/scaling-runner';
import { problemIdsFor } from '../../state/scaling-setup';
import { useScaling } from '../../state/scaling-store';
import { encodeScalingUrl } from '../../state/scaling-url';
import { formatSource } from '../../state/url-values';
import { download, downloadPng, downloadSvg, pointsCsv, sweepJson } from './export';

/** `scaling-default-paper`, `scaling-custom-prefill+prm`. */
function stem(): string {
  const s = useScaling.getState();
  return `scaling-${presetOf(s.setup) ?? 'custom'}-${s.convention}`;
}

function exportJson(): void {
  const s = useScaling.getState();
  const setup = { ...s.setup, source: formatSource(s.setup.source), problemIds: problemIdsFor(s.setup), link: encodeScalingUrl(s) };
  download(`${stem()}.json`, sweepJson(setup, s.points, sweepCells(), { convention: conventionFromId(s.convention) }), 'application/json');
}

export function ExportBar({ svg }: { svg: () => SVGSVGElement | null }) {
  const hasPoints = useScaling((s) => s.points.length > 0);
  const withSvg = (f: (el: SVGSVGElement) => void) => () => {
    const el = svg();
    if (el && hasPoints) f(el);
  };
  const off = !hasPoints || undefined;
  return (
    <div className="if-inline if-export" role="group" aria-label="Export">
      <span className="if-toolbar-label">Export</span>
      <button type="button" className="if-btn" aria-disabled={off} data-testid="export-svg" title="The chart as an SVG file"
        onClick={withSvg((el) => downloadSvg(el, `${stem()}.svg`))}>SVG</button>
      <button type="button" className="if-btn" aria-disabled={off} data-testid="export-png" title="The chart as a PNG at twice its size"
        onClick={withSvg((el) => {
          downloadPng(el, 2, `${stem()}.png`).catch((err: unknown) => scaling.notify(`PNG export failed: ${err instanceof Error ? err.message : String(err)}`));
        })}>PNG 2×</button>
      <button type="button" className="if-btn" aria-disabled={off} data-testid="export-csv" title="One row per point"
        onClick={() => hasPoints && download(`${stem()}.csv`, pointsCsv(useScaling.getState().points, conventionFromId(useScaling.getState().convention)), 'text/csv')}>CSV</button>
      <button type="button" className="if-btn" aria-disabled={off} data-testid="export-json" title="Setup, points and every run's result"
        onClick={() => hasPoints && exportJson()}>JSON</button>
    </div>
  );
}
