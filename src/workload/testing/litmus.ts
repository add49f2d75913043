/**
 * x86-TSO litmus tests run through the real run loop (store buffers, drainers, arbiter,
 * FIFOs): two threads on a small machine, each starting after a seeded random delay, and
 * the outcome counted over many seeds. Allowed and forbidden outcomes follow x86-TSO
 * (Sewell et al., CACM 2010; Intel SDM vol. 3 §9.2.3 examples):
 *   SB  (store buffering)  T0: x=1; r0=y   T1: y=1; r1=x   r0=r1=0 allowed with plain stores,
 *                          forbidden with locked stores (xchg) or an mfence in between;
 *   MP  (message passing)  T0: x=1; y=1    T1: r0=y; r1=x  r0=1, r1=0 forbidden;
 *   LB  (load buffering)   T0: r0=x; y=1   T1: r1=y; x=1   r0=r1=1 forbidden.
 */
import { Machine } from '../../model/machine.ts';
import type { MachineConfig } from '../../model/machine-config.ts';
import { Arena } from '../arena.ts';
import { ProgramBuilder, type Ref } from '../builder.ts';
import { RmwFn } from '../ir.ts';
import { runThreads } from '../run-threads.ts';
import { SiteTable } from '../sites.ts';

export type LitmusName = 'SB' | 'SB+xchg' | 'SB+mfence' | 'MP' | 'LB';
export const LITMUS: LitmusName[] = ['SB', 'SB+xchg', 'SB+mfence', 'MP', 'LB'];

/** The outcome that x86-TSO forbids for each test, or (SB) the relaxed one it allows. */
export const RELAXED: Record<LitmusName, [number, number]> = {
  SB: [0, 0], 'SB+xchg': [0, 0], 'SB+mfence': [0, 0], MP: [1, 0], LB: [1, 1],
};
export const ALLOWED: Record<LitmusName, boolean> = { SB: true, 'SB+xchg': false, 'SB+mfence': false, MP: false, LB: false };

const LAYOUT = { name: 'v', size: 128, objectAlign: 128, typesafeByRcu: false, fields: [{ name: 'v', offset: 0, size: 8 }] };

/** Outcome counts "r0,r1" → runs, over seeds 0..runs-1. */
export function runLitmus(test: LitmusName, cfg: MachineConfig, runs: number, cpus: [number, number] = [0, 1]): Map<string, number> {
  const out = new Map<string, number>();
  for (let seed = 0; seed < runs; seed++) {
    const arena = new Arena(cfg.lineBytes);
    const [x, y, o0, o1] = ['x', 'y', 'r0', 'r1'].map((n) => ({ obj: arena.single(n, LAYOUT), role: n, field: 'v' } as Ref));
    const sites = new SiteTable();
    const b0 = new ProgramBuilder(sites).work(300, 1), b1 = new ProgramBuilder(sites).work(300, 1);
    const st = (b: ProgramBuilder, r: Ref, locked: boolean) => (locked ? b.rmw(RmwFn.Xchg, r, 1) : b.write(r, 1));
    if (test === 'MP') {
      b0.write(x!, 1).write(y!, 1);
      b1.read(y!, 'a').read(x!, 'b');
    } else if (test === 'LB') {
      b0.read(x!, 'a').write(y!, 1);
      b1.read(y!, 'b').write(x!, 1);
    } else {
      st(b0, x!, test === 'SB+xchg'); if (test === 'SB+mfence') b0.fence(); b0.read(y!, 'a');
      st(b1, y!, test === 'SB+xchg'); if (test === 'SB+mfence') b1.fence(); b1.read(x!, 'a');
    }
    // Results land in their own lines; the run ends only when every store buffer is empty.
    if (test === 'MP') { b1.write(o0!, b1.r('a')).write(o1!, b1.r('b')); }
    else if (test === 'LB') { b0.write(o0!, b0.r('a')); b1.write(o1!, b1.r('b')); }
    else { b0.write(o0!, b0.r('a')); b1.write(o1!, b1.r('a')); }
    const m = new Machine(cfg, { sharedLines: arena.sharedLines(), nSites: Math.max(1, sites.sites.length), check: true });
    runThreads(m, [{ cpu: cpus[0], program: b0.halt().build() }, { cpu: cpus[1], program: b1.halt().build() }],
      { seed, warmupOps: 0, smtWorkFactor: 1, siblingsOf: () => [] });
    const key = `${m.load(o0!.obj.base)},${m.load(o1!.obj.base)}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
