/**
 * The `spf` workload kind: spf_test-like stress (model-notes §3). Faulting threads run the
 * pft fault loop on the VMA at `slabSlot`; writer threads beside them mprotect, munmap and
 * re-mmap the neighbouring VMAs of the same slab (same or adjacent lines and pairs) and
 * every `writeFaultingVmaEvery`-th operation mprotect the faulting VMA itself, so the
 * faulters' fast path fails and falls back to mmap_lock. Writers stop when every faulter
 * has finished (a shared `finished` counter, RMW once per faulter).
 * Metrics: faults_per_sec, faults_per_cpu (steady-state, while every faulter faults, as in
 * pft), fallback_rate (faults that took mmap_lock, whole run including warmup),
 * writer_ops_per_sec (whole run). In checked mode the VMA invariants
 * (invariants.ts) are asserted at every store and any violation fails the point.
 */
import type { MetricSpec, PointResult } from '../model/result-types.ts';
import { placeThreads } from '../model/topology/placement.ts';
import { InputError } from '../util/errors.ts';
import type { PlacedObject } from '../workload/arena.ts';
import { ProgramBuilder } from '../workload/builder.ts';
import { steadyThroughput, throughput } from '../workload/collect.ts';
import { Cond, RmwFn } from '../workload/ir.ts';
import type { WorkloadKind } from '../workload/kind.ts';
import { registerWorkload } from '../workload/registry.ts';
import type { PointSpec, ResolvedLayout } from '../model/point-spec.ts';
import { runPoint } from '../workload/run-point.ts';
import { SiteTable } from '../workload/sites.ts';
import { parseInput } from '../util/zod-input.ts';
import { VmaInvariants, formatViolations, tapMachine, type Violation } from './invariants.ts';
import { emitFaultBody, emitLockVmaUnderRcu, emitMmapReadLock, emitMmapReadUnlock, emitVmaEndRead, type FaultParams } from './paths.ts';
import { SpfSchema, type SpfBlock } from './spf-schema.ts';
import { initVmaMemory, placeVmaWorld, type VmaWorld } from './world.ts';
import { detectScheme, type VmaScheme } from './vma-scheme.ts';
import { preflightVma } from './preflight.ts';
import {
  emitMmapWriteLock, emitMmapWriteUnlock, emitMprotectFields, emitVmaMarkAttached, emitVmaMarkDetached,
  emitVmaSetRange, emitVmaStartWrite, type VmaHandle, type WriterOptions,
} from './writer-paths.ts';

export const SPF_METRICS: MetricSpec[] = [
  { name: 'faults_per_sec', unit: 'faults/s', aggregate: 'hmean', higherIsBetter: true },
  { name: 'faults_per_cpu', unit: 'faults/cpu-s', aggregate: 'hmean', higherIsBetter: true },
  { name: 'fallback_rate', unit: 'fraction', aggregate: 'mean', higherIsBetter: false },
  { name: 'writer_ops_per_sec', unit: 'ops/s', aggregate: 'hmean', higherIsBetter: true },
];

export function parseSpf(block: unknown, source = 'workload', prefix = 'workload'): SpfBlock {
  return parseInput(SpfSchema, block, source, prefix);
}

/** Writer thread count for a point with `threads` threads; at least one faulter must remain. */
export function writerCount(w: SpfBlock, threads: number): number {
  const n = Number.isInteger(w.writers) ? w.writers : Math.max(1, Math.round(w.writers * threads));
  if (threads - n < 1) throw new InputError('workload', 'workload.writers', `${n} writer(s) leave no faulting thread at ${threads} thread(s)`);
  return n;
}

/** The `n` slots nearest `slot` (slot+1, slot−1, slot+2, …) within [0, max). */
export function neighbourSlots(slot: number, n: number, max: number): number[] {
  const out: number[] = [];
  for (let d = 1; out.length < n && d < max; d++) for (const s of [slot + d, slot - d]) if (s >= 0 && s < max && out.length < n) out.push(s);
  return out;
}

const CTL_LAYOUT: ResolvedLayout = { name: 'spf_ctl', size: 64, objectAlign: 64, typesafeByRcu: false, fields: [{ name: 'finished', offset: 0, size: 8 }] };
const vmStart = (slot: number) => 0x7f0000000000 + slot * 0x100000000; // as initVmaMemory
const VM_FLAGS_RW = 0x73, VM_FLAGS_RO = 0x71;

export interface SpfWorld {
  world: VmaWorld;
  fault: VmaHandle;
  handles: VmaHandle[];
  ctl: PlacedObject;
}

/** Place the slab with enough neighbours; give each touched VMA its own vma_lock (split scheme), neighbours next to each other. */
export function placeSpfWorld(spec: PointSpec, w: SpfBlock, scheme: VmaScheme, nWriters: number): SpfWorld {
  const slot = Number(spec.params.slabSlot ?? 0);
  const nb = Math.max(w.neighbours, nWriters);
  const world = placeVmaWorld(spec, { slabObjects: Math.max(w.slabObjects, slot + nb + 1) }, scheme);
  const lslot = Number(spec.params.lockSlot ?? 1);
  const slots = [slot, ...neighbourSlots(slot, nb, world.vmas.length)];
  if (slots.length < nb + 1) throw new InputError('workload', 'workload.neighbours', `the slab of ${world.vmas.length} VMAs has no ${nb} neighbours around slot ${slot}`);
  const n = world.locks.length;
  if (scheme.scheme === 'split_rwsem' && slots.length > n) throw new InputError('workload', 'workload.neighbours', `${slots.length} VMAs need more vma_lock objects than the ${n} modelled`);
  const handles = slots.map((s) => ({
    slot: s, vma: world.vmas[s]!,
    lock: scheme.scheme === 'split_rwsem' ? (s === slot ? world.objects.vmaLock : world.locks[(((lslot + s - slot) % n) + n) % n]) : undefined,
  }));
  const ctl = world.arena.single('spf_ctl', CTL_LAYOUT, 64);
  return { world, fault: handles[0]!, handles, ctl };
}

/** One faulter: the pft loop (fast path, mmap_lock fallback), then bump `finished`. */
export function faulterProgram(sites: SiteTable, sw: SpfWorld, s: VmaScheme, p: FaultParams, faults: number) {
  const b = new ProgramBuilder(sites).inPath('spf_fault');
  const o = sw.world.objects;
  b.set('i', 0).label('fault');
  if (s.scheme !== 'mmap_lock') {
    emitLockVmaUnderRcu(b, o, s, p.tid, 'lock_mmap');
    emitFaultBody(b, o, s, p);
    emitVmaEndRead(b, o, s);
    b.jmp('next');
    b.label('lock_mmap');
  }
  emitMmapReadLock(b, o, p.tid);
  emitFaultBody(b, o, s, p);
  emitMmapReadUnlock(b, o);
  b.label('next').inPath('spf_fault').done().add('i', 1).br('i', Cond.Lt, faults, 'fault');
  b.inPath('spf_finish').rmw(RmwFn.Add, { obj: sw.ctl, role: 'spf_ctl', field: 'finished' }, 1);
  return b.halt().build();
}

type WriterOp = { kind: 'mprotect' | 'munmap' | 'mmap'; h: VmaHandle };

/** Writer `w`'s repeating operation cycle: its own neighbours mprotect→munmap→mmap, the faulting VMA every Nth op. */
export function writerCycle(sw: SpfWorld, w: number, nWriters: number, every: number): WriterOp[] {
  const own = sw.handles.slice(1).filter((_, i) => i % nWriters === w);
  if (every === 1 || own.length === 0) return [{ kind: 'mprotect', h: sw.fault }];
  const out: WriterOp[] = [];
  for (const h of own) {
    for (const kind of ['mprotect', 'munmap', 'mmap'] as const) {
      if (every > 0 && (out.length + 1) % every === 0) out.push({ kind: 'mprotect', h: sw.fault });
      out.push({ kind, h });
    }
  }
  return out;
}

/** One writer operation = one mmap_lock write cycle (a syscall). */
function emitWriterOp(b: ProgramBuilder, sw: SpfWorld, s: VmaScheme, op: WriterOp, o: WriterOptions, work: number, flip: boolean): void {
  const mm = sw.world.objects.mm, h = op.h;
  b.inPath(`sys_${op.kind}`).work(work / 2, 0.05);
  if (op.kind === 'mmap') {
    // __mmap_region: a fresh (detached, invisible) VMA is filled in before it is locked and linked.
    emitMmapWriteLock(b, mm, o);
    emitVmaSetRange(b, h, vmStart(h.slot), vmStart(h.slot) + 0x80000000, 0);
    emitMprotectFields(b, h, VM_FLAGS_RW, 'vm_flags_init');
    b.work(work / 2, 0.05);
    emitVmaStartWrite(b, mm, h, s, o);
    emitVmaMarkAttached(b, h, s); // vma_iter_store_new
  } else {
    emitMmapWriteLock(b, mm, o);
    b.work(work / 2, 0.05); // find_vma, maple-tree update, page-table work under the lock
    emitVmaStartWrite(b, mm, h, s, o);
    if (op.kind === 'mprotect') emitMprotectFields(b, h, flip ? VM_FLAGS_RO : VM_FLAGS_RW);
    else emitVmaMarkDetached(b, h, s, o);
  }
  emitMmapWriteUnlock(b, mm);
}

export function writerProgram(sites: SiteTable, sw: SpfWorld, s: VmaScheme, ops: WriterOp[], o: WriterOptions, work: number, nFaulters: number) {
  const b = new ProgramBuilder(sites).inPath('spf_writer');
  const fin = { obj: sw.ctl, role: 'spf_ctl', field: 'finished' };
  b.label('cycle');
  ops.forEach((op, i) => {
    b.inPath('spf_writer').read(fin, 'fin').br('fin', Cond.Ge, nFaulters, 'end');
    emitWriterOp(b, sw, s, op, o, work, i % 2 === 1);
    b.inPath('spf_writer').done();
  });
  b.jmp('cycle').label('end');
  return b.halt().build();
}

export interface SpfRunOptions {
  /** test-only mutant writer (see WriterOptions.skipReaderWait) */
  skipReaderWait?: boolean;
  /** assert the invariants even when spec.check is off; never throw on violations */
  collectViolations?: boolean;
}

export interface SpfRun { result: PointResult; violations: Violation[]; totalViolations: number }

export function runSpf(spec: PointSpec, opts: SpfRunOptions = {}): SpfRun {
  const w = parseSpf(spec.workload);
  const vmaLayout = spec.layouts.main;
  if (!vmaLayout) throw new Error('spf needs a vm_area_struct layout (experiment "layouts")');
  const scheme = detectScheme(vmaLayout, w.lockScheme);
  const work = w.privateWorkCycles ?? spec.machine.calibration['pft.privateWorkCycles'];
  if (work === undefined) throw new Error(`profile ${spec.machine.name} has no calibration pft.privateWorkCycles (run \`linesim calibrate pft\`)`);
  const nWriters = writerCount(w, spec.threads), nFaulters = spec.threads - nWriters;
  const violations: Violation[] = [];
  let total = 0;
  const hz = spec.machine.freqGHz * 1e9;
  const checking = spec.check || opts.collectViolations === true;
  const result = runPoint(spec, {
    metricSpecs: SPF_METRICS,
    warmupOps: w.warmupFaults,
    recordDone: true,
    place: () => { const sw = placeSpfWorld(spec, w, scheme, nWriters); return { arena: sw.world.arena, world: sw }; },
    programs: (sw, topo, sites) => {
      const poolLines = Math.max(1, Math.round((w.poolKiB * 1024) / spec.machine.lineBytes));
      return placeThreads(topo, spec.threads, w.placement, spec.machine.smt).map((cpu, tid) => {
        if (tid < nFaulters) {
          const p: FaultParams = { tid, workCycles: work, jitter: w.jitter, streamLines: w.streamLines, randomLines: w.randomLines, poolLines };
          return { cpu, program: faulterProgram(sites, sw, scheme, p, w.faultsPerThread + w.warmupFaults) };
        }
        const ops = writerCycle(sw, tid - nFaulters, nWriters, w.writeFaultingVmaEvery);
        const o: WriterOptions = { tid, waitCycles: w.waitCycles, skipReaderWait: opts.skipReaderWait };
        return { cpu, program: writerProgram(sites, sw, scheme, ops, o, w.writerWorkCycles, nFaulters) };
      });
    },
    init: (m, sw) => initVmaMemory(m, sw.world, scheme),
    attach: (m, sw, sites) => {
      // Faults that took the mmap_lock fallback read vm_start in find_vma; count them, and
      // in checked mode assert the VMA invariants at every store.
      const fallbackSites = new Set(sites.sites.filter((x) => x.path === 'find_vma' && x.field === 'vm_start').map((x) => x.id));
      const tap = { fallbacks: 0, inv: checking ? new VmaInvariants(m, sw.world.objects.mm, sw.handles, scheme, sites.sites, () => true) : undefined };
      const inv = tap.inv;
      tapMachine(m, {
        onAccess: (cpu, site) => { if (fallbackSites.has(site)) tap.fallbacks++; inv?.onAccess(cpu, site); },
        onStore: inv ? (cpu, site, addr, old, v) => inv.onStore(cpu, site, addr, old, v) : undefined,
      });
      return tap;
    },
    metrics: ({ it, res, tap }) => {
      const inv = tap.inv;
      if (inv) {
        inv.quiescent(-1, -1, true);
        total += inv.total;
        violations.push(...inv.violations);
        if (inv.total > 0 && !opts.collectViolations) throw new Error(`spf ${vmaLayout.name} iteration ${it}: ${formatViolations(inv.violations, inv.total)}`);
      }
      const f = steadyThroughput(res.slice(0, nFaulters), w.warmupFaults), wr = throughput(res.slice(nFaulters));
      const allFaults = nFaulters * (w.faultsPerThread + w.warmupFaults);
      return {
        faults_per_sec: f.wallCycles > 0 ? (f.ops / f.wallCycles) * hz : 0,
        faults_per_cpu: f.cpuCycles > 0 ? (f.ops / f.cpuCycles) * hz : 0,
        fallback_rate: tap.fallbacks / allFaults,
        writer_ops_per_sec: wr.wallCycles > 0 ? (wr.ops / wr.wallCycles) * hz : 0,
      };
    },
  });
  return { result, violations, totalViolations: total };
}

export const spfKind: WorkloadKind = {
  name: 'spf',
  summary: 'spf_test-like stress: faulters on one VMA beside writers that mprotect/munmap/mmap its slab neighbours (and sometimes it)',
  validate(block, source, prefix) { parseSpf(block, source, prefix); },
  preflight: (spec, source) => preflightVma('spf', spec, source, (s) => runSpf(s).result),
  metrics: () => SPF_METRICS,
  scenarios: () => [],
  extraLayouts: () => ['vma_lock', 'mm_struct'],
  simulate: (spec) => runSpf(spec).result,
};

registerWorkload(spfKind);
