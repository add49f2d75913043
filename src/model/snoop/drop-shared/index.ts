/**
 * `drop-shared` (default on the Intel mesh profiles): like `drop`, and an RFO prefetch is also dropped when other
 * cores hold the line S. Intel's IDI sends an L2 RFO prefetch (RFO_PREF) as SpecSnpInv,
 * and any core that receives a speculative snoop may answer RspNack, after which the
 * requester gets GO_NoGo (mechanisms.md §2.3). When a sharer does so is not documented:
 * `drop` assumes only an owner refuses, this policy that every holder does. A read
 * prefetch of a line held S elsewhere needs no snoop and still goes out.
 */
import type { Controller } from '../../controller.ts';
import type { Txn } from '../../protocol/txn.ts';
import { registerSnoopPolicy, type SnoopPolicy } from '../registry.ts';

class DropShared implements SnoopPolicy {
  readonly name = 'drop-shared';
  admit(c: Controller, x: Txn): boolean {
    const o = c.dir.owner[x.line]!;
    if (o >= 0 && o !== x.core) return false;
    return !x.rfo || !c.dir.hasOtherSharer(x.line, x.core);
  }
}

registerSnoopPolicy('drop-shared', () => new DropShared());
