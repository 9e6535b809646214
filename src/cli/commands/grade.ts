import { isCorrect } from '../../search/grading';
import { choice, parse, UsageError } from '../args';

export const gradeHelp = `Usage: npm run cli -- grade [--style math|gsm8k] GIVEN GOLD

Prints "true" when the answer GIVEN is equivalent to the gold answer GOLD, else "false".
Negative numbers are answers (grade -2 -2.0); put answers after -- if one starts like an option.
  --style math    MATH/PRM800K normalisation (default): \\frac{1}{2}, 0.5 and 1/2 agree
  --style gsm8k   the last number, commas, $ and units removed, compared numerically`;

/**
 * Answers may be negative numbers ("-2", "-.5", "-\\frac{1}{2}"): take them as answers, not as
 * unknown options. Everything else goes through the strict parser.
 */
function splitAnswers(argv: string[]): { options: string[]; answers: string[] } {
  const options: string[] = [], answers: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { answers.push(...argv.slice(i + 1)); break; }
    if (/^-[\d.\\]/.test(a) || !a.startsWith('-')) answers.push(a);
    else {
      options.push(a);
      if (a === '--style' && i + 1 < argv.length) options.push(argv[++i]);
    }
  }
  return { options, answers };
}

export function grade(argv: string[], out: (s: string) => void): void {
  const split = splitAnswers(argv);
  const { values } = parse('grade', split.options, { style: { type: 'string' } });
  const positionals = split.answers;
  if (values.help) return out(gradeHelp);
  const style = choice('style', values.style as string | undefined, ['math', 'gsm8k'] as const, 'math');
  if (positionals.length !== 2) throw new UsageError(`grade: expected two answers, GIVEN and GOLD (got ${positionals.length})`);
  out(String(isCorrect(positionals[0], positionals[1], style)));
}
