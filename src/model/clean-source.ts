/**
 * Where clean data comes from for a request when no core owns the line E/M: the
 * requester's LLC domain, else the nearest sharer (an F-state forward or a remote LLC),
 * else DRAM (local or remote to the home socket). One of the controller's steps
 * (controller.ts), kept apart so that file stays small.
 */
import type { Controller } from './controller.ts';
import type { Txn } from './protocol/txn.ts';
import { Src } from './vocab.ts';

// module-level copies of const enum members (see controller.ts)
const SRC_LLC = Src.Llc, SRC_PEERLOCAL = Src.PeerLocal, SRC_PEERREMOTE = Src.PeerRemote, SRC_REMOTELLC = Src.RemoteLlc;
const SRC_DRAMLOCAL = Src.DramLocal, SRC_DRAMREMOTE = Src.DramRemote;

export function cleanSource(c: Controller, x: Txn, core: number): void {
  const d = c.dir, n = c.nCores, line = x.line, stats = c.stats, lat = c.lat;
  const others = d.hasOtherSharer(line, core);
  const dom = c.topo.domainOfCore[core]!;
  const llc = c.caches.llc, slot = llc.find(dom, line);
  if (slot >= 0) {
    llc.touch(slot);
    stats.n.llcHits++;
    stats.cpuLlcHit(x.cpu);
    x.got(lat.llc, SRC_LLC, others, false);
    return;
  }
  if (others) {
    // Nearest sharer forwards (F-state forward / remote LLC): the cheapest transfer.
    // (a loop over the sharer bits: no closure allocated per request)
    let best = Infinity, src = SRC_REMOTELLC;
    const xfer = lat.xfer, xferSrc = lat.xferSrc, row = core * n;
    for (let w = 0; w < d.words; w++) {
      let bits = d.sharerBits(line, w);
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits), s = w * 32 + b;
        bits &= ~(1 << b);
        if (s === core) continue;
        const l = xfer[row + s]!;
        if (l < best) { best = l; src = xferSrc[row + s] === SRC_PEERREMOTE ? SRC_REMOTELLC : SRC_PEERLOCAL; }
      }
    }
    stats.n.cleanForwards++;
    x.got(best, src, others, false);
    return;
  }
  stats.n.dramReads++;
  if (c.topo.socketOfCore[core] === c.homeSocket) x.got(lat.dramLocal, SRC_DRAMLOCAL, others, false);
  else x.got(lat.dramRemote, SRC_DRAMREMOTE, others, false);
}
