/**
 * `--workload` of compare and regroup: a kernel workload kind by name (pft, spf), or a
 * JSON file holding a workload block or a whole experiment (its `workload` is taken).
 * A program workload compares layouts through its object with `"layout": "$layout"`:
 * the program stays, the object's member order varies (fields are referenced by name).
 */
import { InputError } from '../util/errors.ts';
import { readJsonFile } from '../util/json-file.ts';
import '../workload/all.ts';
import { getWorkload } from '../workload/registry.ts';

export interface WorkloadArg {
  block: { kind: string; [k: string]: unknown };
  /** the object whose layout varies (site object name): "vma" for the kernel workloads */
  mainObject: string;
  /** what one measured op is, for labels: "fault" or "op" */
  unit: string;
}

const KERNEL: Record<string, { mainObject: string; unit: string }> = { pft: { mainObject: 'vma', unit: 'fault' }, spf: { mainObject: 'vma', unit: 'fault' } };

export function parseWorkloadArg(text: string): WorkloadArg {
  const k = KERNEL[text];
  if (k) return { block: { kind: text }, ...k };
  if (!text.includes('/') && !text.endsWith('.json')) {
    throw new InputError('--workload', '', `expected pft, spf or a JSON file with a workload block or an experiment, got '${text}'`);
  }
  const json = readJsonFile(text) as Record<string, unknown> | null;
  const fromExperiment = json !== null && typeof json === 'object' && typeof json.workload === 'object' && json.workload !== null;
  const block = (fromExperiment ? json.workload : json) as WorkloadArg['block'] | null;
  const where = fromExperiment ? 'workload' : '';
  if (!block || typeof block !== 'object' || typeof block.kind !== 'string') {
    throw new InputError(text, where, 'expected a workload block ({ "kind": ... }) or an experiment with one');
  }
  const kind = getWorkload(block.kind);
  if (!kind) throw new InputError(text, `${where ? `${where}.` : ''}kind`, `unknown workload kind '${block.kind}'`);
  kind.validate(block, text, where || 'workload');
  if (KERNEL[block.kind]) return { block, ...KERNEL[block.kind]! };
  const objects = (block as { objects?: Record<string, { layout?: string }> }).objects ?? {};
  const main = Object.entries(objects).find(([, o]) => o.layout === '$layout')?.[0];
  if (!main) throw new InputError(text, `${where ? `${where}.` : ''}objects`, 'no object takes the compared layouts: give one "layout": "$layout"');
  return { block, mainObject: main, unit: 'op' };
}
