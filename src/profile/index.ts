/**
 * Public API of the profile layer: load CPU profiles by name or path, apply overrides,
 * convert to the engine's MachineConfig, and map the experiment's prefetch axis.
 */
export type { EffectiveProfile, ProfileData, ProfileFile, ProfileOverride, Sourced, SnoopFilterSpec } from './types.ts';
export { PROFILE_DIR, listProfiles, loadProfile, loadAllProfiles, resolveProfileRef, isPathRef } from './registry.ts';
export type { RegistryOptions, RefOrigin, ProfileEntry } from './registry.ts';
export { applyOverrides, deepMerge, parseAssignments } from './merge.ts';
export type { OverrideOrigin } from './merge.ts';
export {
  toMachineConfig, applyPrefetchSetting, effectiveProfileJson, PREFETCH_SETTINGS, coresPerLlc, llcKib, llcLatNs, snoopFilterOf,
} from './machine.ts';
export type { PrefetchSetting } from './machine.ts';
export { ProfileSchema, ProfileFileSchema, ProfileOverrideSchema, PREFETCH_KINDS } from './schema.ts';
