/**
 * The command line: `npm run cli -- <command> [options]`. Every bad argument or file gives one
 * clear line on stderr and exit code 2, never a stack trace.
 */
import { UsageError } from './args';
import { grade, gradeHelp } from './commands/grade';
import { run, runHelp } from './commands/run';
import { sweep, sweepHelp } from './commands/sweep';
import { plan, planHelp } from './commands/plan';
import { exportSim, exportSimHelp } from './commands/export-sim';
import { importCommand, importHelp } from './commands/import';
import { serveSim, serveSimHelp } from './commands/serve-sim';
import { record, recordHelp } from './commands/record';

const commands: Record<string, { help: string; main: (argv: string[], out: (s: string) => void) => void | Promise<void> }> = {
  run: { help: runHelp, main: run },
  sweep: { help: sweepHelp, main: sweep },
  grade: { help: gradeHelp, main: grade },
  'export-sim': { help: exportSimHelp, main: exportSim },
  import: { help: importHelp, main: importCommand },
  'serve-sim': { help: serveSimHelp, main: serveSim },
  record: { help: recordHelp, main: (argv, out) => record(argv, out) },
  plan: { help: planHelp, main: plan },
};

const usage = `Usage: npm run cli -- <command> [options]

Commands:
  run         run one strategy on problems from the sim or a trace bundle (JSON out)
  sweep       models × strategies × budgets × problems × seeds: accuracy and FLOPs per question
  plan        the best model × strategy × n at a FLOPs budget per question, and fitted scaling laws
  grade       check an answer against a gold answer (prints true/false)
  export-sim  record sim runs into trace bundles (the shipped fixtures)
  import      turn another tool's search output (REBASE, OpenR, PRM800K, …) into a trace bundle
  serve-sim   serve the sim over vLLM's HTTP API (completions, PRM) for demos and tests
  record      run a strategy grid against a live server into a trace bundle (resumable, sharded)

Run "npm run cli -- <command> --help" for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(s + '\n');
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(usage);
    return 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(commands).join(', ')})`);
  await command.main(rest, out);
  return 0;
}

/**
 * An error line may quote a user's file: show its control bytes as escapes (\\x1b, \\n) so a
 * binary or ANSI-coloured file cannot garble the terminal or split the one-line message.
 */
function printable(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${printable(e.message)}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`error: ${printable(e instanceof Error ? e.message : String(e))}\n`);
      process.exitCode = 1;
    }
  },
);
