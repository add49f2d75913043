/**
 * The home directory / snoop filter for shared lines: who holds each line, in which
 * state, and until when the line is busy. Shared lines are numbered densely from 0
 * (the arena allocator places shared objects first), so every array is indexed by line.
 *
 * State of line L in core c: owner[L] === c → E (dirty 0) or M (dirty 1); sharer bit
 * c set → S; else I. Private caches hold presence only, so this is the single truth.
 * `states` repeats it per (line, core) so the hot path reads a state in one load; `set`
 * is the one writer of both (checked mode asserts they agree).
 */
import { St } from './vocab.ts';

// Hot-path constants: tsx compiles each file on its own, so every use of an imported
// const enum member is a property load; module-level copies are constants to V8.
const ST_I = St.I, ST_S = St.S, ST_E = St.E, ST_M = St.M;

export class Directory {
  readonly words: number;
  /** core holding the line E/M, or -1 */
  readonly owner: Int32Array;
  readonly dirty: Uint8Array;
  /** S holders, bitmask `words` × Uint32 per line */
  readonly sharers: Uint32Array;
  /** cycle until which the line is in transfer / held by a locked RMW */
  readonly busy: Float64Array;
  /** write version per line (data-value invariant in checked mode) */
  readonly version: Float64Array;
  /** version each core's copy was filled with, at copy(line, core) */
  readonly copyVersion: Float64Array;
  /** prefetch tag bitmask per line: set when a prefetch filled it, cleared on demand use */
  readonly pfTag: Uint32Array;
  /** site that last invalidated core c's copy (+1; 0 = none), at copy(line, c), for attribution */
  readonly invBy: Int32Array;
  /** 1 when that invalidation came from a prefetch */
  readonly invByPf: Uint8Array;
  /** St of (line, core) at line * nCores + core, mirrors owner/dirty/sharers */
  readonly states: Uint8Array;

  constructor(readonly nLines: number, readonly nCores: number, withVersions: boolean) {
    this.words = Math.ceil(nCores / 32);
    this.owner = new Int32Array(nLines).fill(-1);
    this.dirty = new Uint8Array(nLines);
    this.sharers = new Uint32Array(nLines * this.words);
    this.busy = new Float64Array(nLines);
    this.version = new Float64Array(nLines);
    this.copyVersion = new Float64Array(withVersions ? nLines * nCores : 0);
    this.pfTag = new Uint32Array(nLines * this.words);
    this.invBy = new Int32Array(nLines * nCores);
    this.invByPf = new Uint8Array(nLines * nCores);
    this.states = new Uint8Array(nLines * nCores); // all I (= 0)
  }

  state(line: number, core: number): St {
    return this.states[this.copy(line, core)] as St;
  }

  /**
   * Index of core's copy of `line` in the per-copy arrays (states, copyVersion, invBy,
   * invByPf): line-major, so one line's entries for all cores are adjacent.
   */
  copy(line: number, core: number): number {
    return line * this.nCores + core;
  }

  /** The state as owner/dirty/sharers say (checked mode compares it with `state`). */
  stateFromBits(line: number, core: number): St {
    const o = this.owner[line]!;
    if (o === core) return this.dirty[line] === 1 ? ST_M : ST_E;
    return this.isSharer(line, core) ? ST_S : ST_I;
  }

  /** Move core's copy of `line` from state `from` (its current state) to `to`. */
  set(line: number, core: number, from: St, to: St): void {
    if (from === ST_S) this.removeSharer(line, core);
    else if (from === ST_E || from === ST_M) { this.owner[line] = -1; this.dirty[line] = 0; }
    if (to === ST_S) this.addSharer(line, core);
    else if (to === ST_E || to === ST_M) { this.owner[line] = core; this.dirty[line] = to === ST_M ? 1 : 0; }
    this.states[this.copy(line, core)] = to;
  }

  isSharer(line: number, core: number): boolean {
    return (this.sharers[line * this.words + (core >>> 5)]! & (1 << (core & 31))) !== 0;
  }
  addSharer(line: number, core: number): void {
    this.sharers[line * this.words + (core >>> 5)]! |= 1 << (core & 31);
  }
  removeSharer(line: number, core: number): void {
    this.sharers[line * this.words + (core >>> 5)]! &= ~(1 << (core & 31));
  }
  /**
   * Word `w` of `line`'s S-holder bits (core w × 32 + b holds it S when bit b is set).
   * The hot paths walk these bits themselves: a callback per holder cost a closure per request.
   */
  sharerBits(line: number, w: number): number {
    return this.sharers[line * this.words + w]!;
  }
  hasOtherSharer(line: number, except: number): boolean {
    const base = line * this.words;
    for (let w = 0; w < this.words; w++) {
      let bits = this.sharers[base + w]!;
      if (w === except >>> 5) bits &= ~(1 << (except & 31));
      if (bits !== 0) return true;
    }
    return false;
  }

  isPfTagged(line: number, core: number): boolean {
    return (this.pfTag[line * this.words + (core >>> 5)]! & (1 << (core & 31))) !== 0;
  }
  setPfTag(line: number, core: number, on: boolean): void {
    const i = line * this.words + (core >>> 5);
    if (on) this.pfTag[i]! |= 1 << (core & 31);
    else this.pfTag[i]! &= ~(1 << (core & 31));
  }
}
