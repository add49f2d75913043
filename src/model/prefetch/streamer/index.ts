/**
 * Intel's L2 streamer ("MLC streamer", cpu-facts §7a, MSR 0x1A4 bit 0, enabled by default
 * [S]): tracks forward and backward streams of L2 misses per 4-KiB page and runs ahead of
 * them (up to 20 lines [S]). Modelled per core with a small direct-mapped table of pages
 * (typed arrays): a demand miss one line after (before) the page's previous miss raises
 * the stream's confidence; from the second such miss on, the next DEGREE lines in that
 * direction within the page are requested as reads. DEGREE and the table size are [E].
 */
import type { Txn } from '../../protocol/txn.ts';
import { pageShiftOf, registerPrefetcher, type PrefetchIssuer, type Prefetcher } from '../registry.ts';

const PAGES = 16; // tracked pages per core [E]
const DEGREE = 2; // lines requested per confirmed miss [E]; Intel runs up to 20 ahead [S]

class Streamer implements Prefetcher {
  readonly name = 'streamer';
  private readonly page: Float64Array;
  private readonly last: Float64Array;
  private readonly conf: Int8Array; // > 0 ascending, < 0 descending
  /** log2 of the lines per page: the page of a line by a shift on every demand fill, not a division */
  private readonly pageShift: number;
  constructor(nCores: number, pageLines: number) {
    this.pageShift = pageShiftOf(pageLines);
    this.page = new Float64Array(nCores * PAGES).fill(-1);
    this.last = new Float64Array(nCores * PAGES);
    this.conf = new Int8Array(nCores * PAGES);
  }

  onL2Fill(x: Readonly<Txn>, issuer: PrefetchIssuer): void {
    const line = x.line, sh = this.pageShift, pg = line >> sh;
    const i = x.core * PAGES + (pg % PAGES);
    if (this.page[i] !== pg) { this.page[i] = pg; this.last[i] = line; this.conf[i] = 0; return; }
    const d = line - this.last[i]!;
    this.last[i] = line;
    const c = this.conf[i]!;
    if (d === 1) this.conf[i] = c > 0 ? Math.min(c + 1, 3) : 1;
    else if (d === -1) this.conf[i] = c < 0 ? Math.max(c - 1, -3) : -1;
    else { this.conf[i] = 0; return; }
    const k = this.conf[i]!;
    if (k < 2 && k > -2) return;
    const dir = k > 0 ? 1 : -1;
    for (let n = 1; n <= DEGREE; n++) {
      const t = line + dir * n;
      if (t >> sh !== pg || t < 0) break;
      issuer.prefetch(x as Txn, t, false);
    }
  }
}

registerPrefetcher({
  name: 'streamer',
  summary: 'L2 stream prefetcher: ascending/descending misses in a 4-KiB page, runs ahead (Intel MLC streamer)',
  make: (_cfg, lineBytes, nCores) => new Streamer(nCores, Math.max(1, Math.floor(4096 / lineBytes))),
});
