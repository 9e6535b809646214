import { isCorrect } from '../../search/grading';
import { choice, parse, UsageError } from '../args';

export const gradeHelp = `Usage: npm run cli -- grade [--style math|gsm8k] GIVEN GOLD

Prints "true" when the answer GIVEN is equivalent to the gold answer GOLD, else "false".
  --style math    MATH/PRM800K normalisation (default): \\frac{1}{2}, 0.5 and 1/2 agree
  --style gsm8k   the last number, commas, $ and units removed, compared numerically`;

export function grade(argv: string[], out: (s: string) => void): void {
  const { values, positionals } = parse('grade', argv, { style: { type: 'string' } }, true);
  if (values.help) return out(gradeHelp);
  const style = choice('style', values.style as string | undefined, ['math', 'gsm8k'] as const, 'math');
  if (positionals.length !== 2) throw new UsageError(`grade: expected two answers, GIVEN and GOLD (got ${positionals.length})`);
  out(String(isCorrect(positionals[0], positionals[1], style)));
}
