/**
 * From the sourced, effective profile to the engine's MachineConfig (plain numbers),
 * plus the experiment's prefetch axis and the effective-profile JSON written next to
 * results. Units stay as cpu-facts.md has them: ns for anything leaving the core, cycles
 * for L1/L2/RMW; the engine converts ns to cycles with freqGHz.
 */
import type { MachineConfig, PrefetchConfig, SnoopFilterConfig } from '../model/machine-config.ts';
import { InputError } from '../util/errors.ts';
import type { EffectiveProfile, ProfileData } from './types.ts';

/** LLC domain size: a CCX on AMD, the whole socket on Intel. */
export function coresPerLlc(d: ProfileData): number {
  return d.coresPerCcx?.v ?? d.coresPerSocket.v;
}

/** Capacity of one LLC domain in KiB (kibPerDomain, or kibPerCore × cores in the domain). */
export function llcKib(d: ProfileData): number {
  return d.llc.kibPerDomain?.v ?? d.llc.kibPerCore!.v * coresPerLlc(d);
}

/** LLC latency in ns; a cycle count from the source is converted at the profile's clock. */
export function llcLatNs(d: ProfileData): number {
  return d.llc.latNs?.v ?? d.llc.latCycles!.v / d.freqGHz.v;
}

/** The domain's bounded snoop filter, or undefined (inclusive LLC, absent or "none": unbounded). */
export function snoopFilterOf(d: ProfileData): SnoopFilterConfig | undefined {
  const sf = d.llc.snoopFilter;
  if (typeof sf !== 'object' || d.llc.inclusive) return undefined;
  return { entries: sf.entriesPerCore.v * coresPerLlc(d), ways: sf.ways.v };
}

export function toMachineConfig(p: EffectiveProfile): MachineConfig {
  const d = p.data;
  const cache = (c: ProfileData['l1d']) => ({ kib: c.kib.v, ways: c.ways.v, latCycles: c.latCycles.v });
  const sameLlc = (d.c2cNs.sameSocket ?? d.c2cNs.sameCcx)!.v;
  const snoopFilter = snoopFilterOf(d);
  return {
    name: p.name,
    freqGHz: d.freqGHz.v,
    lineBytes: d.lineBytes.v,
    sockets: d.sockets.v,
    coresPerSocket: d.coresPerSocket.v,
    smt: d.smt.v,
    coresPerLlc: coresPerLlc(d),
    l1d: cache(d.l1d),
    l2: { ...cache(d.l2), inclusiveOfL1: d.l2.inclusiveOfL1 ?? true },
    llc: { kib: llcKib(d), ways: d.llc.ways.v, latNs: llcLatNs(d), sliceSpreadCycles: d.llc.sliceSpreadCycles?.v ?? 0, inclusive: d.llc.inclusive, ...(snoopFilter ? { snoopFilter } : {}) },
    c2cNs: {
      smt: d.c2cNs.smt.v,
      sameLlc,
      // NOTE: on Intel the LLC domain is the socket, so "another LLC on this socket" cannot
      // happen; crossLlc = sameLlc keeps the field meaningful without a special case.
      crossLlc: d.c2cNs.crossCcx?.v ?? sameLlc,
      crossSocket: d.c2cNs.crossSocket.v,
    },
    dramNs: { local: d.dramNs.local.v, remote: d.dramNs.remote.v },
    rmwCycles: d.rmwCycles.v,
    pauseCycles: d.pauseCycles.v,
    prefetch: {
      kind: d.prefetch.kind,
      pairBytes: d.prefetch.pairBytes.v,
      buddyRequest: d.prefetch.buddyRequest,
      onOwned: d.prefetch.onOwned,
      sharedBuddy: d.prefetch.sharedBuddy ?? 'keep',
      ...(d.prefetch.trigger !== undefined ? { trigger: d.prefetch.trigger } : {}),
      ...(d.prefetch.queue !== undefined ? { queue: d.prefetch.queue } : {}),
      ...(d.prefetch.also !== undefined && d.prefetch.also.length > 0 ? { also: d.prefetch.also } : {}),
    },
    smtWorkFactor: d.smtWorkFactor.v,
    ...(d.replacement !== undefined ? { replacement: d.replacement } : {}),
    loadRfoBeforeRmw: d.loadRfoBeforeRmw ?? false,
    ...(d.arbitration !== undefined ? { arbitration: d.arbitration } : {}),
    ...(d.smtMissMerge !== undefined ? { smtMissMerge: d.smtMissMerge } : {}),
    ...(d.snoopLeadTopology !== undefined ? { snoopLeadTopology: d.snoopLeadTopology } : {}),
    ...(d.remoteFirst !== undefined ? { remoteFirst: d.remoteFirst } : {}),
    ...(d.smtSpinYields !== undefined ? { smtSpinYields: d.smtSpinYields } : {}),
    ...(d.smtStretchesStalls !== undefined ? { smtStretchesStalls: d.smtStretchesStalls } : {}),
    ...(d.smtSiblingWaitsForLock !== undefined ? { smtSiblingWaitsForLock: d.smtSiblingWaitsForLock } : {}),
    ...(d.sameCoreAtFill !== undefined ? { sameCoreAtFill: d.sameCoreAtFill } : {}),
    ...(d.storeBuffer !== undefined && d.storeBuffer.entries.v > 0
      ? { storeBuffer: { entries: d.storeBuffer.entries.v, merge: d.storeBuffer.merge, storeCycles: d.storeBuffer.storeCycles.v } }
      : {}),
    calibration: Object.fromEntries(Object.entries(d.calibration).map(([k, s]) => [k, s.v])),
  };
}

/** Values an experiment's `prefetch` axis may take. */
export const PREFETCH_SETTINGS = ['on', 'off', 'none', 'mirror-steal', 'mirror-drop', 'read-steal', 'read-drop', 'up-down'] as const;
export type PrefetchSetting = (typeof PREFETCH_SETTINGS)[number];

/**
 * Map a prefetch axis value onto a machine: "on" = the profile's default, "off" = the main (adjacent-line) prefetcher off, "none" = every prefetcher off (also the DCU and streamer),
 * "<buddyRequest>-<onOwned>" = adjacent-line with those settings, "up-down" = AMD-style.
 * Returns a new MachineConfig; the input is not modified.
 */
export function applyPrefetchSetting(
  machine: MachineConfig,
  setting: string,
  origin: { file: string; path: string } = { file: 'prefetch', path: '' },
): MachineConfig {
  const base = machine.prefetch;
  // Explicit adjacent-line modes keep the profile's pair size when it has one.
  const pairBytes = base.kind === 'adjacent-line' ? base.pairBytes : 2 * machine.lineBytes;
  let prefetch: PrefetchConfig;
  switch (setting) {
    case 'on':
      prefetch = { ...base };
      break;
    case 'off': // the BIOS "adjacent cache line prefetch" toggle the published runs used: the others stay on
      prefetch = { ...base, kind: 'none' };
      break;
    case 'none': { // every prefetcher off, including the DCU and streamer (`also`)
      const { also: _also, ...rest } = base;
      prefetch = { ...rest, kind: 'none' };
      break;
    }
    case 'up-down':
      prefetch = { ...base, kind: 'up-down' };
      break;
    case 'mirror-steal':
    case 'mirror-drop':
    case 'read-steal':
    case 'read-drop': {
      const [buddyRequest, onOwned] = setting.split('-') as [PrefetchConfig['buddyRequest'], PrefetchConfig['onOwned']];
      prefetch = { ...base, kind: 'adjacent-line', pairBytes, buddyRequest, onOwned };
      break;
    }
    default:
      throw new InputError(origin.file, origin.path,
        `unknown prefetch setting "${setting}"; expected one of ${PREFETCH_SETTINGS.join(', ')}`);
  }
  return { ...machine, prefetch };
}

/**
 * The effective profile as JSON for writing next to results (ZSim style: the full
 * configuration that produced the numbers, every number with its source).
 */
export function effectiveProfileJson(p: EffectiveProfile): Record<string, unknown> {
  return {
    name: p.name,
    file: p.file,
    extendsChain: p.chain,
    overrides: p.overrides,
    profile: p.data,
  };
}
