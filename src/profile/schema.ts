/**
 * zod schemas for CPU profile files (cpu-profiles/*.json).
 *
 * Every number is *sourced*: `{ "v": 45, "src": "[M] nviennot (E5-2680 v4 33/45/55)" }`.
 * One builder makes three variants of the same shape, so they cannot drift apart:
 *   - 'file':     what one file may contain (all fields optional, `extends` allowed);
 *   - 'override': what an experiment may override (optional, plain numbers allowed);
 *   - 'full':     the effective profile after extends + overrides (required fields,
 *                 cross-field rules such as Intel vs AMD topology).
 * All objects are strict: an unknown key is an error, never silently ignored.
 */
import { z } from 'zod';
import '../model/mechanisms.ts';
import { prefetcherNames } from '../model/prefetch/registry.ts';
import { replacementNames } from '../model/replacement/registry.ts';
import { snoopPolicyNames } from '../model/snoop/registry.ts';
import type { ProfileData, ProfileFile, ProfileOverride } from './types.ts';

type Mode = 'full' | 'file' | 'override';

/** Registered mechanisms (each a folder under src/model/prefetch, snoop, replacement). */
export const PREFETCH_KINDS = prefetcherNames() as [string, ...string[]];
export const BUDDY_REQUESTS = ['mirror', 'read'] as const;
export const SHARED_BUDDY = ['keep', 'upgrade'] as const;
export const PREFETCH_TRIGGERS = ['request', 'fill'] as const;
export const PREFETCH_QUEUES = ['behind', 'ahead'] as const;
export const ON_OWNED = snoopPolicyNames() as [string, ...string[]];
export const REPLACEMENTS = replacementNames() as [string, ...string[]];

const SOURCED_HINT = 'expected a sourced number {"v": <number>, "src": "[S|M|L|E] <source>"}';

type NumCheck = 'posInt' | 'pos' | 'nonneg';

function numberSchema(check: NumCheck) {
  const n = z.number({ error: 'expected a number' });
  if (check === 'posInt') return n.int('expected an integer').positive('must be > 0');
  if (check === 'pos') return n.positive('must be > 0');
  return n.nonnegative('must be >= 0');
}

/** `{v, src}` with an optional free-text note (ranges, SKU, caveats). */
export function sourced(check: NumCheck) {
  return z.strictObject(
    {
      v: numberSchema(check),
      src: z.string({ error: 'expected a source string such as "[S] Anandtech 11544"' })
        .regex(/^(\[[SMLE]\]|override:)/, 'src must start with a tag [S], [M], [L] or [E]'),
      note: z.string().optional(),
    },
    { error: SOURCED_HINT },
  );
}

function build(mode: Mode) {
  const full = mode === 'full';
  // A numeric leaf: sourced everywhere, and a plain number is also accepted in overrides.
  const N = (check: NumCheck) =>
    (mode === 'override'
      ? z.union([numberSchema(check), sourced(check)], {
          error: `expected a number or ${SOURCED_HINT.replace('expected ', '')}`,
        })
      : sourced(check)) as z.ZodType;
  // Required in the effective profile; optional in a single file or an override.
  const req = (s: z.ZodType): z.ZodType => (full ? s : s.optional());
  const note = z.string().optional();

  const cache = z.strictObject({
    kib: req(N('posInt')),
    ways: req(N('posInt')),
    latCycles: req(N('pos')),
    note,
  });

  /** the L2 adds whether it holds every L1 line (false: NINE of the L1) */
  const l2 = cache.extend({ inclusiveOfL1: z.boolean({ error: 'expected true or false' }).optional() });

  // Bounded snoop filter of a non-inclusive LLC, or "none" (unbounded: the precise
  // directory alone; also how an override turns a profile's filter off).
  const snoopFilter = z.union([
    z.strictObject({
      /** entries per core of the LLC domain (Intel: each CHA/LLC slice holds a slice of the filter) */
      entriesPerCore: req(N('posInt')),
      ways: req(N('posInt')),
      note,
    }),
    z.literal('none'),
  ], { error: 'expected {"entriesPerCore": …, "ways": …} or "none"' });

  const llc = z.strictObject({
    /** Intel: per-core slice size; LLC per socket = kibPerCore × coresPerSocket */
    kibPerCore: N('pos').optional(),
    /** AMD: capacity of one CCX's L3 */
    kibPerDomain: N('pos').optional(),
    ways: req(N('posInt')),
    /** latency in ns (sources that give ns) or core cycles (sources that give cycles) */
    latNs: N('pos').optional(),
    latCycles: N('pos').optional(),
    /** LLC latency difference between the farthest and the nearest slice (core cycles) */
    sliceSpreadCycles: N('nonneg').optional(),
    inclusive: req(z.boolean({ error: 'expected true or false' })),
    snoopFilter: snoopFilter.optional(),
    note,
  });

  const c2c = z.strictObject({
    smt: req(N('nonneg')),
    /** Intel: one-way c2c between two cores of one socket */
    sameSocket: N('pos').optional(),
    /** AMD: same CCX / other CCX of the same socket */
    sameCcx: N('pos').optional(),
    crossCcx: N('pos').optional(),
    crossSocket: req(N('pos')),
    note,
  });

  const prefetch = z.strictObject({
    kind: req(z.enum(PREFETCH_KINDS, { error: `expected one of ${PREFETCH_KINDS.join(', ')}` })),
    pairBytes: req(N('posInt')),
    buddyRequest: req(z.enum(BUDDY_REQUESTS, { error: `expected one of ${BUDDY_REQUESTS.join(', ')}` })),
    onOwned: req(z.enum(ON_OWNED, { error: `expected one of ${ON_OWNED.join(', ')}` })),
    /** an RFO trigger's buddy already held S: left alone (`keep`, default) or upgraded */
    sharedBuddy: z.enum(SHARED_BUDDY, { error: `expected one of ${SHARED_BUDDY.join(', ')}` }).optional(),
    /** when a demand miss sets the prefetchers off: with its request (`request`, default) or after its fill (`fill`, ablation) */
    trigger: z.enum(PREFETCH_TRIGGERS, { error: `expected one of ${PREFETCH_TRIGGERS.join(', ')}` }).optional(),
    /** a prefetch of a line with demand requests waiting at its home: served `behind` them (default) or `ahead` of them (ablation) */
    queue: z.enum(PREFETCH_QUEUES, { error: `expected one of ${PREFETCH_QUEUES.join(', ')}` }).optional(),
    /** further prefetchers that also see every demand fill; the prefetch axis's "off" leaves them on */
    also: z.array(z.enum(PREFETCH_KINDS, { error: `expected one of ${PREFETCH_KINDS.join(', ')}` })).optional(),
    note,
  });

  const shape = {
    vendor: req(z.enum(['intel', 'amd'], { error: 'expected "intel" or "amd"' })),
    lineBytes: req(N('posInt')),
    freqGHz: req(N('pos')),
    sockets: req(N('posInt')),
    coresPerSocket: req(N('posInt')),
    /** AMD only: cores per CCX (the LLC domain); absent on Intel (LLC = socket) */
    coresPerCcx: N('posInt').optional(),
    smt: req(N('posInt')),
    l1d: req(cache),
    l2: req(l2),
    llc: req(llc),
    c2cNs: req(c2c),
    dramNs: req(z.strictObject({ local: req(N('pos')), remote: req(N('pos')), note })),
    rmwCycles: req(N('pos')),
    pauseCycles: req(N('pos')),
    smtWorkFactor: req(N('pos')),
    /** load followed by a locked RMW to the same line: one RFO (see MachineConfig) */
    loadRfoBeforeRmw: z.boolean().optional(),
    /** who keeps a contended line: timing (default) or coin (ablation of the ownership rule) */
    arbitration: z.enum(['timing', 'coin'], { error: 'expected "timing" or "coin"' }).optional(),
    /** SMT siblings' misses to one line join one request (shared L1D fill buffers); default true */
    smtMissMerge: z.boolean({ error: 'expected true or false' }).optional(),
    /** a waiter on another socket is served before the holder socket's own waiters (arbiter.ts); default true */
    remoteFirst: z.boolean({ error: 'expected true or false' }).optional(),
    /** a snoop across sockets / LLC domains reaches the holder later (latency.ts); default true */
    snoopLeadTopology: z.boolean({ error: 'expected true or false' }).optional(),
    /** a core-mate in a PAUSE spin-wait does not stretch the other's work; default true */
    smtSpinYields: z.boolean({ error: 'expected true or false' }).optional(),
    /** memory stalls stretch under SMT like work (ablation); default false */
    smtStretchesStalls: z.boolean({ error: 'expected true or false' }).optional(),
    /** the core-mate's stores and locked RMWs wait for a locked RMW's line; default true */
    smtSiblingWaitsForLock: z.boolean({ error: 'expected true or false' }).optional(),
    /** a queued request of the core that holds the line runs when the line is free; default true */
    sameCoreAtFill: z.boolean({ error: 'expected true or false' }).optional(),
    /** the core's TSO store buffer (src/model/store-buffer); absent or 0 entries: stores stall like loads */
    storeBuffer: z.strictObject({
      entries: req(N('nonneg')),
      merge: req(z.boolean({ error: 'expected true or false' })),
      storeCycles: req(N('pos')),
      note,
    }).optional(),
    loadRfoBeforeRmwNote: z.string().optional(),
    prefetch: req(prefetch),
    /** replacement policy of every tag store (default lru) */
    replacement: z.enum(REPLACEMENTS, { error: `expected one of ${REPLACEMENTS.join(', ')}` }).optional(),
    calibration: req(z.record(z.string(), N('nonneg'))),
  };

  if (mode === 'file') {
    return z.strictObject({
      $schema: z.string().optional(),
      description: z.string().optional(),
      sources: z.string().optional(),
      extends: z.string().min(1, 'extends needs a profile name or .json path').optional(),
      ...shape,
    });
  }
  if (mode === 'override') return z.strictObject(shape);
  return z.strictObject({ description: z.string().optional(), sources: z.string().optional(), ...shape })
    .superRefine(crossFieldRules);
}

/**
 * Size limits of a profile, so an override such as `l2.kib: 1e9` is one clear error, not
 * an allocation failure: the model keeps a tag per cache line of every cache it models.
 */
export const PROFILE_LIMITS = {
  sockets: 16,
  coresPerSocket: 512,
  smt: 8,
  /** hardware threads in all (sockets × cores × smt) */
  hwThreads: 4096,
  lineBytes: [8, 4096] as const,
  ways: 1024,
  /** cache lines modelled in all (L1d + L2 per core, LLC per domain, snoop filter): ~32 M tags ≈ 0.5 GiB */
  totalLines: 2 ** 25,
};

/** Rules that span fields; only checked on the effective profile. */
function crossFieldRules(p: any, ctx: z.RefinementCtx): void {
  const add = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const L = PROFILE_LIMITS;
  const over = (path: PropertyKey[], v: number, max: number) => { if (v > max) add([...path, 'v'], `${v} is above the limit of ${max}`); return v <= max; };
  if (!over(['sockets'], p.sockets.v, L.sockets) || !over(['coresPerSocket'], p.coresPerSocket.v, L.coresPerSocket) || !over(['smt'], p.smt.v, L.smt)) return;
  if (p.sockets.v * p.coresPerSocket.v * p.smt.v > L.hwThreads) { add(['coresPerSocket', 'v'], `sockets × coresPerSocket × smt is above the limit of ${L.hwThreads} hardware threads`); return; }
  const lb = p.lineBytes.v;
  if (lb < L.lineBytes[0] || lb > L.lineBytes[1]) { add(['lineBytes', 'v'], `must be in ${L.lineBytes[0]}..${L.lineBytes[1]}`); return; }
  const cores = p.sockets.v * p.coresPerSocket.v;
  const domains = p.coresPerCcx !== undefined ? cores / p.coresPerCcx.v : p.sockets.v;
  const llcKib = p.llc.kibPerDomain?.v ?? (p.llc.kibPerCore?.v ?? 0) * (cores / domains);
  const levels: Array<[PropertyKey[], number, number, number]> = [
    [['l1d'], p.l1d.kib.v, p.l1d.ways.v, cores], [['l2'], p.l2.kib.v, p.l2.ways.v, cores], [['llc'], llcKib, p.llc.ways.v, domains],
  ];
  let total = 0;
  for (const [path, kib, ways, banks] of levels) {
    if (!over([...path, 'ways'], ways, L.ways)) return;
    const lines = (kib * 1024) / lb;
    if (lines < ways) { add([...path, 'kib'], `${kib} KiB holds ${lines} lines of ${lb} B, fewer than its ${ways} ways`); return; }
    if (lines * banks > L.totalLines) { add([...path, 'kib'], `${kib} KiB × ${banks} caches is ${lines * banks} lines, above the limit of ${L.totalLines} modelled lines`); return; }
    total += lines * banks;
  }
  const sfBounded = typeof p.llc.snoopFilter === 'object';
  if (sfBounded) {
    if (!over(['llc', 'snoopFilter', 'ways'], p.llc.snoopFilter.ways.v, L.ways)) return;
    total += p.llc.snoopFilter.entriesPerCore.v * cores;
  }
  if (total > L.totalLines) { add([], `models ${total} cache lines in all (L1d, L2, LLC${sfBounded ? ', snoop filter' : ''}), above the limit of ${L.totalLines}`); return; }
  const amd = p.coresPerCcx !== undefined;
  if (amd) {
    if (p.coresPerSocket.v % p.coresPerCcx.v !== 0) add(['coresPerCcx'], 'must divide coresPerSocket');
    if (p.c2cNs.sameCcx === undefined) add(['c2cNs', 'sameCcx'], 'required when coresPerCcx is set (AMD)');
    if (p.c2cNs.crossCcx === undefined) add(['c2cNs', 'crossCcx'], 'required when coresPerCcx is set (AMD)');
    if (p.c2cNs.sameSocket !== undefined) add(['c2cNs', 'sameSocket'], 'use sameCcx/crossCcx when coresPerCcx is set');
  } else {
    if (p.c2cNs.sameSocket === undefined) add(['c2cNs', 'sameSocket'], 'required when coresPerCcx is absent (LLC = socket)');
    for (const k of ['sameCcx', 'crossCcx']) {
      if (p.c2cNs[k] !== undefined) add(['c2cNs', k], 'only valid with coresPerCcx (AMD)');
    }
  }
  const oneOf = (a: string, b: string) => {
    const n = (p.llc[a] !== undefined ? 1 : 0) + (p.llc[b] !== undefined ? 1 : 0);
    if (n !== 1) add(['llc'], `set exactly one of llc.${a} and llc.${b} (found ${n})`);
  };
  oneOf('kibPerCore', 'kibPerDomain');
  oneOf('latNs', 'latCycles');
  const sf = p.llc.snoopFilter;
  if (typeof sf === 'object') {
    if (p.llc.inclusive) {
      add(['llc', 'snoopFilter'], 'not valid with llc.inclusive: true (an inclusive LLC\'s core-valid bits are its snoop filter: ' +
        'LLC evictions back-invalidate); remove it or set it to "none"');
    }
    const cores = amd ? p.coresPerCcx.v : p.coresPerSocket.v;
    if (sf.entriesPerCore.v * cores < sf.ways.v) {
      add(['llc', 'snoopFilter', 'entriesPerCore'], `× ${cores} cores per LLC domain must be at least ways (${sf.ways.v}): one set`);
    }
  }
  const line = p.lineBytes.v;
  if ((line & (line - 1)) !== 0) add(['lineBytes'], 'must be a power of two');
  if (p.prefetch.pairBytes.v % line !== 0) add(['prefetch', 'pairBytes'], 'must be a multiple of lineBytes');
}

// The builder's inferred types are loose (one function makes three variants); the
// explicit interfaces in types.ts are the contract, checked by the tests.
export const ProfileFileSchema = build('file') as unknown as z.ZodType<ProfileFile>;
export const ProfileOverrideSchema = build('override') as unknown as z.ZodType<ProfileOverride>;
export const ProfileSchema = build('full') as unknown as z.ZodType<ProfileData>;
