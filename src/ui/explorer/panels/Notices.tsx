/**
 * One-line notices (an invalid link value that fell back to its default, a trace that did not
 * cover a run …), each dismissible. The list is a polite live region.
 */
import { explorer } from '../../../state/explorer-actions';
import { selectNotices, useExplorer } from '../../../state/explorer-store';

/** Shows `store.notices`; renders an empty live region when there are none, so additions are announced. */
export function Notices() {
  const notices = useExplorer(selectNotices);
  return (
    <div className="if-notices" role="status" aria-live="polite">
      {notices.map((text, i) => (
        <p className="if-notice" key={`${i}:${text}`}>
          <span>{text}</span>
          <button type="button" className="if-btn if-btn-small" aria-label={`Dismiss notice: ${text}`} onClick={() => explorer.dismissNotice(i)}>
            ✕
          </button>
        </p>
      ))}
    </div>
  );
}
