/**
 * SCENARIO: the TSO store buffer (src/model/store-buffer) through the run loop.
 * GIVEN Emerald Rapids (114-entry buffer, merging) or that profile with the buffer off,
 * WHEN threads store, load, add and lock-add own words or neighbouring fields,
 * THEN plain stores to words of one line run as fast as padded words (and ≥ 5× slower
 * with the buffer off: the mechanism is what does it), a plain-store writer keeps its
 * speed beside a reader of the same line while the reader slows down, a load forwards a
 * buffered store, a locked RMW waits for the buffer to drain, a full buffer stalls, and
 * merging takes consecutive same-address stores only.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import type { MachineConfig } from '../src/model/machine-config.ts';
import { StoreBuffer } from '../src/model/store-buffer/store-buffer.ts';
import { Arena, type PlacedObject } from '../src/workload/arena.ts';
import { ProgramBuilder } from '../src/workload/builder.ts';
import { Cond, RmwFn } from '../src/workload/ir.ts';
import { runThreads } from '../src/workload/run-threads.ts';
import { SiteTable } from '../src/workload/sites.ts';
import { profileConfig } from './helpers/machine.ts';

const EMR = profileConfig('emerald-rapids', 'on');
const NO_SB: MachineConfig = { ...EMR, storeBuffer: undefined };
const OPS = 1500;
const word = (stride: number) => ({ name: 'w', size: stride, objectAlign: stride, typesafeByRcu: false, fields: [{ name: 'v', offset: 0, size: 8 }] });
type Body = (b: ProgramBuilder, o: PlacedObject, tid: number) => void;

/** Each of `n` threads runs `body` OPS times on its own word (`stride` bytes apart); cycles per op of each thread. */
function run(cfg: MachineConfig, n: number, stride: number, bodies: Body[]): number[] {
  const arena = new Arena(64), sites = new SiteTable();
  const objs = arena.slab('w', { layout: word(stride), count: n });
  const progs = objs.map((o, tid) => {
    const b = new ProgramBuilder(sites).set('i', 0).label('top');
    bodies[Math.min(tid, bodies.length - 1)]!(b, o, tid);
    b.done().add('i', 1).br('i', Cond.Lt, OPS, 'top');
    return { cpu: tid, program: b.halt().build() };
  });
  const m = new Machine(cfg, { sharedLines: arena.sharedLines(), nSites: Math.max(1, sites.sites.length), check: true });
  return runThreads(m, progs, { seed: 7, warmupOps: 100, smtWorkFactor: 1, siblingsOf: () => [] }).map((r) => (r.tEnd - r.tStart) / r.ops);
}
const ref = (o: PlacedObject) => ({ obj: o, role: 'w', field: 'v' });
const store: Body = (b, o, tid) => { b.write(ref(o), tid).work(2); };
const load: Body = (b, o) => { b.read(ref(o), 'x').work(2); };
const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;

describe('140 store buffer', () => {
  for (const n of [2, 8]) {
    it(`GIVEN ${n} threads plain-storing own words of one line WHEN run THEN within 15 % of padded; without the buffer ≥ 3× slower`, () => {
      const shared = mean(run(EMR, n, 8, [store])), padded = mean(run(EMR, n, 64, [store]));
      expect(shared / padded).toBeLessThan(1.15);
      const off = mean(run(NO_SB, n, 8, [store])), offPadded = mean(run(NO_SB, n, 64, [store]));
      expect(off / offPadded).toBeGreaterThan(3);
    });
  }
  it('GIVEN 8 threads lock-adding own words of one line THEN several times slower than padded', () => {
    const lock: Body = (b, o) => { b.rmw(RmwFn.Add, ref(o), 1).work(2); };
    expect(mean(run(EMR, 8, 8, [lock])) / mean(run(EMR, 8, 64, [lock]))).toBeGreaterThan(5);
  });
  it('GIVEN a plain-store writer and a reader of the same line THEN the writer keeps its speed and the reader slows down', () => {
    // Both loops take about 7 cycles per operation alone, so the two run side by side.
    const slowStore: Body = (b, o, tid) => { b.write(ref(o), tid).work(6); };
    const [wShared, rShared] = run(EMR, 2, 8, [slowStore, load]);
    const [wPadded, rPadded] = run(EMR, 2, 128, [slowStore, load]);
    expect(wShared! / wPadded!).toBeLessThan(1.1);
    expect(rShared! / rPadded!).toBeGreaterThan(1.5);
  });
  it('GIVEN a store then a load of the same address THEN the load forwards the buffered value', () => {
    const arena = new Arena(64), sites = new SiteTable();
    const [o] = arena.slab('w', { layout: word(64), count: 1 });
    const out = arena.single('out', word(64));
    const b = new ProgramBuilder(sites);
    b.write(ref(o!), 42).read(ref(o!), 'x').write({ obj: out, role: 'o', field: 'v' }, b.r('x'));
    const m = new Machine(profileConfig('emerald-rapids', 'off'), { sharedLines: arena.sharedLines(), nSites: 4, check: true });
    runThreads(m, [{ cpu: 0, program: b.halt().build() }], { seed: 1, warmupOps: 0, smtWorkFactor: 1, siblingsOf: () => [] });
    expect(m.load(out.base)).toBe(42);
    expect(m.stats.c.misses, 'the load did not miss: it forwarded').toBe(2); // the two stores' ownership requests only
  });
  it('GIVEN stores to two missing lines THEN a locked RMW completes only after both committed', () => {
    const arena = new Arena(64), sites = new SiteTable();
    const os = arena.slab('w', { layout: word(64), count: 3 });
    const mk = (rmw: boolean) => {
      const b = new ProgramBuilder(sites).write(ref(os[0]!), 1).write(ref(os[1]!), 1);
      if (rmw) b.rmw(RmwFn.Add, ref(os[2]!), 1); else b.read(ref(os[2]!), 'x');
      const m = new Machine(EMR, { sharedLines: arena.sharedLines(), nSites: 4 });
      return runThreads(m, [{ cpu: 0, program: b.halt().build() }], { seed: 1, warmupOps: 0, smtWorkFactor: 1, siblingsOf: () => [] })[0]!.tEnd;
    };
    const dram = Math.round(EMR.dramNs.local * EMR.freqGHz);
    expect(mk(true) - mk(false), 'the RMW waited for two store commits').toBeGreaterThanOrEqual(dram);
  });
  it('GIVEN a 2-entry buffer THEN the third store to a new address stalls; merging takes only consecutive same-address stores', () => {
    const sb = new StoreBuffer(2, true);
    expect(sb.push(0, 1, 0)).toBe(true);
    expect(sb.push(0, 2, 0)).toBe(true); // merged
    expect(sb.count).toBe(1);
    expect(sb.forward(0)).toBe(2);
    expect(sb.push(0, 3, 0)).toBe(true); // a load read the entry: no merge
    expect(sb.count).toBe(2);
    expect(sb.push(8, 4, 0)).toBe(false); // full
    sb.shift();
    expect(sb.push(8, 4, 0)).toBe(true);
    expect(new StoreBuffer(2, false).push(0, 1, 0) && new StoreBuffer(1, false).full).toBe(false);
  });
});
