/**
 * FieldUse from the modelled code paths: which kernel functions read, write or RMW each
 * vm_area_struct field, for `linesim layout show <layout> --workload pft|spf`. The
 * workload's programs are built once (no simulation) and their access sites collected.
 */
import type { FieldUse } from '../layout/field-use.ts';
import { loadLayout, toResolvedLayout } from '../layout/registry.ts';
import type { Layout } from '../layout/schema.ts';
import { InputError } from '../util/errors.ts';
import { ProgramBuilder } from '../workload/builder.ts';
import type { PointSpec } from '../model/point-spec.ts';
import { SiteTable } from '../workload/sites.ts';
import { emitFaultBody, emitLockVmaUnderRcu, emitMmapReadLock, emitMmapReadUnlock, emitVmaEndRead, type FaultParams } from './paths.ts';
import { faulterProgram, parseSpf, placeSpfWorld, writerProgram } from './spf.ts';
import { placeVmaWorld } from './world.ts';
import { detectScheme } from './vma-scheme.ts';

export const FIELD_USE_WORKLOADS = ['pft', 'spf'] as const;
export type FieldUseWorkload = (typeof FIELD_USE_WORKLOADS)[number];

const PARAMS: FaultParams = { tid: 0, workCycles: 0, jitter: 0, streamLines: 0, randomLines: 0, poolLines: 1 };

/** A spec with just what placement needs (line size, layouts, default params). */
function skeletonSpec(layout: Layout, workload: unknown): PointSpec {
  const r = (n: string) => toResolvedLayout(loadLayout(n));
  return {
    experiment: 'field-use', coords: {}, workload, machine: { lineBytes: 64 } as PointSpec['machine'],
    layouts: { main: toResolvedLayout(layout), mm_struct: r('mm_struct'), vma_lock: r('vma_lock') },
    params: {}, threads: 2, iterations: 1, seed: 1, check: false,
  };
}

/** The sites of the pft fault loop (fast path and its mmap_lock fallback), as pft builds them. */
function pftSites(spec: PointSpec): SiteTable {
  const sites = new SiteTable();
  const s = detectScheme(spec.layouts.main!);
  const world = placeVmaWorld(spec, { slabObjects: 8 }, s);
  const b = new ProgramBuilder(sites).inPath('pft');
  if (s.scheme !== 'mmap_lock') {
    emitLockVmaUnderRcu(b, world.objects, s, 0, 'lock_mmap');
    emitFaultBody(b, world.objects, s, PARAMS);
    emitVmaEndRead(b, world.objects, s);
    b.label('lock_mmap');
  }
  emitMmapReadLock(b, world.objects, 0);
  emitFaultBody(b, world.objects, s, PARAMS);
  emitMmapReadUnlock(b, world.objects);
  b.build();
  return sites;
}

/** The sites of one spf faulter and one writer; writer sites on neighbours count too (same fields). */
function spfSites(spec: PointSpec): SiteTable {
  const sites = new SiteTable();
  const w = parseSpf(spec.workload);
  const s = detectScheme(spec.layouts.main!);
  const sw = placeSpfWorld(spec, w, s, 1);
  faulterProgram(sites, sw, s, PARAMS, 1);
  writerProgram(sites, sw, s, [{ kind: 'mprotect', h: sw.fault }, { kind: 'munmap', h: sw.handles[1]! }, { kind: 'mmap', h: sw.handles[1]! }],
    { tid: 1, waitCycles: 1 }, 0, 1);
  return sites;
}

export function fieldUseForWorkload(layout: Layout, workloadKind: FieldUseWorkload): FieldUse {
  if (!FIELD_USE_WORKLOADS.includes(workloadKind)) {
    throw new InputError('--workload', '', `unknown workload '${workloadKind}'; expected ${FIELD_USE_WORKLOADS.join(', ')} or a FieldUse JSON file`);
  }
  const spec = skeletonSpec(layout, workloadKind === 'spf' ? { kind: 'spf' } : { kind: 'pft' });
  const sites = workloadKind === 'pft' ? pftSites(spec) : spfSites(spec);
  const use: FieldUse = {};
  for (const x of sites.sites) {
    if (x.object !== 'vma') continue;
    const u = (use[x.field] ??= { reads: [], writes: [], rmws: [] });
    const list = x.access === 'read' ? u.reads : x.access === 'write' ? u.writes : u.rmws;
    if (!list.includes(x.path)) list.push(x.path);
  }
  return use;
}
