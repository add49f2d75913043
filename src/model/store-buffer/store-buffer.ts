/**
 * A core's TSO store buffer (x86-TSO, Sewell et al. 2010): plain stores retire into it
 * and the core goes on; they commit to the cache in program order once the line is owned
 * (M), by the buffer's drainer (src/workload/run-threads.ts runs it as its own timeline);
 * the core's own loads forward from it; locked RMWs and fences wait until it is empty; a
 * full buffer stalls the core.
 *
 * Same-address merging of consecutive stores: a store to the address of the youngest
 * entry, while that entry has not committed and no load has read it since, overwrites it
 * instead of taking a new entry. TSO permits it (no other store lies between the two, so
 * no observer can tell), and it is what lets N cores store to their own words of one line
 * at nearly full speed: each ownership grant commits the latest value of a run of stores
 * (profile `storeBuffer.merge`). NOTE [E]: an entry a load has forwarded from is not
 * merged into (the stores are then not consecutive: a load of the value lies between),
 * so a `+=` loop keeps one entry per iteration and fills the buffer while the line is
 * elsewhere — the modelling choice that separates `+=` (slow under false sharing on real
 * parts) from pure stores (as fast as padded); see the README's store-buffer section.
 *
 * A ring of typed arrays: no allocation per store.
 */
export class StoreBuffer {
  private readonly addr: Float64Array;
  private readonly value: Float64Array;
  private readonly site: Int32Array;
  /** 1 once a load forwarded from the entry (it no longer takes merges) */
  private readonly read: Uint8Array;
  private head = 0;
  count = 0;

  constructor(readonly capacity: number, readonly merge: boolean) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`store buffer needs ≥ 1 entry (got ${capacity})`);
    this.addr = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.site = new Int32Array(capacity);
    this.read = new Uint8Array(capacity);
  }

  get full(): boolean { return this.count === this.capacity; }

  /**
   * Retire a store. Returns true if it merged into the youngest entry or took a new
   * one; false if the buffer is full (the core must stall).
   */
  push(addr: number, value: number, site: number): boolean {
    if (this.merge && this.count > 0) {
      const y = (this.head + this.count - 1) % this.capacity;
      if (this.addr[y] === addr && this.read[y] === 0) { this.value[y] = value; this.site[y] = site; return true; }
    }
    if (this.count === this.capacity) return false;
    const i = (this.head + this.count) % this.capacity;
    this.addr[i] = addr; this.value[i] = value; this.site[i] = site; this.read[i] = 0;
    this.count++;
    return true;
  }

  /** Youngest buffered value stored at `addr` (store-to-load forwarding), or undefined. */
  forward(addr: number): number | undefined {
    for (let k = this.count - 1; k >= 0; k--) {
      const i = (this.head + k) % this.capacity;
      if (this.addr[i] === addr) { this.read[i] = 1; return this.value[i]; }
    }
    return undefined;
  }

  /** Youngest buffered value at `addr` without counting as a load (observers), or undefined. */
  peek(addr: number): number | undefined {
    for (let k = this.count - 1; k >= 0; k--) {
      const i = (this.head + k) % this.capacity;
      if (this.addr[i] === addr) return this.value[i];
    }
    return undefined;
  }

  /** The oldest entry (call only when count > 0). */
  headAddr(): number { return this.addr[this.head]!; }
  headValue(): number { return this.value[this.head]!; }
  headSite(): number { return this.site[this.head]!; }

  /** The oldest entry committed. */
  shift(): void {
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }
}
