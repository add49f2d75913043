/**
 * `linesim profiles list|show`: the CPU profiles the model can run, and where each
 * number comes from. `show --json` prints the effective profile exactly as it is
 * written next to results.
 */
import type { Command } from 'commander';
import {
  applyOverrides, coresPerLlc, effectiveProfileJson, llcKib, llcLatNs, loadAllProfiles, loadProfile, snoopFilterOf,
  parseAssignments, type EffectiveProfile, type Sourced,
} from '../profile/index.ts';

const collect = (v: string, prev: string[]) => [...prev, v];

function fmtKib(kib: number): string {
  return kib >= 1024 && kib % 64 === 0 ? `${+(kib / 1024).toFixed(2)} MiB` : `${kib} KiB`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function listRow(p: EffectiveProfile): string[] {
  const d = p.data;
  const c = d.c2cNs;
  const c2c = d.coresPerCcx
    ? `${c.sameCcx!.v} / ${c.crossCcx!.v} / ${c.crossSocket.v}`
    : `${c.sameSocket!.v} / ${c.crossSocket.v}`;
  const llcDomain = d.coresPerCcx ? `/CCX of ${d.coresPerCcx.v}` : '/socket';
  const pf = d.prefetch.kind === 'adjacent-line'
    ? `adjacent-line ${d.prefetch.pairBytes.v}B (${d.prefetch.buddyRequest}/${d.prefetch.onOwned}/${d.prefetch.sharedBuddy ?? 'keep'})`
    : d.prefetch.kind;
  return [
    p.name,
    `${d.sockets.v}×${d.coresPerSocket.v}×${d.smt.v}`,
    String(d.freqGHz.v),
    fmtKib(d.l2.kib.v),
    fmtKib(llcKib(d)) + llcDomain,
    c2c,
    pf,
  ];
}

/** Render one effective profile: every number with its source, nested by section. */
function renderProfile(p: EffectiveProfile): string {
  const out: string[] = [`profile ${p.name}  (${p.file})`];
  if (p.chain.length > 1) out.push(`extends: ${p.chain.slice(1).join(' → ')}`);
  if (p.overrides.length > 0) out.push(`overrides: ${p.overrides.join(', ')}`);
  if (p.data.description) out.push(p.data.description);
  const walk = (obj: Record<string, unknown>, indent: string) => {
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'description' || k === 'sources') continue;
      if (typeof v === 'object' && v !== null && 'v' in v) {
        const s = v as Sourced;
        out.push(`${indent}${k}: ${s.v}   ${s.src}${s.note ? `  — ${s.note}` : ''}`);
      } else if (typeof v === 'object' && v !== null) {
        out.push(`${indent}${k}:`);
        walk(v as Record<string, unknown>, indent + '  ');
      } else {
        out.push(`${indent}${k}: ${String(v)}`);
      }
    }
  };
  walk(p.data as unknown as Record<string, unknown>, '  ');
  const d = p.data;
  out.push('derived (what the engine sees):');
  out.push(`  cores per LLC domain: ${coresPerLlc(d)}; LLC per domain: ${fmtKib(llcKib(d))}; LLC latency: ${llcLatNs(d).toFixed(1)} ns`);
  const sf = snoopFilterOf(d);
  const l2Lines = ((d.l2.kib.v * 1024) / d.lineBytes.v) * coresPerLlc(d);
  out.push(`  snoop filter per domain: ${d.llc.inclusive ? 'none (inclusive LLC: its core-valid bits filter snoops)'
    : sf ? `${sf.entries} entries, ${sf.ways} ways (${Math.floor(sf.entries / sf.ways)} sets) = ${+(sf.entries / l2Lines).toPrecision(3)}× the domain's L2 lines`
    : 'unbounded (the precise directory alone)'}`);
  const pf = d.prefetch, dflt = (v: string | undefined, def: string) => (v === undefined ? `${def} (default)` : v);
  out.push(`  prefetch timing: trigger ${dflt(pf.trigger, 'request')}, queue ${dflt(pf.queue, 'behind')} (cpu-profiles/README.md)`);
  // the engine's switches, each on unless the profile turns it off (ablations; cpu-profiles/README.md)
  const sw = (v: boolean | undefined, def: boolean) => (v === undefined ? `${def ? 'on' : 'off'} (default)` : v ? 'on' : 'off');
  out.push(`  switches: smtMissMerge ${sw(d.smtMissMerge, true)}, smtSpinYields ${sw(d.smtSpinYields, true)}, smtStretchesStalls ${sw(d.smtStretchesStalls, false)}, `
    + `smtSiblingWaitsForLock ${sw(d.smtSiblingWaitsForLock, true)}, sameCoreAtFill ${sw(d.sameCoreAtFill, true)}, remoteFirst ${sw(d.remoteFirst, true)}, snoopLeadTopology ${sw(d.snoopLeadTopology, true)}`);
  if (d.sources) out.push(`sources: ${d.sources}`);
  return out.join('\n');
}

export function register(program: Command): void {
  const profiles = program
    .command('profiles')
    .description('List and inspect CPU profiles (cpu-profiles/*.json): geometry, latencies, prefetcher, with sources')
    .addHelpText('after', `
Every number in a profile carries its source: [S] stated by a source, [M] computed from a
source's data, [L] measured locally, [E] estimate. See cpu-profiles/README.md.

Examples:
  $ linesim profiles list
  $ linesim profiles show broadwell-ep
  $ linesim profiles show broadwell-ep --set l2.kib=1024 --set prefetch.kind=none
  $ linesim profiles show ./my-cpu.json --json > effective.json`);

  profiles
    .command('list')
    .description('Table of the known profiles: topology, clock, L2, LLC, c2c latency, prefetcher')
    .option('--dir <dir>', 'extra directory of <name>.json profiles (repeatable, searched first)', collect, [])
    .addHelpText('after', `
Columns: sockets×cores×SMT, base GHz, L2 per core, LLC per domain (socket on Intel, CCX on
AMD), one-way core-to-core latency in ns (same socket / cross socket; AMD: same CCX /
cross CCX / cross socket), default prefetcher (buddy request / what happens when the buddy
is owned elsewhere).

Example:
  $ linesim profiles list --dir ./my-profiles`)
    .action((opts: { dir: string[] }) => {
      const rows = [['name', 'topology', 'GHz', 'L2', 'LLC', 'c2c ns', 'prefetcher']];
      for (const p of loadAllProfiles({ dirs: opts.dir })) rows.push(listRow(p));
      process.stdout.write(table(rows) + '\n');
    });

  profiles
    .command('show')
    .argument('<profile>', 'profile name (file stem in cpu-profiles/) or path to a .json file')
    .description('Show one effective profile (extends and --set overrides applied), each number with its source')
    .option('--json', 'print the effective profile as JSON (as written next to results)')
    .option('--set <key=value>', 'override one field, e.g. l2.kib=512 or prefetch.kind=none (repeatable)', collect, [])
    .option('--dir <dir>', 'extra directory of <name>.json profiles (repeatable, searched first)', collect, [])
    .addHelpText('after', `
Examples:
  $ linesim profiles show broadwell-ep-noprefetch     # a variant: "extends": "broadwell-ep"
  $ linesim profiles show zen4-epyc --json
  $ linesim profiles show skylake-sp --set llc.latCycles=60 --set c2cNs.sameSocket=50`)
    .action((ref: string, opts: { json?: boolean; set: string[]; dir: string[] }) => {
      let p = loadProfile(ref, { dirs: opts.dir });
      if (opts.set.length > 0) {
        const label = `--set ${opts.set.join(', ')}`;
        p = applyOverrides(p, parseAssignments(opts.set), label, { file: '--set', path: '' });
      }
      process.stdout.write(
        (opts.json ? JSON.stringify(effectiveProfileJson(p), null, 2) : renderProfile(p)) + '\n',
      );
    });
}
