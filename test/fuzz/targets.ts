/**
 * Fuzz targets: every loader and parser a user's input reaches, each with a fast-check
 * generator of mutated real inputs (shipped experiments, profiles, layouts, pahole dumps,
 * the bad-inputs fixtures) and the function that runs the input through the real code.
 * Property (checked by the quick test and `npm run fuzz`): accepted, or one InputError
 * whose CLI line is a single line; never another exception; never slower than 5 s.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/util/errors.ts';
import '../../src/kinds/index.ts';
import { loadExperiment } from '../../src/experiment/load.ts';
import { planExperiment } from '../../src/experiment/plan.ts';
import { registryResolver } from '../../src/experiment/resolve.ts';
import { loadProfile, toMachineConfig } from '../../src/profile/index.ts';
import { Machine } from '../../src/model/machine.ts';
import { parseLayoutText, toResolvedLayout } from '../../src/layout/registry.ts';
import { parseLayout } from '../../src/layout/validate.ts';
import { parsePahole } from '../../src/layout/pahole-parse.ts';
import { formatLayoutView, formatPahole } from '../../src/layout/pahole-format.ts';
import { formatC } from '../../src/layout/c-format.ts';
import { parseRunFlags } from '../../src/cli/run-experiment.ts';
import { parseRegroupFlags } from '../../src/cli/regroup.ts';
import { checkCflags } from '../../src/layout/from-c.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BAD = join(ROOT, 'test', 'fixtures', 'bad-inputs');
const tmp = mkdtempSync(join(tmpdir(), 'linesim-fuzz-'));

type Json = unknown;
const readJson = (p: string): Json => JSON.parse(readFileSync(p, 'utf8'));
const jsonFiles = (dir: string, skip: (f: string) => boolean = () => false) =>
  readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json') && !skip(f)).map((f) => join(dir, f));

/** Values that have broken loaders before: huge, negative, prototype keys, control bytes, long text. */
const NASTY: Json[] = [-1, 0, 1, 2, 3, 7, 64, 99, 4096, 2 ** 31, 2 ** 53, 1e9, 1e23, 1e308, -1e308, 0.5, -0.5, '', 'x', '0', '-1', '1e23', 'rest',
  's9c0', 's0c0t9', '__proto__', 'constructor', 'toString', 'prototype', '../../../PWNED', '<img src=x onerror=alert(1)>', '=1+1', '@SUM(A1)',
  'a\nb', '\u001b[31mred', '\u0000', 'a'.repeat(5000), [], {}, null, true, false, [1, 2, 3], { v: 1, src: '[E] x' }, { v: 1e12, src: '[E] x' },
  { repeat: 1e9, body: [] }, { while: { reg: 'r', eq: 0 }, body: [] }, { read: 's.a' }, { call: 'constructor' }, 'b2', 'd', 'mm_struct'];

const valueArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.integer({ min: -100, max: 5000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

interface Mutation { kind: 'set' | 'delete' | 'rename' | 'deepen' | 'grow' | 'copy'; at: number; value: Json; n: number }
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'set', 'copy', 'copy', 'copy', 'delete', 'rename', 'deepen', 'grow'),
  at: fc.nat(),
  value: valueArb,
  n: fc.integer({ min: 1, max: 100 }),
});

/** Every container/leaf path of `v`, breadth-first (iterative). */
function paths(v: Json): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [[]];
  const queue: Array<{ v: Json; p: Array<string | number> }> = [{ v, p: [] }];
  while (queue.length > 0 && out.length < 5000) {
    const { v: x, p } = queue.shift()!;
    if (x === null || typeof x !== 'object') continue;
    for (const k of Array.isArray(x) ? x.keys() : Object.keys(x)) {
      const q = [...p, k];
      out.push(q);
      queue.push({ v: (x as Record<string | number, Json>)[k], p: q });
    }
  }
  return out;
}

function mutate(seed: Json, ms: readonly Mutation[], under: string | undefined): Json {
  let root = structuredClone(seed) as Json;
  for (const m of ms) {
    const all = paths(root).filter((p) => under === undefined || p[0] === under);
    if (all.length === 0) continue;
    const p = all[m.at % all.length]!;
    if (p.length === 0) { if (m.kind === 'set') root = structuredClone(m.value); continue; }
    const parent = p.slice(0, -1).reduce((o: any, k) => o[k], root) as any;
    const k = p[p.length - 1]!;
    if (m.kind === 'set') parent[k] = structuredClone(m.value);
    else if (m.kind === 'delete') Array.isArray(parent) ? parent.splice(Number(k), 1) : delete parent[k];
    else if (m.kind === 'rename' && !Array.isArray(parent)) { const v = parent[k]; delete parent[k]; Object.defineProperty(parent, String(m.value), { value: v, enumerable: true, writable: true, configurable: true }); }
    else if (m.kind === 'deepen') { let v = parent[k]; for (let i = 0; i < m.n; i++) v = { repeat: 1, body: [v], a: v === undefined ? 0 : undefined }; parent[k] = v; }
    // copy another value of the same input here: mutants that stay well-typed reach the deeper checks
    else if (m.kind === 'copy') { const src = paths(root)[m.n * 7919 % all.length]; if (src) parent[k] = structuredClone(src.reduce((o: any, kk) => o?.[kk], root)); }
    else if (m.kind === 'grow' && Array.isArray(parent[k])) { const a = parent[k]; for (let i = 0; i < m.n && a.length > 0; i++) a.push(structuredClone(a[i % a.length])); }
  }
  return root;
}

/** Text of a mutated seed; sometimes with raw byte edits, so the JSON parser itself is fuzzed. */
function jsonInput(seeds: readonly Json[], under?: string): fc.Arbitrary<string> {
  return fc.tuple(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 2 }), fc.option(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 8 })), { freq: 10 }))
    .map(([i, ms, edit]) => {
      const text = JSON.stringify(mutate(seeds[i % seeds.length], ms, under));
      if (!edit) return text;
      const [at, del, ins] = edit;
      const pos = at % (text.length + 1);
      return text.slice(0, pos) + ins + text.slice(pos + del);
    });
}

export interface Target {
  name: string;
  arb: fc.Arbitrary<unknown>;
  run(input: unknown): Promise<void> | void;
  show(input: unknown): string;
}

let fileNo = 0;
function writeInput(text: string, ext: string): string {
  const p = join(tmp, `in-${fileNo++ % 16}${ext}`);
  writeFileSync(p, text);
  return p;
}

// valid seeds weighted 5:1 over the near-miss bad inputs, so mutants also reach the checks behind the schema
const validSeeds = [...jsonFiles(join(ROOT, 'experiments')), join(BAD, 'layout-backed-field-ref.json'), join(BAD, 'xss-program.json')];
const experimentSeeds = [...Array(5).fill(validSeeds).flat(), ...jsonFiles(BAD, (f) => /^(evil-c|xss-layout|report-bad-results|deep-)/.test(f))].map(readJson)
  // quick fuzz: keep the sweeps small so a valid mutant is planned (and dry-run) in milliseconds
  .map((e: any) => ({ ...e, threads: (e.threads ?? [1]).slice(0, 2), iterations: 1 }));
const programSeeds = experimentSeeds.filter((e: any) => e.workload?.kind === 'program');

async function runExperiment(input: unknown): Promise<void> {
  const path = writeInput(input as string, '.json');
  planExperiment(await loadExperiment(path, registryResolver), registryResolver);
}

const profileSeeds = jsonFiles(join(ROOT, 'cpu-profiles')).map(readJson);
const layoutSeeds = jsonFiles(join(ROOT, 'layouts')).map(readJson);
const paholeSeeds = [
  ...layoutSeeds.map((l) => formatPahole(parseLayout(l, 'seed'))),
  readFileSync(join(ROOT, 'test', 'fixtures', 'd-v6.15.pahole.txt'), 'utf8'),
  ...readdirSync(BAD).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(BAD, f), 'utf8')),
];
const PAHOLE_LINES = ['struct s {', '};', 'union {', '} u; /* 0 8 */', '\tint a:0; /* 0: 0 4 */', '\tconstructor x; /* 0 8 */', '\tlong b; /* 99999999999 8 */',
  '\tint c:40; /* 0: 3 4 */', '\t/* size: 0, cachelines: 0 */', '\t/* size: 4294967296, cachelines: 67108864 */', '\tchar d[1000000000]; /* 0 1000000000 */',
  '\tstruct {', '\t} __attribute__((__aligned__(0))); /* 0 8 */', '\tint __proto__; /* 0 4 */', '\tvoid (*f)(int); /* 8 8 */', ''];
const paholeArb = fc.tuple(fc.nat(), fc.array(fc.record({ op: fc.constantFrom('del', 'dup', 'ins', 'edit'), at: fc.nat(), line: fc.constantFrom(...PAHOLE_LINES), num: fc.constantFrom('0', '-1', '7', '64', '4096', '1e9', '99999999999999999999', 'x') }), { minLength: 1, maxLength: 5 }))
  .map(([i, ops]) => {
    const lines = paholeSeeds[i % paholeSeeds.length]!.split('\n');
    for (const o of ops) {
      const at = o.at % (lines.length + 1);
      if (o.op === 'del') lines.splice(at, 1);
      else if (o.op === 'dup') lines.splice(at, 0, lines[at] ?? '');
      else if (o.op === 'ins') lines.splice(at, 0, o.line);
      else if (lines[at] !== undefined) lines[at] = lines[at]!.replace(/\d+/, o.num);
    }
    return lines.join('\n');
  });

const flagText = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('1', '2', '4', '1,2', '3') }, fc.constantFrom('1', '0', '-1', '2.5', '1e23', '99999999999999999999', '200', '1,2,3', '1,,2', '1,1', ',', '', ' 4 ', 'a,b', 'a,a', '\u0000', 'x'.repeat(300)), fc.string({ maxLength: 10 }));
const flagsArb = fc.record({
  jobs: fc.option(flagText), iterations: fc.option(flagText), threads: fc.option(flagText), profiles: fc.option(flagText), out: fc.option(fc.constantFrom('/tmp', 'package.json', ''), { freq: 2 }),
  budget: flagText, slots: flagText, faults: flagText, seed: flagText, name: fc.option(fc.oneof(fc.constantFrom('ok', 'a.b', '../x', ''), flagText)), cflags: fc.array(fc.constantFrom('-I', 'inc', '-DX=1', '-wrapper', '/bin/sh,-c', '-std=gnu11', '-m64', '-fplugin=x.so', '@f', '-B/tmp', '-O2', '-Wl,-x', '-mplugin=x'), { maxLength: 4 }),
}, { requiredKeys: ['budget', 'slots', 'faults', 'seed', 'cflags'] });

const u = (v: unknown) => (v === null ? undefined : (v as string));

export const TARGETS: Target[] = [
  { name: 'experiment', arb: jsonInput(experimentSeeds), run: runExperiment, show: (i) => String(i) },
  { name: 'program workload', arb: jsonInput(programSeeds, 'workload'), run: runExperiment, show: (i) => String(i) },
  {
    name: 'profile', arb: jsonInput(profileSeeds), show: (i) => String(i),
    run(input) { new Machine(toMachineConfig(loadProfile(writeInput(input as string, '.json'))), { sharedLines: 1, nSites: 1 }); },
  },
  {
    name: 'layout JSON', arb: jsonInput(layoutSeeds), show: (i) => String(i),
    run(input) {
      const l = parseLayoutText(input as string, 'fuzz.json');
      toResolvedLayout(l); formatPahole(l); formatC(l); formatLayoutView(l, { pairBytes: 128, slabOffset: 16 });
    },
  },
  {
    name: 'pahole text', arb: paholeArb, show: (i) => String(i),
    run(input) { const l = parsePahole(input as string, 'fuzz.txt'); parseLayout(JSON.parse(JSON.stringify(l)), 'fuzz.txt'); },
  },
  {
    name: 'CLI flags', arb: flagsArb, show: (i) => JSON.stringify(i),
    run(input) {
      const f = input as Record<string, unknown>;
      parseRunFlags({ jobs: u(f.jobs), iterations: u(f.iterations), threads: u(f.threads), profiles: u(f.profiles), out: u(f.out) });
      parseRegroupFlags('d', {
        workload: 'pft', profiles: u(f.profiles) ?? 'broadwell-ep', prefetch: 'on', threads: u(f.threads) ?? '56', budget: f.budget as string, seed: f.seed as string,
        slots: f.slots as string, shortFaults: '15', faults: f.faults as string, warmup: '10', iterations: u(f.iterations) ?? '3', confirm: '5', lockScheme: 'keep',
        name: u(f.name), out: '/tmp/x',
      });
      checkCflags(f.cflags as string[]);
    },
  },
];

export interface Outcome { kind: 'accepted' | 'rejected' | 'crash'; ms: number; error?: unknown }

/** Run one input: accepted, rejected with one InputError, or a crash (anything else). */
export async function runOne(t: Target, input: unknown): Promise<Outcome> {
  const t0 = performance.now();
  try {
    await t.run(input);
    return { kind: 'accepted', ms: performance.now() - t0 };
  } catch (e) {
    const ms = performance.now() - t0;
    return e instanceof InputError ? { kind: 'rejected', ms, error: e } : { kind: 'crash', ms, error: e };
  }
}
