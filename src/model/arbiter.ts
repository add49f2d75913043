/**
 * THE ONE PLACE WHERE RACES ARE DECIDED (ZSim style: every ordering question of the
 * model is answered here, nowhere else).
 *
 * - Per shared line, a busy clock: the cycle until which the line is in transfer or held
 *   by a locked RMW. A request that needs the line from elsewhere starts when it is free
 *   (`start`), and ownership transfers of one line therefore serialize like a server.
 * - Per shared line, the FIFO of threads waiting for it (an intrusive singly linked list:
 *   head/tail by line, next by thread id, -1 = none; a thread waits for at most one line).
 *   The scheduler asks `admit` before a thread's access and obeys the answer.
 * - Ownership after arrival, by timing: when a transfer brings the line to a core at cycle
 *   A, the next queued request is forwarded to that core only then, and its snoop reaches
 *   the core `lead` cycles later (latency.ts: snoopLead). The FIFO head therefore runs at
 *   max(busy, A + lead): the new owner's accesses issued before that are hits. Once the
 *   head's snoop is due (its ready cycle has come), the owner's next access no longer
 *   bypasses the FIFO as a hit: it queues behind the head (the snoop wins at the end of a
 *   locked RMW's hold). No seeded draw decides who keeps a contended line.
 * - SMT siblings share the L1D and its fill buffers: a thread that misses on a line its
 *   core-mate already waits for joins that request (it queues right behind the core-mate,
 *   and when the line arrives in their core its access is a hit). Off with the profile's
 *   `smtMissMerge: false` (ablation).
 * - A request of the core that holds the line (a merged sibling's, the core's store-buffer
 *   drain or queued prefetch) needs no snoop: at the FIFO's head it runs as soon as the
 *   line is free, like a load that hits a fill buffer when the fill arrives, not a snoop
 *   lead after the arrival (`sameCoreAtFill`, default on; false for ablation).
 * - Remote waiter first (MachineConfig.remoteFirst, default on): when the line is granted to
 *   a thread on socket S, a waiter on another socket is served next, ahead of S's own
 *   queued waiters (remoteFirst below). On one socket the FIFO order stands.
 * - A locked RMW's line is locked against the core's other hardware thread too
 *   (MachineConfig.smtSiblingWaitsForLock, default on): a store or locked RMW of the
 *   core-mate waits until the lock ends (sibling-locks.ts) and is then ordered like any
 *   access, so a snoop already due goes first.
 * - Queueing time is counted here, once per wait (`start` for the machine's own requests,
 *   `admit` for a thread's time in the FIFO).
 *
 * Only this class reads or writes the busy clocks and the FIFOs.
 */
import { doubleFields } from '../util/double-fields.ts';
import { SiblingLocks } from './sibling-locks.ts';
import type { Stats } from './stats.ts';

/** admit's answers: go ahead / wait in the FIFO to be woken / re-run at `readyAt` */
export const GO = 0, QUEUED = 1, REQUEUE = 2;

export class Arbiter {
  /** cycle until which each shared line is in transfer / held by a locked RMW */
  private readonly busy: Float64Array;
  /** cycle the last transfer of each line reached its new holder */
  private readonly arrived: Float64Array;
  /** cycles from that arrival until the next forwarded snoop reaches the holder */
  private readonly leadOf: Float64Array;
  /** the core that holds each line since its last transfer */
  private readonly holder: Int32Array;
  /** cycle the FIFO head's request is due at the holder (it then runs), or +∞ */
  private readonly due: Float64Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private next: Int32Array = new Int32Array(0);
  /** per thread: its core (set by admit), for SMT miss merging */
  private coreOf: Int32Array = new Int32Array(0);
  /** per thread: cycle it started waiting for a line, or -1 */
  private waitSince: Float64Array = new Float64Array(0);
  /** locked RMWs' lines, for the locking core's other hardware thread (sibling-locks.ts) */
  readonly locks: SiblingLocks;
  /** MachineConfig.sameCoreAtFill: a head on the holder's core runs when the line is free, with no snoop lead */
  sameCoreAtFill = false;
  /** set by admit: the thread woken (the new FIFO head), or -1 */
  woken = -1;
  /** set by admit (REQUEUE): the cycle at which the thread re-runs */
  readyAt = 0;

  /**
   * `lead`: cycles from a line's arrival until a forwarded snoop reaches its new holder.
   * `coin` (ablation, profile `arbitration: "coin"`): the old rule, where the head runs when
   * the line frees and competes with the holder's next access by the scheduler's seeded draw.
   */
  constructor(
    readonly nLines: number, private readonly stats: Stats, readonly lead = 0, private readonly coin = false,
    private readonly coreOfCpu: Int32Array = new Int32Array(0), private readonly smtMerge = false,
    /** extra snoop travel by (requester core × holder core): another LLC domain or socket (latency.ts) */
    private readonly leadExtra: Float64Array = new Float64Array(0), private readonly nCores = 0,
    /** socket of each core when remote waiters go first (MachineConfig.remoteFirst), else empty */
    private readonly socketOfCore: Int32Array = new Int32Array(0),
  ) {
    this.busy = new Float64Array(nLines);
    this.arrived = new Float64Array(nLines).fill(-Infinity);
    this.leadOf = new Float64Array(nLines).fill(lead);
    this.holder = new Int32Array(nLines).fill(-1);
    this.due = new Float64Array(nLines).fill(Infinity);
    this.head = new Int32Array(nLines).fill(-1);
    this.tail = new Int32Array(nLines).fill(-1);
    this.locks = new SiblingLocks(nLines);
    doubleFields<Arbiter>(this, ['readyAt']); // a cycle: takes fractions (util/double-fields.ts)
  }

  /** Size the FIFOs for a run of `nThreads` threads (ids 0..n-1). */
  threads(nThreads: number): void {
    this.next = new Int32Array(nThreads).fill(-1);
    this.coreOf = new Int32Array(nThreads).fill(-1);
    this.waitSince = new Float64Array(nThreads).fill(-1);
    this.head.fill(-1);
    this.tail.fill(-1);
    this.due.fill(Infinity);
  }

  /** Room for thread ids up to `nThreads` - 1, keeping every FIFO (timelines added during a run). */
  grow(nThreads: number): void {
    const n = this.next.length;
    if (nThreads <= n) return;
    const next = new Int32Array(nThreads).fill(-1), coreOf = new Int32Array(nThreads).fill(-1), since = new Float64Array(nThreads).fill(-1);
    next.set(this.next); coreOf.set(this.coreOf); since.set(this.waitSince);
    this.next = next; this.coreOf = coreOf; this.waitSince = since;
  }

  /** Cycle until which `line` is busy. */
  busyUntil(line: number): number { return this.busy[line]!; }

  /**
   * When thread `id`'s waiting request for `line` may run, at the earliest `clock`: the line
   * is free and its snoop has reached the holder (farther when it comes from another LLC
   * domain or socket).
   */
  freeAt(line: number, clock: number, id = -1): number {
    let lead = this.leadOf[line]!;
    const h = this.holder[line]!;
    const rc = id >= 0 ? this.coreOf[id]! : -1;
    // A head on the holder's own core (a merged sibling, the drain, a queued prefetch) needs
    // no snoop: the line is in its core once free.
    if (rc === h && rc >= 0 && this.sameCoreAtFill) { const b = this.busy[line]!; return b > clock ? b : clock; }
    if (rc >= 0 && h >= 0 && this.nCores > 0 && !this.coin) lead += this.leadExtra[rc * this.nCores + h]!;
    const b = this.busy[line]!, a = this.arrived[line]! + lead;
    const f = b > a ? b : a;
    return f > clock ? f : clock;
  }

  /** Whether the FIFO head's request is due at the holder by `clock` (the holder's hits then queue behind it). */
  headDue(line: number, clock: number): boolean {
    return !this.coin && this.due[line]! <= clock;
  }

  /**
   * A request of the machine for `line` issued at `now` starts when the line is free.
   * `cpu` ≥ 0: a demand miss of that CPU, whose wait is counted; -1: a prefetch.
   */
  start(line: number, now: number, cpu: number): number {
    const b = this.busy[line]!;
    if (!(b > now)) return now; // free: no wait to count (most requests)
    if (cpu >= 0) {
      const st = this.stats, w = b - now;
      st.n.queueCycles += w; st.cpuQueue(cpu, w); st.cyc.queue += w;
    }
    return b;
  }

  /** The line is in transfer or held until `until` (never shortens a hold). */
  occupy(line: number, until: number): void {
    if (until > this.busy[line]!) this.busy[line] = until;
  }

  /**
   * A locked RMW of `core` holds `line` until `until`. Other cores' requests wait for the
   * busy clock; the locking core's other hardware thread, which shares the L1 and needs
   * no request, is held off by `locks` (sibling-locks.ts).
   */
  lock(line: number, until: number, core: number): void {
    this.occupy(line, until);
    this.locks.record(line, until, core);
  }

  /**
   * A transfer brings the line to its requester at `t`: busy until then, and the next snoop
   * is forwarded from then, reaching the holder `lead` cycles later (by its distance to the
   * line's home slice; the constructor's mean when not given).
   */
  arrive(line: number, t: number, lead = this.lead, core = -1): void {
    if (t > this.busy[line]!) this.busy[line] = t;
    this.arrived[line] = t;
    this.leadOf[line] = this.coin ? 0 : lead;
    this.holder[line] = core;
  }

  /**
   * When `core`'s hit on `line` at `now` can use the data: a hit on a line whose transfer
   * to `core` is still in flight (a prefetch's fill, a core-mate's request) waits for its
   * arrival. A line not busy has arrived (the common case: one load).
   */
  fillAt(line: number, core: number, now: number): number {
    if (!(this.busy[line]! > now)) return now;
    const a = this.arrived[line]!;
    return a > now && this.holder[line] === core ? a : now;
  }

  /** Thread `id`'s time in a FIFO is not a demand wait (a queued prefetch): not counted. */
  uncounted(id: number): void { this.waitSince[id] = -1; }

  /** Head of the line's FIFO, or -1. */
  first(line: number): number { return this.head[line]!; }

  /**
   * May thread `id` (on `cpu`, at `clock`) access `line` now? `hit`: the access would hit
   * without a request. GO (if `id` headed the FIFO it leaves it and `woken` names the next
   * head, to be scheduled at freeAt), QUEUED (appended; woken later), or REQUEUE (re-run
   * at `readyAt`: the line is busy and nobody queues before it).
   */
  admit(id: number, cpu: number, clock: number, line: number, hit: boolean): number {
    const first = this.head[line]!;
    this.woken = -1;
    const wait = hit ? false : (first >= 0 && first !== id) || this.busy[line]! > clock;
    if (!wait) {
      if (first === id) this.leave(id, cpu, clock, line);
      return GO;
    }
    if (this.waitSince[id]! < 0) this.waitSince[id] = clock;
    if (this.coreOfCpu.length > 0) this.coreOf[id] = this.coreOfCpu[cpu]!;
    if (first === id) { this.readyAt = this.due[line] = this.freeAt(line, clock, id); return REQUEUE; } // re-busied (locked RMW, prefetch): try again when free
    this.append(line, id);
    if (first < 0) { this.readyAt = this.due[line] = this.freeAt(line, clock, id); return REQUEUE; }
    return QUEUED;
  }

  /** The head `id` is served: count its time in the FIFO; the next waiter becomes head. */
  private leave(id: number, cpu: number, clock: number, line: number): void {
    let h = this.next[this.head[line]!]!;
    if (h >= 0 && this.socketOfCore.length > 0) h = this.remoteFirst(line, id, h);
    this.head[line] = h;
    if (h < 0) this.tail[line] = -1;
    this.due[line] = Infinity; // until the woken head is scheduled (wake)
    const since = this.waitSince[id]!;
    if (since >= 0) {
      const w = clock - since, st = this.stats;
      st.n.queueCycles += w; st.cyc.queue += w; st.cpuQueue(cpu, w);
      this.waitSince[id] = -1;
    }
    this.woken = h;
  }

  /**
   * Remote waiter first: the line goes to thread `id` (on socket S); if the next waiter is
   * also on S but a later one is on another socket, that one moves to the head. Its
   * request reached the line's home through the socket link, and the home's snoop is
   * served before S's own queued requests, which conflict at S's LLC slice and retry.
   * A merged SMT sibling of `id` (same core, same request) keeps its place. Returns the
   * new head.
   */
  private remoteFirst(line: number, id: number, h: number): number {
    const sock = this.socketOfCore, co = this.coreOf, mine = sock[co[id]!]!;
    if (sock[co[h]!] !== mine || co[h] === co[id]) return h;
    let prev = h, x = this.next[h]!;
    while (x >= 0 && sock[co[x]!] === mine) { prev = x; x = this.next[x]!; }
    if (x < 0) return h;
    this.next[prev] = this.next[x]!;
    if (this.tail[line] === x) this.tail[line] = prev;
    this.next[x] = h;
    return x;
  }

  private append(line: number, id: number): void {
    if (this.smtMerge && this.mergeBehindSibling(line, id)) return;
    const t = this.tail[line]!;
    if (t < 0) this.head[line] = id; else this.next[t] = id;
    this.tail[line] = id;
    this.next[id] = -1;
  }

  /**
   * Insert `id` right behind the last queued thread of its own core, wherever that one
   * waits: the core's miss for the line is one fill-buffer entry, so the sibling's request
   * is served with it, not at the FIFO's tail.
   */
  private mergeBehindSibling(line: number, id: number): boolean {
    const core = this.coreOf[id]!, co = this.coreOf, next = this.next;
    let mate = -1;
    for (let x = this.head[line]!; x >= 0; x = next[x]!) if (co[x] === core) mate = x;
    if (mate < 0 || mate === this.tail[line]) return false;
    next[id] = next[mate]!;
    next[mate] = id;
    return true;
  }

  /** The woken head of `line` (from admit's `woken`) is scheduled: returns its run cycle (freeAt), now its due cycle. */
  wake(line: number, clock: number): number {
    return (this.due[line] = this.freeAt(line, clock, this.head[line]!));
  }

  /** Threads still queued for some line (a run that ends with any is deadlocked). */
  stillWaiting(): { line: number; n: number } | null {
    for (let line = 0; line < this.nLines; line++) {
      let n = 0;
      for (let id = this.head[line]!; id >= 0; id = this.next[id]!) n++;
      if (n > 0) return { line, n };
    }
    return null;
  }
}
