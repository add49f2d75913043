#!/usr/bin/env node
/**
 * linesim CLI entry. Each verb lives in its own module exporting `register(program)`,
 * loaded only when the command line names it (verbs.ts). bin/linesim.js runs the
 * compiled copy of this file (dist/cli/main.js) in its own process; `npm run linesim`
 * runs this TypeScript through tsx.
 * Input errors print one line and exit 2; anything else is a bug and shows its stack.
 */
import '../util/v8-tuning.ts'; // first: inlining budget for the simulator's hot loop
import { Command, CommanderError } from 'commander';
import { InputError, EXIT_INPUT_ERROR, formatInputError, fsErrorToInputError, oneLine } from '../util/errors.ts';
import { installSignalHandlers } from './signals.ts';

export { installSignalHandlers };
import { registerFor } from './verbs.ts';

export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command();
  program
    .name('linesim')
    .description(
      'Cacheline-aware multicore performance model: runs programs of field accesses against ' +
        'struct layouts placed in memory on modelled CPUs (MESI, snoop filter, sockets, ' +
        'adjacent-line prefetcher) and reports false sharing by field and code path.',
    )
    .version('0.1.0')
    .exitOverride()
    // Commander's own errors (unknown option, missing argument) in the one-line shape.
    .configureOutput({ outputError: (str, write) => write(`linesim: ${oneLine(str.trim().replace(/^error: /, ''), 400)} (see --help)\n`) });
  await registerFor(program, argv);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_INPUT_ERROR; // commander already printed the message
    }
    const err = fsErrorToInputError(e);
    if (err instanceof InputError) {
      process.stderr.write(formatInputError(err) + '\n');
      return EXIT_INPUT_ERROR;
    }
    throw err;
  }
}

// `linesim --help | head` closes stdout early: exit quietly instead of crashing on EPIPE.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/src\//, '/src/'));
if (isMain) {
  installSignalHandlers();
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { console.error(e); process.exitCode = 1; },
  );
}
