/**
 * Refcount / attach-detach / reader-writer invariants of the per-VMA locks, checked on
 * simulated memory while a workload runs (what the seed thread's reviewers asked for).
 *
 * Design: the checker is a machine observer (Machine.observe): every demand access and
 * every value a thread writes (store or RMW result) arrives here with the CPU, the site
 * (→ the kernel function that made it, since every block is named for one) and old/new
 * values — a per-step hook without touching the runner or the IR. The checker
 * keeps a shadow attached/detached state per VMA, moved only by vma_mark_attached /
 * vma_mark_detached, and which VMA each CPU currently holds for read, and asserts after
 * every relevant store:
 *  - attach of an attached VMA, detach of a detached one (slot + path reported);
 *  - refcount: vm_refcnt is 0 exactly when detached (never 0 while attached, never raised
 *    from 0 except by vma_mark_attached, never negative; checked fully at every
 *    vma_end_write_all and at the end of the run);
 *  - readers vs writers: an rwsem count never has the writer bit and reader bias at once;
 *    when vma_start_write stores vm_lock_seq (the VMA becomes write-locked) no reader may
 *    hold it (writer bit and no reader bias, vm_refcnt == VMA_LOCK_OFFSET + 1); a CPU that holds
 *    the VMA via the fast path never runs the fault body while the VMA is write-locked;
 *    a writer's field stores to an attached VMA happen only while it is write-locked;
 *  - the reader limit: no reader takes a reference at vm_refcnt >= VMA_REF_LIMIT.
 */
import type { SiteInfo } from '../experiment/result-types.ts';
import type { Machine } from '../model/machine.ts';
import type { Access } from '../model/vocab.ts';
import { fieldAddr, type PlacedObject } from '../workload/arena.ts';
import { RWSEM_READER_BIAS, RWSEM_WRITER_LOCKED, VMA_LOCK_OFFSET, VMA_REF_LIMIT } from './constants.ts';
import type { VmaScheme } from './vma-scheme.ts';
import type { VmaHandle } from './writer-paths.ts';

export interface Violation {
  rule: string;
  /** slab slot of the VMA, or null for mm_struct */
  slot: number | null;
  /** kernel function (site path) that made the offending access */
  path: string;
  cpu: number;
  detail: string;
}

export interface MachineTap {
  onAccess?: (cpu: number, site: number, addr: number, kind: Access) => void;
  onStore?: (cpu: number, site: number, addr: number, old: number, v: number) => void;
}

/** Let `tap` observe every demand access and thread store of `m`. */
export function tapMachine(m: Machine, tap: MachineTap): void {
  m.observe({
    onAccess: (cpu, site, addr, kind) => tap.onAccess?.(cpu, site, addr, kind),
    onStore: (cpu, site, addr, old, v) => tap.onStore?.(cpu, site, addr, old, v),
  });
}

const FAULT_BODY = new Set(['access_error', 'handle_mm_fault', '__handle_mm_fault', 'do_anonymous_page', 'vma_alloc_zeroed_movable_folio']);
const FIELD_WRITERS = new Set(['vm_flags', 'vm_page_prot', 'vm_start', 'vm_end', 'vm_pgoff']);
const MAX_KEPT = 50;

type Target = { obj: 'vma' | 'lock' | 'mm'; slot: number; field: string };

export class VmaInvariants implements MachineTap {
  readonly violations: Violation[] = [];
  /** all violations, including those beyond the first MAX_KEPT kept in `violations` */
  total = 0;
  private readonly index = new Map<number, Target>();
  private readonly attached = new Map<number, boolean>();
  private readonly bySlot = new Map<number, VmaHandle>();
  /** CPU → slot it holds for read via the fast path (-1: holds mmap_lock for read) */
  private readonly holding = new Map<number, number>();
  private readonly reportedHold = new Set<number>();

  constructor(
    private readonly m: Machine,
    private readonly mm: PlacedObject,
    handles: VmaHandle[],
    private readonly s: VmaScheme,
    private readonly sites: SiteInfo[],
    isAttached: (slot: number) => boolean,
  ) {
    const put = (o: PlacedObject, field: string, t: Target) => {
      if (o.layout.fields.some((f) => f.name === field)) this.index.set(fieldAddr(o, field).addr, t);
    };
    for (const f of ['mm_lock_seq', 'mmap_lock.count']) put(mm, f, { obj: 'mm', slot: -1, field: f });
    for (const h of handles) {
      this.bySlot.set(h.slot, h);
      this.attached.set(h.slot, isAttached(h.slot));
      for (const f of ['vm_refcnt', 'detached', 'vm_lock_seq', ...FIELD_WRITERS]) put(h.vma, f, { obj: 'vma', slot: h.slot, field: f });
      if (s.scheme === 'embedded_rwsem') put(h.vma, s.count!, { obj: 'vma', slot: h.slot, field: 'count' });
      if (s.scheme === 'split_rwsem' && h.lock) put(h.lock, s.count!, { obj: 'lock', slot: h.slot, field: 'count' });
    }
  }

  private report(rule: string, slot: number | null, site: number, cpu: number, detail: string): void {
    this.total++;
    const path = this.sites[site]?.path ?? '?';
    if (this.violations.length < MAX_KEPT) this.violations.push({ rule, slot, path, cpu, detail });
  }

  /** CPU whose event is being judged: values are read as it sees them (its own buffered stores, else memory); -1 = memory. */
  private viewCpu = -1;
  private val(o: PlacedObject, field: string): number { return this.m.loadSeenBy(this.viewCpu, fieldAddr(o, field).addr); }
  private mmapWriteHeld(): boolean { return this.val(this.mm, 'mmap_lock.count') % 2 === RWSEM_WRITER_LOCKED; }

  /** vma_assert_write_locked: mmap_lock held for write and vm_lock_seq == mm_lock_seq. */
  private writeLocked(slot: number): boolean {
    if (!this.mmapWriteHeld()) return false;
    if (this.s.scheme === 'mmap_lock') return true;
    const h = this.bySlot.get(slot)!;
    return this.val(h.vma, 'vm_lock_seq') === this.val(this.mm, 'mm_lock_seq');
  }

  onAccess(cpu: number, site: number): void {
    this.viewCpu = cpu;
    const slot = this.holding.get(cpu);
    if (slot === undefined || slot < 0 || this.reportedHold.has(cpu)) return;
    const path = this.sites[site]?.path;
    if (path !== undefined && FAULT_BODY.has(path) && this.writeLocked(slot)) {
      this.reportedHold.add(cpu);
      this.report('reader-in-write-locked-vma', slot, site, cpu, `CPU ${cpu} runs ${path} on VMA slot ${slot} (taken by the fast path) while a writer has it write-locked`);
    }
  }

  onStore(cpu: number, site: number, addr: number, old: number, v: number): void {
    this.viewCpu = cpu;
    const t = this.index.get(addr);
    if (!t) return;
    const path = this.sites[site]?.path ?? '?';
    if (t.obj === 'mm') {
      if (t.field === 'mmap_lock.count') {
        this.rwsemCount(null, site, cpu, v);
        if (path === 'mmap_read_lock' && v === old + RWSEM_READER_BIAS) this.holding.set(cpu, -1);
        if (path === 'mmap_read_unlock') this.holding.delete(cpu);
      } else if (path === 'vma_end_write_all') this.quiescent(site, cpu, false);
      return;
    }
    const slot = t.slot;
    switch (t.field) {
      case 'count':
        this.rwsemCount(slot, site, cpu, v);
        if (path === 'down_read_trylock' && v === old + RWSEM_READER_BIAS) this.hold(cpu, slot);
        if (path === 'vma_end_read') this.holding.delete(cpu);
        break;
      case 'vm_refcnt': this.refcount(slot, path, site, cpu, old, v); break;
      case 'detached':
        if (path === 'vma_mark_attached') this.attach(slot, site, cpu, old !== 1);
        else if (path === 'vma_mark_detached') this.detach(slot, site, cpu, old !== 0);
        break;
      case 'vm_lock_seq':
        if ((path === 'vma_start_write' || path === '__vma_start_write') && this.attached.get(slot)) this.exclusiveAtLock(slot, site, cpu);
        break;
      default:
        if (FIELD_WRITERS.has(t.field) && this.attached.get(slot) && !this.writeLocked(slot)) {
          this.report('unlocked-field-write', slot, site, cpu, `${path} stored ${t.field} of attached VMA slot ${slot} without holding its write lock`);
        }
    }
  }

  private hold(cpu: number, slot: number): void { this.holding.set(cpu, slot); this.reportedHold.delete(cpu); }

  private attach(slot: number, site: number, cpu: number, memorySaysAttached: boolean): void {
    if (this.attached.get(slot) || memorySaysAttached) this.report('attach-attached', slot, site, cpu, `vma_mark_attached on VMA slot ${slot}, which is already attached`);
    this.attached.set(slot, true);
  }

  private detach(slot: number, site: number, cpu: number, memorySaysDetached: boolean): void {
    if (!this.attached.get(slot) || memorySaysDetached) this.report('detach-detached', slot, site, cpu, `vma_mark_detached on VMA slot ${slot}, which is already detached`);
    this.attached.set(slot, false);
  }

  private rwsemCount(slot: number | null, site: number, cpu: number, v: number): void {
    const what = slot === null ? 'mm->mmap_lock' : `the lock of VMA slot ${slot}`;
    if (v < 0) this.report('rwsem-underflow', slot, site, cpu, `${what}: count ${v} < 0`);
    else if (v % 2 === RWSEM_WRITER_LOCKED && Math.floor(v / RWSEM_READER_BIAS) > 0) {
      this.report('reader-and-writer', slot, site, cpu, `${what}: count ${v} has the writer bit and ${Math.floor(v / RWSEM_READER_BIAS)} reader(s)`);
    }
  }

  private refcount(slot: number, path: string, site: number, cpu: number, old: number, v: number): void {
    let reported = false;
    if (path === 'vma_mark_attached') { this.attach(slot, site, cpu, old !== 0); reported = old !== 0; }
    else if (path === 'vma_mark_detached') { reported = !this.attached.get(slot) || old < 1; this.detach(slot, site, cpu, old < 1); }
    if (path === 'vma_start_read' && v === old + 1) {
      this.hold(cpu, slot);
      if (old >= VMA_REF_LIMIT) this.report('reader-limit', slot, site, cpu, `reader took a reference on VMA slot ${slot} at vm_refcnt ${old} >= VMA_REF_LIMIT`);
    }
    if (path === 'vma_end_read') this.holding.delete(cpu);
    if (reported) return;
    if (v < 0) this.report('refcount-underflow', slot, site, cpu, `vm_refcnt of VMA slot ${slot} went to ${v}`);
    else if (v === 0 && this.attached.get(slot)) this.report('refcnt-zero-attached', slot, site, cpu, `vm_refcnt of attached VMA slot ${slot} dropped to 0`);
    else if (old === 0 && v !== 0 && path !== 'vma_mark_attached') this.report('refcnt-raised-detached', slot, site, cpu, `vm_refcnt of detached VMA slot ${slot} raised from 0 to ${v}`);
    else if (v >= 2 * VMA_LOCK_OFFSET) this.report('two-writers', slot, site, cpu, `vm_refcnt of VMA slot ${slot} is ${v}: VMA_LOCK_OFFSET added twice`);
  }

  /** At the store that makes the VMA write-locked, readers must have drained. */
  private exclusiveAtLock(slot: number, site: number, cpu: number): void {
    const h = this.bySlot.get(slot)!;
    if (this.s.scheme === 'refcount') {
      const rc = this.val(h.vma, 'vm_refcnt');
      if (rc !== VMA_LOCK_OFFSET + 1) this.report('writer-with-readers', slot, site, cpu, `vma_start_write locked VMA slot ${slot} at vm_refcnt ${rc} (expected VMA_LOCK_OFFSET+1: ${rc - VMA_LOCK_OFFSET - 1} reader(s) still in)`);
    } else if (this.s.scheme !== 'mmap_lock') {
      const c = this.s.scheme === 'split_rwsem' ? this.val(h.lock!, this.s.count!) : this.val(h.vma, this.s.count!);
      if (c % 2 !== RWSEM_WRITER_LOCKED || c >= RWSEM_READER_BIAS) this.report('writer-with-readers', slot, site, cpu, `vma_start_write locked VMA slot ${slot} with rwsem count ${c} (expected the writer bit and no reader bias)`);
    }
    if (!this.mmapWriteHeld()) this.report('vma-lock-without-mmap-lock', slot, site, cpu, `vma_start_write on VMA slot ${slot} without mmap_lock held for write`);
  }

  /**
   * Full state check at a writer's vma_end_write_all and at the end of a run (`final`:
   * every reader has left too, so locks must be free and attached refcounts exactly 1).
   */
  quiescent(site: number, cpu: number, final: boolean): void {
    this.viewCpu = final ? -1 : cpu;
    for (const [slot, h] of this.bySlot) {
      const att = this.attached.get(slot)!;
      if (this.s.scheme === 'refcount') {
        const rc = this.val(h.vma, 'vm_refcnt');
        const ok = att ? (final ? rc === 1 : rc >= 1 && rc < VMA_LOCK_OFFSET) : rc === 0;
        if (!ok) this.report('refcnt-vs-detached', slot, site, cpu, `VMA slot ${slot} is ${att ? 'attached' : 'detached'} but vm_refcnt is ${rc}${final ? ' at the end of the run' : ''}`);
      } else if (h.vma.layout.fields.some((f) => f.name === 'detached')) {
        const d = this.val(h.vma, 'detached');
        if (d !== (att ? 0 : 1)) this.report('detached-flag', slot, site, cpu, `VMA slot ${slot} is ${att ? 'attached' : 'detached'} but detached = ${d}`);
      }
      if (final && (this.s.scheme === 'split_rwsem' || this.s.scheme === 'embedded_rwsem')) {
        const c = this.s.scheme === 'split_rwsem' ? (h.lock ? this.val(h.lock, this.s.count!) : 0) : this.val(h.vma, this.s.count!);
        if (c !== 0) this.report('lock-held-at-end', slot, site, cpu, `the lock of VMA slot ${slot} has count ${c} at the end of the run`);
      }
    }
    if (final && this.val(this.mm, 'mmap_lock.count') !== 0) this.report('lock-held-at-end', null, site, cpu, `mm->mmap_lock has count ${this.val(this.mm, 'mmap_lock.count')} at the end of the run`);
  }
}

export function formatViolations(vs: Violation[], total: number): string {
  const lines = vs.slice(0, 10).map((v) => `  ${v.rule} (slot ${v.slot ?? 'mm'}, ${v.path}, CPU ${v.cpu}): ${v.detail}`);
  return `${total} VMA invariant violation(s):\n${lines.join('\n')}${total > 10 ? `\n  … ${total - 10} more` : ''}`;
}
