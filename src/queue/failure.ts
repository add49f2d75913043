/**
 * Why a point failed, carried in a BullMQ failure reason (a string): bad input found while
 * simulating becomes the same one-line InputError on the submitter as in a local run; a
 * simulation bug is reported with the worker's message.
 */
import { InputError } from '../util/errors.ts';

const MARK = 'linesim-failure ';

export type Failure = { input: { source: string; where: string; reason: string } } | { bug: string };

export function encodeFailure(f: Failure): string {
  return MARK + JSON.stringify(f);
}

/** The error the submitter throws for a failed job's reason. */
export function failureError(reason: string): Error {
  if (reason.startsWith(MARK)) {
    try {
      const f = JSON.parse(reason.slice(MARK.length)) as Failure;
      if ('input' in f) return new InputError(f.input.source, f.input.where, f.input.reason);
      return new Error(`simulation failed: ${f.bug}`);
    } catch {
      /* not ours after all: fall through */
    }
  }
  // Version refusals and BullMQ's own reasons (e.g. stalled too many times) are one line
  // about the queue, not about the user's files.
  return new InputError('--queue', '', reason);
}
