/** Import this module to register every built-in workload kind. */
import { registerWorkload } from './registry.ts';
import type { WorkloadKind } from './kind.ts';
import { programKind } from './program/kind.ts';
import { pftKind } from '../kernel/pft.ts';
import { spfKind } from '../kernel/spf.ts';

const BUILTIN: WorkloadKind[] = [
  programKind,
  pftKind,
  spfKind,
];

for (const k of BUILTIN) registerWorkload(k);
