/**
 * The server's tokenizer: the sim's approximate Llama-style tokenizer (src/sim/tokenizer.ts) cut
 * into pieces with ids, so `/tokenize`, `usage` and `prompt_logprobs` agree with the sim's token
 * counts. On text without PRM tags the piece count equals `countTokens` exactly; the two tags a
 * PRM client looks for are one token each, as in the real tokenizers:
 * - `ки` = 12902 (Math-Shepherd's step tag, a Mistral id), `<extra_0>` = 151651 (Qwen's);
 * - the labels `+` = 648 and `-` = 387 (Math-Shepherd's, the ids clients key prompt logprobs by).
 * Every other piece gets a stable id hashed from its text (≥ 200000, so it never collides with
 * the ids above). Whitespace is folded into the next piece, as BPE folds a leading space — except
 * before a tag, where it is a piece of its own, so a tag always has its one id.
 */
import { hashSeed } from '../../search/rng';

export const TAG_SHEPHERD = 'ки';
export const TAG_QWEN = '<extra_0>';
export const ID_SHEPHERD_TAG = 12902;
export const ID_QWEN_TAG = 151651;
export const ID_PLUS = 648;
export const ID_MINUS = 387;

const SPECIAL: ReadonlyMap<string, number> = new Map([
  [TAG_SHEPHERD, ID_SHEPHERD_TAG], [TAG_QWEN, ID_QWEN_TAG], ['+', ID_PLUS], ['-', ID_MINUS],
]);
const HASHED_BASE = 200_000;
const HASHED_RANGE = 1_000_000_000;
const LETTER_CHUNK = 7;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f);
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

export interface Tokens {
  /** The pieces; joined they give the text back. */
  pieces: string[];
  /** Where each piece starts in the text (its leading whitespace included). */
  starts: number[];
  /** Where each piece's first non-space character is. */
  cores: number[];
}

/** Cut `text` into the sim tokenizer's pieces. */
export function tokenize(text: string): Tokens {
  const pieces: string[] = [];
  const starts: number[] = [];
  const cores: number[] = [];
  const n = text.length;
  let pieceStart = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    let end = i + 1;
    const tag = text.startsWith(TAG_QWEN, i) ? TAG_QWEN : text.startsWith(TAG_SHEPHERD, i) ? TAG_SHEPHERD : null;
    if (tag) {
      end = i + tag.length;
      if (pieceStart < i) {
        pieces.push(text.slice(pieceStart, i));
        starts.push(pieceStart);
        cores.push(pieceStart);
        pieceStart = i;
      }
    } else if (isLetter(c)) {
      while (end < n && end - i < LETTER_CHUNK && isLetter(text.charCodeAt(end))) end++;
    }
    pieces.push(text.slice(pieceStart, end));
    starts.push(pieceStart);
    cores.push(i);
    pieceStart = end;
    i = end;
  }
  // Trailing whitespace has no next piece to fold into: it stays with the last one.
  if (pieceStart < n && pieces.length > 0) pieces[pieces.length - 1] += text.slice(pieceStart);
  return { pieces, starts, cores };
}

/** Number of tokens in `text` (= the sim's `countTokens` on text without PRM tags; a tag is one token, whitespace before it another). */
export function tokenCount(text: string): number {
  return tokenize(text).pieces.length;
}

/** The longest prefix of `text` with at most `max` tokens (whitespace before the next token kept, as the sim does). */
export function truncateToTokens(text: string, max: number): string {
  const t = tokenize(text);
  return t.pieces.length <= max ? text : text.slice(0, t.cores[max]);
}

/** The id of one piece. */
export function pieceId(piece: string): number {
  const special = SPECIAL.get(piece);
  if (special !== undefined) return special;
  return HASHED_BASE + (hashSeed(0x70c3, piece) % HASHED_RANGE);
}

/**
 * Ids back to pieces, for `/detokenize` and token-id prompts: it knows every piece this server
 * has tokenized (bounded; the oldest half is forgotten past the cap) and the special tokens.
 */
export class Vocabulary {
  private readonly pieces = new Map<number, string>([
    [ID_SHEPHERD_TAG, TAG_SHEPHERD], [ID_QWEN_TAG, TAG_QWEN], [ID_PLUS, '+'], [ID_MINUS, '-'],
  ]);

  constructor(private readonly cap = 500_000) {}

  /** Ids of the pieces, remembering each for `decode`. */
  ids(pieces: readonly string[]): number[] {
    return pieces.map((p) => {
      const id = pieceId(p);
      if (id >= HASHED_BASE) {
        if (this.pieces.size >= this.cap) this.forgetOldest();
        this.pieces.set(id, p);
      }
      return id;
    });
  }

  /** Text of ids; null when an id was never produced here. */
  decode(ids: readonly number[]): string | null {
    let out = '';
    for (const id of ids) {
      const p = this.pieces.get(id);
      if (p === undefined) return null;
      out += p;
    }
    return out;
  }

  private forgetOldest(): void {
    let drop = this.pieces.size >> 1;
    for (const id of this.pieces.keys()) {
      if (drop-- <= 0) break;
      if (id >= HASHED_BASE) this.pieces.delete(id);
    }
  }
}
