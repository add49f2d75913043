/**
 * Set-associative tag stores on typed arrays (stack-notes: ≈24 ns/lookup vs ≈90 ns for
 * a Map), one object per cache *level*: `banks` equal caches (one per core for L1/L2,
 * one per LLC domain for the LLC and the snoop filter) share the arrays. Holds presence
 * only; coherence state lives in the directory so there is one source of truth.
 * Replacement is delegated to a registered policy.
 *
 * Layout is set-major: slot = ((set × banks) + bank) × ways + way, and the direct index
 * of shared lines is line × banks + bank. A contended line sits in the same set of every
 * core, so its tags, LRU stamps and slots in all 28 cores of a Broadwell socket pair
 * share a few host cache lines. With one SetAssoc per core the miss path stalled on the
 * 28 separate objects and arrays (perf annotate, 2026-11).
 */
import { smallInt } from '../machine-config.ts';
import type { ReplacementPolicy } from '../replacement/registry.ts';

export const NO_LINE = -1;

export class SetAssoc {
  readonly sets: number;
  readonly ways: number;
  readonly banks: number;
  readonly tags: Int32Array;
  /** per-slot replacement metadata (LRU stamps, RRPV, ...) */
  readonly meta: Uint32Array;
  /** sets − 1 when `sets` is a power of two (index by mask), else -1 (index by modulo) */
  private readonly mask: number;
  /**
   * Slot of each line below `direct` (the machine's shared lines) in each bank, or -1:
   * every coherence action looks shared lines up, so they skip the way scan. Kept in
   * step with `tags`.
   */
  private readonly slotOf: Int32Array;
  private readonly direct: number;

  /** `banks` caches of `lines` lines each, `ways`-associative. */
  constructor(banks: number, lines: number, ways: number, readonly policy: ReplacementPolicy, directLines = 0) {
    // NOTE: real LLCs have non-power-of-two set counts (35 MiB / 20 ways); index by modulo.
    const sets = smallInt(Math.max(1, Math.floor(lines / ways)));
    this.sets = sets;
    this.ways = smallInt(ways);
    this.banks = smallInt(banks);
    this.mask = (sets & (sets - 1)) === 0 ? sets - 1 : -1;
    this.tags = new Int32Array(sets * ways * banks).fill(NO_LINE);
    this.meta = new Uint32Array(sets * ways * banks);
    policy.init(this.meta, this.ways);
    this.direct = smallInt(directLines);
    this.slotOf = new Int32Array(directLines * banks).fill(-1);
  }

  /** first slot of `line`'s set in `bank` (lines are ≥ 0, so the mask equals the modulo) */
  base(bank: number, line: number): number {
    const set = this.mask >= 0 ? line & this.mask : line % this.sets;
    return (set * this.banks + bank) * this.ways;
  }

  /** slot index of `line` in `bank`, or -1 */
  find(bank: number, line: number): number {
    if (line < this.direct) return this.slotOf[line * this.banks + bank]!;
    const base = this.base(bank, line), end = base + this.ways;
    const tags = this.tags;
    for (let s = base; s < end; s++) if (tags[s] === line) return s;
    return -1;
  }

  touch(slot: number): void {
    this.policy.touch(this.meta, slot);
  }

  /**
   * Insert `line` (must be absent) into `bank`. Returns the evicted line or NO_LINE.
   */
  insert(bank: number, line: number): number {
    const base = this.base(bank, line), end = base + this.ways;
    const tags = this.tags;
    let slot = -1;
    for (let s = base; s < end; s++) if (tags[s] === NO_LINE) { slot = s; break; }
    let victim = NO_LINE;
    if (slot < 0) {
      slot = this.policy.victim(this.meta, base, this.ways);
      victim = tags[slot]!;
      if (victim < this.direct) this.slotOf[victim * this.banks + bank] = -1;
    }
    tags[slot] = line;
    if (line < this.direct) this.slotOf[line * this.banks + bank] = slot;
    this.policy.insert(this.meta, slot);
    return victim;
  }

  remove(bank: number, line: number): boolean {
    const s = this.find(bank, line);
    if (s < 0) return false;
    this.tags[s] = NO_LINE;
    if (line < this.direct) this.slotOf[line * this.banks + bank] = -1;
    return true;
  }
}
