/**
 * What submitter and workers agree on: the queue's name, the Redis keys of stored results,
 * the job payload and the job options. A job carries the fully resolved point (profiles'
 * machines and layouts inside the PointSpec), so a worker reads nothing from the
 * submitter's disk; its id is derived from the point's content key, so adding the same
 * point twice is a no-op.
 */
import type { PointSpec } from '../workload/point-spec.ts';

export const QUEUE_NAME = 'linesim-points';
/** Stored results live next to BullMQ's keys (`bull:linesim-points:*`), under their own prefix. */
export const RESULT_PREFIX = 'linesim:result:';

export interface PointJob {
  /** the point's content key (point-key.ts) */
  key: string;
  spec: PointSpec;
  /** model version of the submitter (model-version.ts); workers refuse any other */
  modelVersion: string;
  /** sweep index and experiment, for messages only */
  index: number;
}

export interface PointJobReturn {
  /** simulation wall time in the worker */
  ms: number;
  worker: string;
}

/**
 * BullMQ refuses job ids that are integers (and ids containing ':'): a hex key of digits
 * only is possible, so every id gets a letter in front.
 */
export function jobId(key: string): string {
  return `p${key}`;
}

export function resultKey(key: string): string {
  return `${RESULT_PREFIX}${key}`;
}

/** Failure reasons that start with this mark come from a worker of another model version. */
export const VERSION_REFUSAL = 'model version mismatch';

export const JOB_OPTIONS = {
  // Simulation errors are deterministic and thrown as UnrecoverableError (reported once);
  // the attempts left over cover transient trouble such as a lost Redis write.
  attempts: 3,
  backoff: { type: 'fixed', delay: 500 },
  // The result lives under resultKey(); a completed job has nothing more to say.
  removeOnComplete: true,
  // Failed jobs stay, so the submitter (and `linesim queue status`) can read the reason.
  removeOnFail: false,
} as const;
