/** Import this module to register every built-in workload kind. */
import { registerWorkload } from './registry.ts';
import type { WorkloadKind } from './kind.ts';

const BUILTIN: WorkloadKind[] = [
];

for (const k of BUILTIN) registerWorkload(k);
