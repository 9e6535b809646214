/**
 * Step-wise prompts for `/v1/completions`: how the question and the steps so far become a prompt,
 * which stop strings end one step, how a whole generated solution splits into steps, and when a
 * step ends the solution. docs/backends.md shows the presets.
 */
import { insideThinking, outsideThinking } from '../search/thinking';
import type { FinishReason } from '../search/types';

/** A serialisable prompt format (it travels to workers and into saved settings). */
export interface PromptFormat {
  /** Text before the first step; `{question}` stands for the question (required). */
  template: string;
  /**
   * How steps are delimited. Without `{k}` it is a separator that ends every step (`"\n\n"`),
   * and the stop string of every step. With `{k}` it is a numbered header that opens step k
   * (`"Step {k}:"`): the prompt for step k ends with header k, and header k+1 is the stop string.
   */
  delimiter: string;
  /** Regular expression (source, matched case-insensitively): a step that matches ends the solution. */
  answerPattern: string;
  /**
   * Further stop strings that end the whole solution, not just a step (e.g. `"\n\nQuestion:"`
   * for few-shot prompts of base models). A step stopped by one of these is terminal.
   */
  endStops?: string[];
}

/** The default answer pattern: a `\boxed{…}`, "The (final) answer is", or GSM8K's `####`. */
export const DEFAULT_ANSWER_PATTERN = '\\\\boxed\\{|\\bthe (final )?answer is|####';

/** Ready-made formats (docs/backends.md). `plain` is the default. */
export const PROMPT_PRESETS = {
  /** A plain base-model prompt; steps are paragraphs. */
  plain: {
    template: 'Question: {question}\nAnswer: Let\'s think step by step.\n\n',
    delimiter: '\n\n',
    answerPattern: DEFAULT_ANSWER_PATTERN,
    endStops: ['\n\nQuestion:'],
  },
  /** Qwen2.5-Math-Instruct's chat template, rendered by hand (as HF search-and-learn does); steps are paragraphs. */
  'qwen-math': {
    template: '<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n<|im_start|>user\n{question}<|im_end|>\n<|im_start|>assistant\n',
    delimiter: '\n\n',
    answerPattern: DEFAULT_ANSWER_PATTERN,
  },
  /** MetaMath's Alpaca prompt with numbered steps, as the official REBASE code samples (stop at the next "Step k"). */
  metamath: {
    template: 'Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\n{question}\n\n### Response: Let\'s think step by step.\n',
    delimiter: 'Step {k}:',
    answerPattern: DEFAULT_ANSWER_PATTERN,
  },
  /**
   * Qwen3 with thinking on: its chat template's generation prompt (`enable_thinking=True` adds
   * nothing), with the math instruction Qwen3's model card recommends; the model opens
   * `<think>` itself. Steps are paragraphs, inside the thoughts too.
   */
  'qwen3-think': {
    template: '<|im_start|>user\n{question}\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n<|im_start|>assistant\n',
    delimiter: '\n\n',
    answerPattern: DEFAULT_ANSWER_PATTERN,
  },
  /** Qwen3 with thinking off: the empty think block `enable_thinking=False` renders, then the answer. */
  'qwen3-no-think': {
    template: '<|im_start|>user\n{question}\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n',
    delimiter: '\n\n',
    answerPattern: DEFAULT_ANSWER_PATTERN,
  },
  /**
   * DeepSeek-R1 distills (R1-Distill-Qwen/Llama): the R1 chat template's user and assistant tags
   * with the model card's math instruction (the server adds the BOS token); the model opens
   * `<think>`. No system prompt, as the card advises.
   */
  r1: {
    template: '<｜User｜>{question}\nPlease reason step by step, and put your final answer within \\boxed{}.<｜Assistant｜>',
    delimiter: '\n\n',
    answerPattern: DEFAULT_ANSWER_PATTERN,
  },
} as const satisfies Record<string, PromptFormat>;

export type PromptPreset = keyof typeof PROMPT_PRESETS;
export const DEFAULT_FORMAT: PromptFormat = PROMPT_PRESETS.plain;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A prompt as the dialects need it (see {@link StepFormat.parts}). */
export interface PromptParts {
  text: string;
  question: string;
  prefix: string;
}

/** A validated {@link PromptFormat} with the operations the policy needs. */
export class StepFormat {
  readonly numbered: boolean;
  readonly endStops: readonly string[];
  private readonly answer: RegExp;
  private readonly headerRe: RegExp | null;

  constructor(readonly format: PromptFormat = DEFAULT_FORMAT) {
    if (!format.template.includes('{question}')) throw new Error('prompt template: must contain {question}');
    if (format.delimiter === '') throw new Error('step delimiter: must not be empty');
    try {
      this.answer = new RegExp(format.answerPattern, 'i');
    } catch (err) {
      throw new Error(`answer pattern: not a valid regular expression (${(err as Error).message})`, { cause: err });
    }
    this.numbered = format.delimiter.includes('{k}');
    this.headerRe = this.numbered ? new RegExp(format.delimiter.split('{k}').map(escapeRegExp).join('\\d+')) : null;
    this.endStops = (format.endStops ?? []).filter((s) => s !== '');
  }

  /** The header of step k (numbered formats), e.g. "Step 3:". */
  header(k: number): string {
    return this.format.delimiter.split('{k}').join(String(k));
  }

  /** The prompt for the next step after `steps` (the question alone when `steps` is empty). */
  prompt(question: string, steps: readonly string[]): string {
    return this.parts(question, steps).text;
  }

  /**
   * The prompt in its parts: the whole raw prompt (`text`, for the raw-prompt dialects), and the
   * question with the solution so far (`prefix`: the steps with their delimiters, ending where
   * the next step begins — what the chat dialect sends as the assistant message to continue).
   */
  parts(question: string, steps: readonly string[]): PromptParts {
    let prefix = '';
    if (this.numbered) {
      for (let i = 0; i < steps.length; i++) prefix += this.header(i + 1) + steps[i];
      prefix += this.header(steps.length + 1);
    } else {
      for (const s of steps) prefix += s + this.format.delimiter;
    }
    return { text: this.format.template.split('{question}').join(question) + prefix, question, prefix };
  }

  /** Stop strings while generating step k (1-based); `wholeSolution` = no step stop. */
  stops(k: number, wholeSolution = false): string[] {
    const step = wholeSolution ? [] : [this.numbered ? this.header(k + 1) : this.format.delimiter];
    return [...step, ...this.endStops];
  }

  /** Split a generated whole solution into step texts (delimiters removed; empty tail dropped). */
  split(text: string): string[] {
    const parts = this.headerRe ? text.split(new RegExp(this.headerRe.source, 'g')) : text.split(this.format.delimiter);
    while (parts.length > 1 && parts[parts.length - 1].trim() === '') parts.pop();
    return parts;
  }

  /** Re-join steps as the model wrote them (the inverse of `split` for steps 1..n). */
  join(steps: readonly string[], firstK: number): string {
    if (!this.numbered) return steps.join(this.format.delimiter);
    return steps.map((s, i) => (i === 0 ? s : this.header(firstK + i) + s)).join('');
  }

  /**
   * Whether a step states the final answer. A reasoning model's thoughts do not end the solution:
   * while a `<think>` block (opened by the template or the steps `before`) is open, only the text
   * after this step's `</think>` can state the answer, so "so the answer is 5" mid-thought keeps
   * the search going.
   */
  isFinal(text: string, before: readonly string[] = []): boolean {
    return this.answer.test(outsideThinking(text, insideThinking(`${this.format.template}${before.join('\n')}`)));
  }
}

/** How one choice ended, in the engine's terms, and its text without a stop string the server left in. */
export interface ChoiceEnd {
  finishReason: FinishReason;
  /** The solution ended here (EOS, a stop token, or one of the format's end stops). */
  endsSolution: boolean;
  text: string;
}

/**
 * Read `finish_reason` / `stop_reason` (backend-protocols.md A1; TGI's `eos_token` and
 * `stop_sequence`). vLLM says which stop fired: null = EOS, a number = a stop token (the model's
 * extra EOS ids), a string = that stop string. Servers that do not report `stop_reason`
 * (llama.cpp, Ollama) cannot tell EOS from a stop string: a stop with text is taken as a step
 * stop, an empty one as the end of the solution. Returns a string describing the problem when
 * the choice is not usable.
 */
export function choiceEnd(
  choice: { text: string; finish_reason?: string | null; stop_reason?: string | number | null },
  stops: readonly string[],
  endStops: readonly string[],
): ChoiceEnd | string {
  const fr = choice.finish_reason;
  let text = choice.text;
  const sr = choice.stop_reason;
  const trimStop = (s: string): void => {
    if (s !== '' && text.endsWith(s)) text = text.slice(0, text.length - s.length);
  };
  switch (fr) {
    case 'length':
      return { finishReason: 'length', endsSolution: false, text };
    case 'eos_token':
    case 'eos':
      return { finishReason: 'eos', endsSolution: true, text };
    case 'stop_sequence':
    case 'stop': {
      if (sr === null || typeof sr === 'number' || (fr === 'stop' && sr === undefined && text === '')) {
        return { finishReason: 'eos', endsSolution: true, text };
      }
      if (typeof sr === 'string') {
        trimStop(sr);
        if (endStops.includes(sr)) return { finishReason: 'eos', endsSolution: true, text };
        return { finishReason: 'stop', endsSolution: false, text };
      }
      for (const s of [...stops, ...endStops]) {
        if (s !== '' && text.endsWith(s)) {
          trimStop(s);
          return { finishReason: endStops.includes(s) ? 'eos' : 'stop', endsSolution: endStops.includes(s), text };
        }
      }
      return { finishReason: 'stop', endsSolution: false, text };
    }
    case 'abort':
      return 'finish_reason is "abort" (the server aborted the sample)';
    case null:
    case undefined:
      return 'finish_reason: is missing';
    default:
      return `finish_reason: must be stop, length, eos_token or stop_sequence (got ${JSON.stringify(fr)})`;
  }
}
