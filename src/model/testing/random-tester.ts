/**
 * The seeded random tester (gem5 Ruby style, Sorin–Hill–Wood invariants): random
 * reads, writes and locked RMWs by a few CPUs over a few shared lines (some in the same
 * 128-B pair, some not), interleaved with private footprint that evicts them, on caches
 * shrunk to a handful of sets so evictions and inclusive-LLC back-invalidations happen
 * all the time. Checked mode is on (the engine asserts SWMR + presence per access and
 * data-value on read hits); on top of that the tester keeps its own shadow memory and
 * write counts and, after every event, sweeps every shared line:
 *   - SWMR and presence over the active cores, and no copy anywhere else;
 *   - every valid copy holds the latest version (a stale valid copy is a data-value bug
 *     even before anyone reads it);
 *   - every read returns the last value written in processing order.
 * The first violation throws TesterFailure naming the seed and event index, so any
 * failure replays with `runRandomTester({ ...same, seed })`.
 */
import { Machine } from '../machine.ts';
import type { MachineConfig } from '../machine-config.ts';
import type { CompiledProtocol } from '../protocol/compiled.ts';
import { checkLine } from '../checker.ts';
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
  /** shrink caches to L1 2×2, L2 4×2, LLC 8×2 (default true) */
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

/** The config with caches of a few sets (same line size, latencies, topology). */
export function tinyCaches(cfg: MachineConfig): MachineConfig {
  const kib = (sets: number, ways: number) => (sets * ways * cfg.lineBytes) / 1024;
  return {
    ...cfg,
    l1d: { ...cfg.l1d, kib: kib(2, 2), ways: 2 },
    l2: { ...cfg.l2, kib: kib(4, 2), ways: 2 },
    llc: { ...cfg.llc, kib: kib(8, 2), ways: 2 },
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
  // valid copies per (active core index, line) after the previous event
  const held = new Uint8Array(cpus.length * shared);
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
        const t = m.access(cpu, addr, kind, kind, now);
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
      sweep(m, shared, cores);
      for (let c = 0; c < cores.length; c++) {
        for (let l = 0; l < shared; l++) {
          const h = m.dir.state(l, cores[c]!) === St.I ? 0 : 1;
          if (touchCore >= 0 && h === 0 && held[c * shared + l] === 1) {
            if (cores[c] === touchCore) r.evictions++; else r.backInvalidations++;
          }
          held[c * shared + l] = h;
        }
      }
      // The engine's own checker over all cores, now and then (it is O(cores) per line).
      if ((i & 255) === 0) for (let l = 0; l < shared; l++) checkLine(m, l);
    } catch (e) {
      throw new TesterFailure(o.seed, i, what, e);
    }
    r.events++;
  }
  return r;
}

/** SWMR, presence and up-to-date copies for every shared line, over the active cores. */
function sweep(m: Machine, lines: number, cores: number[]): void {
  const d = m.dir, n = m.sharedLines, words = d.words;
  for (let line = 0; line < lines; line++) {
    const o = d.owner[line]!;
    if (o >= 0 && !cores.includes(o)) throw new Error(`line ${line} owned by inactive core ${o}`);
    let sharerBits = 0;
    for (let w = 0; w < words; w++) sharerBits += d.sharers[line * words + w]! === 0 ? 0 : 1;
    let holders = 0;
    for (const c of cores) {
      const st = d.state(line, c);
      if (st === St.I) {
        if (m.l2[c]!.find(line) >= 0 || m.l1[c]!.find(line) >= 0) throw new Error(`presence: core ${c} caches line ${line} the directory says is I`);
        continue;
      }
      holders++;
      if (m.l2[c]!.find(line) < 0) throw new Error(`presence: core ${c} is ${STATE_NAMES[st]} for line ${line} but its L2 lacks it`);
      if (st === St.S && o >= 0) throw new Error(`SWMR: line ${line} owned by core ${o} and shared by core ${c}`);
      if (d.copyVersion[c * n + line] !== d.version[line]) {
        throw new Error(`data-value: core ${c} holds line ${line} (${STATE_NAMES[st]}) at version ${d.copyVersion[c * n + line]}, latest is ${d.version[line]}`);
      }
    }
    if (o >= 0 && sharerBits > 0) throw new Error(`SWMR: line ${line} has owner core ${o} and S copies`);
    let activeSharers = 0;
    for (const c of cores) if (d.isSharer(line, c)) activeSharers++;
    if (holders < activeSharers + (o >= 0 ? 1 : 0)) throw new Error(`line ${line}: directory lists holders outside the active cores`);
    let allSharers = 0;
    d.forEachSharer(line, -1, () => { allSharers++; });
    if (allSharers !== activeSharers) throw new Error(`line ${line} shared by an inactive core`);
  }
}
