/** Registry of workload kinds, keyed by name (Ramulator-style: adding a kind never edits the runner). */
import type { WorkloadKind } from './kind.ts';

const kinds = new Map<string, WorkloadKind>();

export function registerWorkload(kind: WorkloadKind): void {
  kinds.set(kind.name, kind);
}

export function getWorkload(name: string): WorkloadKind | undefined {
  return kinds.get(name);
}

export function workloadNames(): string[] {
  return [...kinds.keys()].sort();
}
