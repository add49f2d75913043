/**
 * Which core's locked RMW holds each shared line, and until when: the core's other
 * hardware thread shares the L1 and needs no coherence request, so the arbiter's busy
 * clock does not hold it off; the run loop asks here instead (thread-access.ts). Written
 * only by Arbiter.lock.
 *
 * Source [S]: the SDM makes a locked RMW atomic with respect to all other memory
 * operations (Vol. 3A §8.1.2), the core-mate's included, and its cache lock covers the
 * line (cpu-facts §8): the core-mate's stores and locked RMWs wait for the lock's end.
 * NOTE [E]: that its loads do not wait is the modelling choice (a load sees the value
 * before or after the RMW, both allowed), and so is that a store-buffer drain already
 * committing a run of stores on the line (thread-access.ts drainTurn) finishes its run.
 * Off with the profile's `smtSiblingWaitsForLock: false` (ablation).
 */
export class SiblingLocks {
  /** MachineConfig.smtSiblingWaitsForLock: off, nothing is recorded and nothing waits */
  enabled = false;
  private readonly core: Int32Array;
  private readonly end: Float64Array;

  constructor(nLines: number) {
    this.core = new Int32Array(nLines).fill(-1);
    this.end = new Float64Array(nLines);
  }

  record(line: number, until: number, core: number): void {
    if (this.enabled) { this.core[line] = core; this.end[line] = until; }
  }

  /** Whether some core's locked RMW holds `line` after `clock` (the run loop's cheap test). */
  lockedAt(line: number, clock: number): boolean { return this.end[line]! > clock; }

  /** The cycle from which a store or locked RMW of `core` on `line`, issued at `clock`, may run: the end of its core-mate's lock, else `clock`. */
  until(line: number, core: number, clock: number): number {
    const e = this.end[line]!;
    return e > clock && this.core[line] === core ? e : clock;
  }
}
