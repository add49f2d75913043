/** The probe's fitted numbers as a short text table for the terminal and the README. */
import { fitProbe } from './fit.ts';
import type { Probe } from './schema.ts';

const fmt = (x: number | null | undefined, unit: string) => (x === null || x === undefined ? '—' : `${x} ${unit}`);

export function probeSummary(p: Probe): string {
  const f = fitProbe(p);
  const m = p.measurements;
  const rows: Array<[string, string]> = [
    ['CPU', `${p.machine.modelName} (${p.machine.vendor} family ${p.machine.family} model ${p.machine.model}${p.machine.hypervisor ? ', VM' : ''}), CPUs used ${p.cpusUsed.join(',')}`],
    ['core clock', fmt(f.coreGHz, 'GHz') + (m.freq?.tscGHz ? ` (TSC ${m.freq.tscGHz} GHz)` : '')],
    ...Object.entries(f.c2cNs).map(([k, v]) => [`c2c one-way, ${k}`, fmt(v, 'ns')] as [string, string]),
    ...(['l1', 'l2', 'llc', 'dram'] as const).map((k) => {
      const l = f.latency[k];
      return [`load-to-use ${k.toUpperCase()}`, l ? `${l.ns} ns${l.cycles ? ` = ${l.cycles} cycles` : ''} (${l.kib} KiB set)` : '—'] as [string, string];
    }),
    ['lock add, one core', f.rmwNs ? `${f.rmwNs} ns${f.rmwCycles ? ` = ${f.rmwCycles} cycles` : ''}` : '—'],
    ['false sharing (2 × lock add)', f.falseSharingFactor ? `padded is ${f.falseSharingFactor}× same-line per thread` : '—'],
    ['adjacent-line pair', f.pairPenalty ? `other-pair / same-pair rate = ${f.pairPenalty}` : '—'],
    ['store-buffer depth', f.storeBufferDepth !== null ? `≈ ${f.storeBufferDepth} stores` : 'not determined'],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`);
  if (p.warnings.length) lines.push('', 'Warnings:', ...p.warnings.map((x) => `  - ${x}`));
  if (p.notMeasured.length) lines.push('', 'Not measured here:', ...p.notMeasured.map((x) => `  - ${x}`));
  return lines.join('\n') + '\n';
}
