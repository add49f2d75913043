/**
 * `drop`: a prefetch whose line another core holds M/E is not issued. NOTE: this is the
 * outcome of a refused (NACKed) speculative snoop without its cost; see Fidelity I.
 */
import type { Controller } from '../../controller.ts';
import type { Txn } from '../../protocol/txn.ts';
import { registerSnoopPolicy, type SnoopPolicy } from '../registry.ts';

class Drop implements SnoopPolicy {
  readonly name = 'drop';
  admit(c: Controller, x: Txn): boolean {
    const o = c.dir.owner[x.line]!;
    return o < 0 || o === x.core;
  }
}

registerSnoopPolicy('drop', () => new Drop());
