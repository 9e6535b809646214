/**
 * Reasoning models' thoughts (Qwen3, DeepSeek-R1, QwQ write `<think>…</think>` before the
 * answer): where a text is inside them, what lies outside, and how many of a path's generated
 * tokens were thinking. Pure; shared by the live backend (a thought does not end the solution)
 * and the inspector (the "thinking tokens" count).
 */

export const THINK_OPEN = '<think>';
export const THINK_CLOSE = '</think>';

/** Whether a text ends inside an open `<think>` block: its last `<think>` comes after its last `</think>`. */
export function insideThinking(text: string): boolean {
  return text.lastIndexOf(THINK_OPEN) > text.lastIndexOf(THINK_CLOSE);
}

/** The parts of `text` outside `<think>…</think>` blocks, starting inside one when `open`. */
export function outsideThinking(text: string, open: boolean): string {
  let out = '';
  let at = 0;
  let inside = open;
  for (;;) {
    const tag = inside ? THINK_CLOSE : THINK_OPEN;
    const i = text.indexOf(tag, at);
    if (i < 0) {
      if (!inside) out += text.slice(at);
      return out;
    }
    if (!inside) out += text.slice(at, i);
    at = i + tag.length;
    inside = !inside;
  }
}

export interface ThinkingCount {
  /** Generated tokens inside `<think>…</think>` (a step that opens or closes the block counts by its share of characters). */
  thinking: number;
  /** All generated tokens of the path. */
  total: number;
  /** Whether the path is still inside its thoughts at its last step. */
  open: boolean;
  /** Whether the path thinks at all (a tag was seen, or it started inside a block). */
  seen: boolean;
}

/**
 * Thinking tokens of a path (its steps root first, each with its generated token count). `open`:
 * the prompt already opened `<think>`. A step wholly inside the block counts all its tokens; a
 * step with a tag counts the share of its characters (tags excluded) that lie inside.
 */
export function thinkingTokens(steps: readonly { text: string; tokens: number }[], open = false): ThinkingCount {
  let inside = open;
  let seen = open;
  let thinking = 0, total = 0;
  for (const { text, tokens } of steps) {
    total += tokens;
    if (!text.includes(THINK_OPEN) && !text.includes(THINK_CLOSE)) {
      if (inside) thinking += tokens;
      continue;
    }
    seen = true;
    const out = outsideThinking(text, inside).length;
    const bare = text.split(THINK_OPEN).join('').split(THINK_CLOSE).join('').length;
    if (bare > 0) thinking += tokens * Math.max(0, bare - out) / bare;
    inside = insideThinking(inside ? THINK_OPEN + text : text);
  }
  return { thinking: Math.round(thinking), total, open: inside, seen };
}
