/**
 * The Fit/Follow state of one tree canvas, as a toggle button: pressed = "Follow" (the camera fits
 * the whole tree and keeps fitting it as it grows); after a pan or zoom it reads "Free" and a press
 * fits and follows again (0 with the tree focused does the same). Pressing it while following
 * leaves the camera where it is, free.
 */
import type { CameraMode } from '../../viz/tree-canvas';

export interface FollowToggleProps {
  mode: CameraMode;
  /** Fit the whole tree and follow it. */
  onFollow(): void;
  /** Stop following; the camera stays where it is. */
  onFree(): void;
  testId?: string;
  /** Names the tree in the accessible label when a view has several ("left tree"). */
  name?: string;
}

export function FollowToggle({ mode, onFollow, onFree, testId, name }: FollowToggleProps) {
  const following = mode === 'follow';
  const what = name ? `the ${name}` : 'the tree';
  return (
    <button
      type="button" className={`if-btn if-btn-small if-follow${following ? ' if-follow-on' : ''}`} aria-pressed={following}
      data-testid={testId} data-mode={mode}
      aria-label={following ? `Follow ${what}: on` : `Follow ${what}: off (free camera)`}
      title={following
        ? 'Follow: the view fits the whole tree as it grows. Drag or scroll to look around freely; press to stop following.'
        : 'Free camera: press (or 0 with the tree focused) to fit the whole tree and follow it again.'}
      onClick={following ? onFree : onFollow}
    >
      <span aria-hidden="true">{following ? '◉' : '○'}</span>
      <span className="if-follow-word">{following ? ' Follow' : ' Free'}</span>
    </button>
  );
}
