/**
 * One coherence request in flight: what the protocol actions read and write. The
 * controller reuses a single record per kind of request (no allocation per access), so
 * an action must not keep it.
 */
import { doubleFields } from '../../util/double-fields.ts';
import { Src } from '../vocab.ts';

// begin() runs for every request: a module-level copy of an imported const enum member
// is a constant to V8 (tsx compiles each file on its own; see controller.ts).
const SRC_L1 = Src.L1;

export class Txn {
  /** CPU whose demand access caused the request (its counters take HITM, LLC hits, prefetch invalidations) */
  cpu = 0;
  /** requesting core and the line */
  core = 0;
  line = 0;
  /** program site of the demand access (or of the access that triggered the prefetch) */
  site = -1;
  /** a prefetch request (no demand miss counted; does not trigger further prefetches) */
  pf = false;
  /** the demand was a write/RMW or an ownership read (the prefetcher sees it) */
  rfo = false;
  /** cycle the request is issued */
  now = 0;
  /** cycle the request got the line (arbiter) */
  start = 0;
  /** latency of the data/ownership transfer, and where it came from */
  lat = 0;
  src: Src = Src.L1;
  /** another core keeps a copy (a read miss then ends in S, else E) */
  others = true;
  /** the transfer moved ownership or data out of another core: the line is busy meanwhile */
  serial = false;
  /** completion cycle */
  t = 0;
  /** the access hit in the requester's private cache (h_hit): a locked RMW then holds the line for less (latency.ts) */
  hit = false;
  /** the request was not issued (prefetch of a present line, or refused by the snoop policy) */
  stop = false;
  /** slowest invalidation acknowledgement seen so far (upgrade / GETX) */
  ack = 0;

  /** cycles take fractions (util/double-fields.ts) */
  constructor() { doubleFields<Txn>(this, ['now', 'start', 'lat', 't', 'ack']); }

  begin(cpu: number, core: number, line: number, site: number, now: number, pf: boolean, rfo: boolean): this {
    this.cpu = cpu; this.core = core; this.line = line; this.site = site; this.now = now;
    this.pf = pf; this.rfo = rfo; this.start = now; this.lat = 0; this.src = SRC_L1;
    this.others = true; this.serial = false; this.t = now; this.stop = false; this.ack = 0; this.hit = false;
    return this;
  }

  /** Set the transfer's outcome (one call instead of four stores at each source). */
  got(lat: number, src: Src, others: boolean, serial: boolean): void {
    this.lat = lat; this.src = src; this.others = others; this.serial = serial;
  }
}
