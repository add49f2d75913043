/**
 * `linesim regroup`: from an input vm_area_struct-like layout to a better member order
 * under constraints, scored by the model. Heuristic starts and simulated annealing on
 * short runs; the best few distinct candidates, the input and every reference are then
 * re-scored on a full run, and the best candidate by that score is written out.
 * All input checks happen before anything is written to --out.
 */
import { join } from 'node:path';
import { InputError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { joinInside, safeStem } from '../util/safe-path.ts';
import { loadLayout, toResolvedLayout } from '../layout/registry.ts';
import type { Layout, SlabInfo } from '../layout/schema.ts';
import { formatC } from '../layout/c-format.ts';
import { registryResolver } from '../experiment/resolve.ts';
import { applyConstraints, placementKey } from './blocks.ts';
import { candidateLayout, inputCandidate, shuffledCandidate, type Candidate } from './candidate.ts';
import { evaluateLayout, type EvalSettings, type RunLength } from './evaluate.ts';
import { anneal, classifyBlocks, heuristicCandidates } from './search.ts';
import { toRefcountScheme, type LockSchemeChange } from './lock-scheme.ts';
import type { ResolvedLayout } from '../model/point-spec.ts';
import { programKind } from '../workload/program/kind.ts';
import { namedObjectLayouts } from '../workload/program/layouts.ts';
import type { ProgramWorkload } from '../workload/program/schema.ts';

export interface RegroupRequest {
  input: string;
  profiles: string[];
  weights?: number[];
  prefetch: string;
  threads: number;
  maxCachelines?: number;
  fixed: string[];
  groups: string[][];
  references: string[];
  budget: number;
  seed: number;
  slots: number[];
  short: RunLength;
  full: RunLength;
  /** distinct short-run leaders re-scored on the full run */
  confirm: number;
  slabAlign?: number;
  shuffle?: number;
  name?: string;
  /** a program workload (compare/workload-arg.ts) instead of pft: scored in cycles per op */
  program?: { block: { kind: string; scenarios?: Array<{ name: string }> }; mainObject: string };
  /** 'refcount': replace the per-VMA lock by vm_refcnt before the search (lock-scheme.ts) */
  lockScheme?: LockSchemeChange;
}

export interface Prepared {
  req: RegroupRequest;
  /** the layout the search reorders: the user's, or its --lock-scheme transform */
  input: Layout;
  /** what the search starts from / is compared against: the input, or its seeded shuffle */
  start: Layout;
  blocks: ReturnType<typeof applyConstraints>['blocks'];
  maxSize: number;
  slab: SlabInfo;
  settings: EvalSettings;
  references: Array<{ ref: string; layout: Layout }>;
  name: string;
}

/** Resolve and check everything the run needs; throws InputError, writes nothing. */
export async function prepareRegroup(req: RegroupRequest): Promise<Prepared> {
  const given = loadLayout(req.input);
  const input = req.lockScheme === 'refcount' ? toRefcountScheme(given) : given;
  const references: Prepared['references'] = [];
  for (const ref of req.references) {
    await registryResolver.layout(ref, { source: '--reference', where: '' });
    references.push({ ref, layout: loadLayout(ref) });
  }
  if (req.weights && req.weights.length !== req.profiles.length) {
    throw new InputError('--weights', '', `${req.weights.length} weights for ${req.profiles.length} profiles`);
  }
  const known = registryResolver.prefetchSettings();
  if (!known.includes(req.prefetch)) throw new InputError('--prefetch', '', `unknown prefetch setting '${req.prefetch}' (known: ${known.join(', ')})`);
  const profiles: EvalSettings['profiles'] = [];
  for (const name of req.profiles) {
    const at = { source: '--profiles', where: '' };
    const p = await registryResolver.profile(name, undefined, at, at);
    const m = p.machine;
    const hw = m.sockets * m.coresPerSocket * m.smt;
    if (req.threads > hw) throw new InputError('--threads', '', `${req.threads} threads exceeds the ${hw} hardware threads of profile '${name}'`);
    profiles.push({ label: name, machine: registryResolver.applyPrefetch(m, req.prefetch) });
  }
  const { blocks, maxSize } = applyConstraints(input, req.fixed, req.groups, req.maxCachelines);
  const slab: SlabInfo = req.slabAlign === undefined ? { ...input.slab } : {
    ...input.slab, objectAlign: req.slabAlign, hwcacheAlign: req.slabAlign >= 64,
    flags: `${input.slab.flags ?? ''} (objectAlign set to ${req.slabAlign} by linesim regroup --slab-align)`.trim(),
  };
  const name = req.name ?? `${input.name}-regrouped`;
  let start = input;
  if (input !== given) {
    start = { ...input, slab };
  }
  if (req.shuffle !== undefined) {
    start = candidateLayout(input, blocks, shuffledCandidate(blocks, req.shuffle), {
      name: `${input.name}-shuffled${req.shuffle}`, description: `${input.name} with its members in a random order (seed ${req.shuffle}), written by linesim regroup --shuffle`, slab,
    }).layout;
    if (input === given && !references.some((r) => r.layout.name === input.name)) references.unshift({ ref: req.input, layout: input });
  }
  // the user's own layout is always scored next to a transformed or shuffled start
  if (input !== given && !references.some((r) => r.layout.name === given.name)) references.unshift({ ref: req.input, layout: given });
  const extra = { vma_lock: toResolvedLayout(loadLayout('vma_lock')), mm_struct: toResolvedLayout(loadLayout('mm_struct')) };
  let program: EvalSettings['program'];
  if (req.program) {
    const named: Record<string, ResolvedLayout> = {};
    for (const n of namedObjectLayouts(req.program.block as ProgramWorkload)) named[n] = await registryResolver.layout(n, { source: '--workload', where: 'objects' });
    programKind.validateLayouts!(req.program.block, '--workload', 'workload', { extra: named, axis: [{ label: input.name, layout: toResolvedLayout(input), where: 'regroup input' }] });
    program = { block: req.program.block, scenario: req.program.block.scenarios?.[0]?.name ?? '', extra: named };
  }
  return { req, input, start, blocks, maxSize, slab, name, references, settings: { profiles, weights: req.weights, threads: req.threads, slots: req.slots, seed: req.seed, extra, program } };
}

export interface Scored { name: string; size: number; cachelines: number; score: number; perProfile: ReturnType<typeof evaluateLayout>['perProfile'] }

export interface RegroupOutcome {
  candidate: Layout;
  origin: string;
  shortScore: number;
  full: Scored;
  start: Scored;
  references: Scored[];
  heuristics: Array<{ name: string; shortScore: number | null }>;
  evaluated: number;
  infeasible: number;
  confirmed: Array<{ key: string; shortScore: number; fullScore: number }>;
}

export function runRegroup(p: Prepared, progress: (line: string, final?: boolean) => void): RegroupOutcome {
  const { req, blocks, settings } = p;
  const meta = { name: p.name, description: `${p.input.name} regrouped by linesim (${req.program ? 'program workload' : 'pft'}, ${req.threads} threads, ${req.profiles.join('+')}, prefetch ${req.prefetch})`, slab: p.slab };
  const build = (c: Candidate) => candidateLayout(p.input, blocks, c, meta);
  const shortScore = (l: Layout) => evaluateLayout(toResolvedLayout(l), settings, req.short);
  const startShort = shortScore(p.start);
  const fmt = (x: number) => x.toFixed(0);
  let evaluated = 1;
  const unit = req.program ? 'op' : 'fault';
  const report = (best: number) => progress(`regroup: ${evaluated} candidates evaluated, best ${fmt(best)} cycles/${unit} (start ${fmt(startShort.score)})`);

  const cls = classifyBlocks(blocks, startShort.sample.sites, req.program?.mainObject ?? 'vma');
  const starts: Array<{ name: string; c: Candidate }> = [{ name: req.shuffle !== undefined ? 'input order' : 'input order (re-placed)', c: inputCandidate(blocks) }, ...heuristicCandidates(blocks, cls)];
  if (req.shuffle !== undefined) starts[0] = { name: `shuffled (seed ${req.shuffle})`, c: shuffledCandidate(blocks, req.shuffle) };
  const heuristics: RegroupOutcome['heuristics'] = [];
  let best: { name: string; c: Candidate; score: number } | undefined;
  const startScores = new Map<string, number>();
  for (const s of starts) {
    const built = build(s.c);
    if (built.layout.size > p.maxSize) { heuristics.push({ name: s.name, shortScore: null }); continue; }
    const key = placementKey(built.placement);
    const known = startScores.get(key);
    const sc = known ?? shortScore(built.layout).score;
    if (known === undefined) { evaluated++; startScores.set(key, sc); }
    heuristics.push({ name: s.name, shortScore: sc });
    if (!best || sc < best.score) best = { ...s, score: sc };
    report(best.score);
  }
  if (!best) throw new InputError('--max-cachelines', '', `no starting order fits in ${p.maxSize} B`);
  const res = anneal(blocks, p.maxSize, best.c, req.budget, req.seed, {
    score: (c) => { evaluated++; const l = build(c).layout; return shortScore(l).score; },
    progress: (_n, b) => report(Math.min(b, best!.score)),
  });
  const startKey = placementKey(build(best.c).placement);

  // Confirm on the full run: the leading distinct candidates, the start and the references.
  const leaders = res.top.slice(0, req.confirm);
  const fullOf = (l: Layout): Scored => {
    const s = evaluateLayout(toResolvedLayout(l), settings, req.full);
    return { name: l.name, size: l.size, cachelines: Math.ceil(l.size / 64), score: s.score, perProfile: s.perProfile };
  };
  const confirmed = leaders.map((t, i) => {
    progress(`regroup: confirming candidate ${i + 1}/${leaders.length} on the full run`);
    const l = build(t.c).layout;
    return { t, l, full: fullOf(l) };
  });
  progress(`regroup: scoring the start layout and ${p.references.length} reference(s) on the full run`);
  const start = fullOf(p.start);
  // The start itself competes when it satisfies the bound, so the search never hands back
  // something the full run scores worse than what the user already has.
  if (p.start.size <= p.maxSize) {
    const kept = { ...p.start, name: p.name, description: `${p.start.name} unchanged: no order scored better on the full run`, slab: p.slab };
    confirmed.push({ t: { c: inputCandidate(blocks), score: startShort.score, key: 'start' }, l: kept, full: { ...start, name: p.name } });
  }
  confirmed.sort((a, b) => a.full.score - b.full.score);
  const win = confirmed[0]!;
  const references = p.references.map((r) => fullOf(r.layout));
  progress(`regroup: ${evaluated} candidates evaluated (${res.infeasible} proposals over the size bound skipped); best ${fmt(win.full.score)} cycles/${unit} on the full run (start ${fmt(start.score)})`, true);
  return {
    candidate: win.l, origin: win.t.key === 'start' ? 'start layout kept (no better order found)' : win.t.key === startKey ? best.name : `simulated annealing from ${best.name}`, shortScore: win.t.score, full: win.full, start, references, heuristics,
    evaluated, infeasible: res.infeasible, confirmed: confirmed.map((c) => ({ key: c.t.key, shortScore: c.t.score, fullScore: c.full.score })),
  };
}

export function writeRegroupOutputs(out: string, p: Prepared, o: RegroupOutcome): { layoutPath: string; startPath?: string } {
  // File names come from layout names (user text): plain stems, inside --out.
  const layoutPath = joinInside(out, `${safeStem(o.candidate.name)}.json`);
  writeFileAtomic(layoutPath, JSON.stringify({ $schema: 'https://linesim/layouts/layout.schema.json', ...o.candidate }, null, 2) + '\n');
  writeFileAtomic(joinInside(out, `${safeStem(o.candidate.name)}.h`), formatC(o.candidate));
  let startPath: string | undefined;
  if (p.start !== p.input) {
    startPath = joinInside(out, `${safeStem(p.start.name)}.json`);
    writeFileAtomic(startPath, JSON.stringify(p.start, null, 2) + '\n');
  }
  const metric = (p.req.program
    ? `program cycles per op = CPU clock / Hmean(ops_per_cpu_s), scenario ${p.settings.program!.scenario}, ${p.req.threads} threads, prefetch ${p.req.prefetch}, `
    : `pft cycles per fault = CPU clock / Hmean(faults_per_cpu), ${p.req.threads} threads, prefetch ${p.req.prefetch}, mean over slab slots ${p.req.slots.join(',')}, `) +
    `${p.req.weights ? `weighted mean (${p.req.weights.join(',')})` : 'worst case'} across profiles ${p.req.profiles.join(', ')}; ` +
    `full run: ${p.req.full.faults} faults/thread, ${p.req.full.warmup} warm-up, ${p.req.full.iterations} iteration(s), seed ${p.req.seed}; lower is better`;
  const json = {
    metric,
    candidate: { name: o.candidate.name, size: o.candidate.size, cachelines: Math.ceil(o.candidate.size / 64), score: o.full.score, shortRunScore: o.shortScore, origin: o.origin, perProfile: o.full.perProfile },
    input: { ...o.start, isShuffled: p.req.shuffle !== undefined, lockScheme: p.req.lockScheme ?? 'keep' },
    references: o.references,
    improvementVsInputPct: ((o.start.score - o.full.score) / o.start.score) * 100,
    constraints: { maxCachelines: p.req.maxCachelines ?? null, fixed: p.req.fixed, groups: p.req.groups.map((g) => g.join('+')), slab: p.slab },
    search: { budget: p.req.budget, evaluated: o.evaluated, infeasibleSkipped: o.infeasible, seed: p.req.seed, shortRun: p.req.short, fullRun: p.req.full, heuristics: o.heuristics, confirmed: o.confirmed },
  };
  writeFileAtomic(join(out, 'regroup.json'), JSON.stringify(json, null, 2) + '\n');
  return { layoutPath, startPath };
}
