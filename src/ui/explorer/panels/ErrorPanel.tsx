/**
 * A trace that could not be loaded: what failed, and where in the file (the JSON path). The view
 * behind it stays as it was; Dismiss closes the panel.
 */
import { explorer } from '../../../state/explorer-actions';
import { selectLoadError, useExplorer } from '../../../state/explorer-store';

const PATH = /^(?:[A-Za-z_$][\w$-]*|\[\d+\])(?:\.[A-Za-z_$][\w$-]*|\[\d+\]|\["[^"]*"\])*$/;

/**
 * Finds the JSON path in a detail such as `my.trace.json: pools[0].nodes[3].reward: must be …`:
 * the last of the leading `segment: ` prefixes that reads as a path (so a file name before it
 * stays plain text). Null when the detail starts with no path.
 */
export function splitJsonPath(detail: string): { prefix: string; path: string; message: string } | null {
  const parts = detail.split(': ');
  let last = -1;
  for (let i = 0; i < parts.length - 1 && PATH.test(parts[i]); i++) last = i;
  if (last < 0) return null;
  const prefix = parts.slice(0, last).map((p) => `${p}: `).join('');
  return { prefix, path: parts[last], message: parts.slice(last + 1).join(': ') };
}

/** Shows `store.loadError` (role="alert"), or nothing. No props. */
export function ErrorPanel() {
  const error = useExplorer(selectLoadError);
  if (!error) return null;
  const split = splitJsonPath(error.detail);
  return (
    <div className="if-error" role="alert">
      <h2 className="if-error-title">{error.title}</h2>
      <pre className="if-error-detail">
        {split ? (
          <>
            {split.prefix}
            <span className="if-json-path" title="where in the file">{split.path}</span>: {split.message}
          </>
        ) : (
          error.detail
        )}
      </pre>
      <button type="button" className="if-btn" onClick={() => explorer.dismissLoadError()}>
        Dismiss
      </button>
    </div>
  );
}
