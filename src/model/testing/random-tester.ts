/**
 * The seeded random tester (gem5 Ruby style, Sorin–Hill–Wood invariants): random
 * reads, writes and locked RMWs by a few CPUs over a few shared lines (some in the same
 * 128-B pair, some not), interleaved with private footprint that evicts them, on caches
 * shrunk to a handful of sets so evictions, inclusive-LLC back-invalidations and (with a
 * snoop filter) SF-conflict back-invalidations happen all the time. Checked mode is on (the engine asserts SWMR + presence per access and
 * data-value on read hits); on top of that the tester keeps its own shadow memory and
 * write counts and, after every event, sweeps every shared line:
 *   - SWMR and presence over the active cores, and no copy anywhere else;
 *   - every valid copy holds the latest version (a stale valid copy is a data-value bug
 *     even before anyone reads it);
 *   - every read returns the last value written in processing order;
 *   - with a snoop filter: each LLC domain tracks exactly the lines its cores hold.
 * The first violation throws TesterFailure naming the seed and event index, so any
 * failure replays with `runRandomTester({ ...same, seed })`.
 */
import { Machine } from '../machine.ts';
import type { MachineConfig } from '../machine-config.ts';
import type { CompiledProtocol } from '../protocol/compiled.ts';
import { checkLine, checkSnoopFilterLine } from '../checker.ts';
import { Access, St, STATE_NAMES } from '../vocab.ts';
import { Rng } from '../../util/rng.ts';

export interface RandomTesterOptions {
  /** machine to test (prefetch setting already applied) */
  cfg: MachineConfig;
  seed: number;
  events: number;
  /** shared lines exercised (pairs {0,1}, {2,3}, ...); default 6 */
  lines?: number;
  /** active CPUs; default 6 (always covering same domain, other domain, other socket, SMT sibling) */
  cpus?: number;
  /** shrink caches to L1 2×2, L2 4×2, LLC 8×2 and a snoop filter, if any, to 2×2 (default true) */
  tiny?: boolean;
  /** test-only protocol variant (fault injection) */
  protocol?: CompiledProtocol;
  /** test-only: called before each event, may corrupt the machine (proves the checks can fail) */
  sabotage?: (m: Machine, event: number) => void;
}

export interface RandomTesterResult {
  events: number;
  reads: number;
  writes: number;
  rmws: number;
  privateTouches: number;
  /** valid shared copies lost to a private touch: in the toucher's core (L2 eviction)
   *  and in other cores (inclusive-LLC back-invalidation) — proof the run exercised them */
  evictions: number;
  backInvalidations: number;
  /** the machine, for counters (evictions, prefetches, invalidations seen) */
  machine: Machine;
}

export class TesterFailure extends Error {
  constructor(readonly seed: number, readonly event: number, readonly what: string, cause: unknown) {
    super(`random tester: seed ${seed}, event ${event} (${what}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TesterFailure';
  }
}

/** The config with caches of a few sets (same line size, latencies, topology; an SF stays an SF). */
export function tinyCaches(cfg: MachineConfig): MachineConfig {
  const kib = (sets: number, ways: number) => (sets * ways * cfg.lineBytes) / 1024;
  const llc = { ...cfg.llc, kib: kib(8, 2), ways: 2 };
  if (cfg.llc.snoopFilter) llc.snoopFilter = { entries: 2 * 2, ways: 2 };
  return {
    ...cfg,
    l1d: { ...cfg.l1d, kib: kib(2, 2), ways: 2 },
    l2: { ...cfg.l2, kib: kib(4, 2), ways: 2 },
    llc,
  };
}

/** Active CPUs: 0, a same-domain neighbour, another LLC domain, another socket, an SMT sibling, then random. */
function pickCpus(m: Machine, n: number, rng: Rng): number[] {
  const c = m.cfg, nCores = m.topo.nCores;
  const want = [0, 1 % nCores, c.coresPerLlc % nCores, c.coresPerSocket % nCores];
  if (c.smt > 1) want.push(nCores); // SMT sibling of CPU 0: same core
  const out = [...new Set(want)];
  while (out.length < Math.min(n, m.topo.nCpus)) {
    const x = rng.int(m.topo.nCpus);
    if (!out.includes(x)) out.push(x);
  }
  return out.slice(0, Math.max(n, 1));
}

const SLOTS = 16; // 4-byte value slots per 64-B line (machine.load/store granularity)
const PRIVATE_POOL = 24; // private lines per CPU: enough to sweep every tiny set

export function runRandomTester(o: RandomTesterOptions): RandomTesterResult {
  const nLines = o.lines ?? 6;
  const cfg = o.tiny === false ? o.cfg : tinyCaches(o.cfg);
  // +2 spare lines like the arena: buddy/up-down prefetches beyond the last line stay shared.
  const shared = nLines + 2;
  const m = new Machine(cfg, { sharedLines: shared, nSites: 4, check: true, protocol: o.protocol });
  const rng = new Rng(o.seed);
  const cpus = pickCpus(m, o.cpus ?? 6, rng);
  const cores = [...new Set(cpus.map((c) => m.topo.coreOfCpu[c]!))];
  const slotsPerLine = cfg.lineBytes >> 2;
  const shadowVal = new Float64Array(shared * slotsPerLine);
  const shadowVer = new Float64Array(shared);
  const clock = new Float64Array(cpus.length);
  const r: RandomTesterResult = { events: 0, reads: 0, writes: 0, rmws: 0, privateTouches: 0, evictions: 0, backInvalidations: 0, machine: m };
  const active = activeSet(m, cores);
  // valid copies per (active core index, line) after the previous event
  const held = new Uint8Array(cores.length * shared);
  let nextValue = 1;
  let what = '';

  for (let i = 0; i < o.events; i++) {
    // Earliest clock goes next (as the thread scheduler does); random gaps vary the interleaving.
    let k = 0;
    for (let j = 1; j < cpus.length; j++) if (clock[j]! < clock[k]!) k = j;
    const cpu = cpus[k]!, now = clock[k]!;
    let touchCore = -1;
    try {
      o.sabotage?.(m, i);
      const p = rng.next();
      if (p < 0.2) {
        const line = m.privateLine(cpu, rng.int(PRIVATE_POOL));
        what = `cpu ${cpu} private touch line ${line}`;
        if (p < 0.05) clock[k] = m.access(cpu, line * cfg.lineBytes, Access.Read, -1, now);
        else m.touchPrivate(cpu, line);
        r.privateTouches++;
        touchCore = m.topo.coreOfCpu[cpu]!;
      } else {
        const line = rng.int(nLines);
        const addr = line * cfg.lineBytes + 4 * rng.int(Math.min(SLOTS, slotsPerLine));
        const kind = p < 0.55 ? Access.Read : p < 0.8 ? Access.Write : Access.Rmw;
        what = `cpu ${cpu} ${['read', 'write', 'rmw'][kind]} line ${line} @${now}`;
        const t = m.access(cpu, addr, kind, -1, now); // no program site: the tester checks coherence, not attribution
        if (!(t >= now + m.lat.l1) || !Number.isFinite(t)) throw new Error(`completion ${t} before issue ${now} + L1 latency`);
        clock[k] = t;
        const slot = addr >> 2;
        const old = m.load(addr);
        if (old !== shadowVal[slot]) throw new Error(`data-value (shadow): read ${old} at addr ${addr}, last write was ${shadowVal[slot]}`);
        if (kind === Access.Read) r.reads++;
        else {
          // RMW: a fetch-add of a fresh amount keeps every written value unique.
          const v = kind === Access.Write ? nextValue++ : old + nextValue++;
          m.store(addr, v);
          shadowVal[slot] = v;
          shadowVer[line]!++;
          if (kind === Access.Write) r.writes++; else r.rmws++;
        }
        const core = m.topo.coreOfCpu[cpu]!;
        if (m.dir.version[line] !== shadowVer[line]) throw new Error(`data-value: line ${line} version ${m.dir.version[line]} but the tester counted ${shadowVer[line]} writes`);
        if (m.dir.state(line, core) === St.I) throw new Error(`core ${core} holds line ${line} in I right after accessing it`);
      }
      clock[k]! += rng.int(40);
      const lost = sweep(m, shared, active, held, touchCore);
      if (lost.own > 0 || lost.others > 0) { r.evictions += lost.own; r.backInvalidations += lost.others; }
      if (m.sf !== null) for (let l = 0; l < shared; l++) checkSnoopFilterLine(m, l);
      // The engine's own checker over all cores, now and then (it is O(cores) per line).
      if ((i & 255) === 0) for (let l = 0; l < shared; l++) checkLine(m, l);
    } catch (e) {
      throw new TesterFailure(o.seed, i, what, e);
    }
    r.events++;
  }
  return r;
}

interface Active { cores: Int32Array; bits: Uint32Array }

/** The active cores, and the same as a sharer-bitmask per directory word. */
function activeSet(m: Machine, cores: number[]): Active {
  const bits = new Uint32Array(m.dir.words);
  for (const c of cores) bits[c >>> 5]! |= 1 << (c & 31);
  return { cores: Int32Array.from(cores), bits };
}

/**
 * SWMR, presence and up-to-date copies for every shared line, read straight from the
 * directory arrays (this runs after every event, so it avoids per-core method calls).
 * Also counts copies lost since the last sweep when the event was a private touch by
 * `touchCore`: in that core (eviction) or another (back-invalidation).
 */
function sweep(m: Machine, lines: number, a: Active, held: Uint8Array, touchCore: number): { own: number; others: number } {
  const d = m.dir, words = d.words, cores = a.cores;
  let own = 0, others = 0;
  for (let line = 0; line < lines; line++) {
    const o = d.owner[line]!;
    if (o >= 0 && (a.bits[o >>> 5]! & (1 << (o & 31))) === 0) throw new Error(`line ${line} owned by inactive core ${o}`);
    for (let w = 0; w < words; w++) {
      const bits = d.sharers[line * words + w]!;
      if (bits === 0) continue;
      if ((bits & ~a.bits[w]!) !== 0) throw new Error(`line ${line} shared by an inactive core (word ${w}: ${(bits >>> 0).toString(2)})`);
      if (o >= 0) throw new Error(`SWMR: line ${line} has owner core ${o} (${d.dirty[line] ? 'M' : 'E'}) and S copies`);
    }
    for (let ci = 0; ci < cores.length; ci++) {
      const c = cores[ci]!;
      const valid = o === c || (d.sharers[line * words + (c >>> 5)]! & (1 << (c & 31))) !== 0;
      const inL2 = m.l2.find(c, line) >= 0;
      const k = ci * lines + line;
      if (!valid) {
        if (inL2 || m.l1.find(c, line) >= 0) throw new Error(`presence: core ${c} caches line ${line} the directory says is I`);
        if (held[k] === 1 && touchCore >= 0) { if (c === touchCore) own++; else others++; }
        held[k] = 0;
        continue;
      }
      held[k] = 1;
      if (!inL2 && (!m.caches.nineL2 || m.l1.find(c, line) < 0)) throw new Error(`presence: core ${c} is ${STATE_NAMES[d.state(line, c)]} for line ${line} but its L1/L2 lack it`);
      const v = d.copyVersion[d.copy(line, c)];
      if (v !== d.version[line]) {
        throw new Error(`data-value: core ${c} holds line ${line} (${STATE_NAMES[d.state(line, c)]}) at version ${v}, latest is ${d.version[line]}`);
      }
    }
  }
  return { own, others };
}
