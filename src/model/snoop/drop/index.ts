/**
 * `drop`: a prefetch whose line another core holds M/E is dropped and the owner keeps
 * the line. It is the outcome of Intel's speculative prefetch snoops: L2 prefetch
 * requests (RFO_PREF, DRD_PREF) may be sent as SpecSnpInv/SpecSnpData, the owner may
 * answer RspNack, and the requester then gets GO_NoGo (Intel IDI validation scripts,
 * 2019–2021; mechanisms.md §2.3). NOTE: the refused snoop's own cost (one snoop to the
 * owner) is not charged: nothing waits for a prefetch.
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
