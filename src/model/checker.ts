/**
 * Checked mode (--check): the Sorin–Hill–Wood invariants, asserted after every event.
 * SWMR: a line has one E/M owner and no S copies, or any number of S copies.
 * Presence: the directory and the private caches agree on who holds the line; with a
 * bounded snoop filter, a domain has an SF entry for the line exactly when one of its
 * cores holds it (every cached line is tracked; the last copy leaving frees the entry).
 * (The data-value invariant is checked on every read hit in machine.ts via versions.)
 */
import type { Machine } from './machine.ts';
import { STATE_NAMES, St } from './vocab.ts';

export class InvariantViolation extends Error {
  constructor(msg: string) { super(msg); this.name = 'InvariantViolation'; }
}

export function checkLine(m: Machine, line: number): void {
  const d = m.dir;
  const o = d.owner[line]!;
  let sharers = 0;
  for (let c = 0; c < m.nCores; c++) {
    const st = d.state(line, c);
    if (st !== d.stateFromBits(line, c)) throw new InvariantViolation(`directory: core ${c} is ${STATE_NAMES[st]} for line ${line} in states but ${STATE_NAMES[d.stateFromBits(line, c)]} by owner/sharer bits`);
    if (st === St.S) {
      sharers++;
      if (c === o) throw new InvariantViolation(`SWMR: core ${c} is both owner and sharer of line ${line}`);
    }
    // A core holds a line exactly when its L1 or L2 has it (a NINE L2 may have dropped an L1 line).
    const inL2 = m.l2.find(c, line) >= 0, present = inL2 || m.l1.find(c, line) >= 0;
    if ((st !== St.I) !== present) {
      throw new InvariantViolation(`presence: core ${c} is ${STATE_NAMES[st]} for line ${line} but its L1/L2 ${present ? 'hold' : 'lack'} it`);
    }
    if (!inL2 && present && !m.caches.nineL2) throw new InvariantViolation(`inclusion: core ${c} L1 holds line ${line} its inclusive L2 lacks`);
    if (st === St.I && m.l1.find(c, line) >= 0) throw new InvariantViolation(`presence: core ${c} L1 holds line ${line} in I`);
  }
  if (o >= 0 && sharers > 0) {
    throw new InvariantViolation(`SWMR: line ${line} has owner core ${o} (${d.dirty[line] ? 'M' : 'E'}) and ${sharers} S copies`);
  }
  if (m.sf !== null) checkSnoopFilterLine(m, line);
}

/** Snoop-filter presence for one shared line, in every LLC domain. */
export function checkSnoopFilterLine(m: Machine, line: number): void {
  const sf = m.sf!;
  for (let dom = 0; dom < m.topo.nDomains; dom++) {
    const held = sf.heldInDomain(m.dir, dom, line), tracked = sf.has(dom, line);
    if (held && !tracked) throw new InvariantViolation(`presence: line ${line} is held in LLC domain ${dom} but has no snoop-filter entry there`);
    if (!held && tracked) throw new InvariantViolation(`presence: LLC domain ${dom} keeps a snoop-filter entry for line ${line} that none of its cores holds`);
  }
}
