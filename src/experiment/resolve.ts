/**
 * The runner's window onto the profile and layout registries (src/profile, src/layout).
 * Everything the experiment loader needs from them goes through `Resolver`, so tests
 * can substitute a small in-memory resolver and the loader never depends on their
 * internals.
 */
import { existsSync, statSync } from 'node:fs';
import type { MachineConfig } from '../model/machine-config.ts';
import type { ResolvedLayout } from '../model/point-spec.ts';
import { InputError } from '../util/errors.ts';
import {
  applyOverrides, applyPrefetchSetting, effectiveProfileJson, loadProfile, PREFETCH_SETTINGS, toMachineConfig,
} from '../profile/index.ts';
import { listLayouts, loadLayout, toResolvedLayout } from '../layout/registry.ts';

/** Where a reference was written, for error messages: file + JSON path, or a CLI flag. */
export interface At {
  source: string;
  where: string;
}

export interface ResolvedProfile {
  /** profile name (file stem) */
  name: string;
  /** the engine's view, overrides applied, profile's own prefetch setting */
  machine: MachineConfig;
  /** the effective profile with sources, for effective-config.json */
  effective: unknown;
}

export interface Resolver {
  /**
   * Resolve a profile name or path (relative to the working directory) and apply
   * nested overrides; unknown names → InputError at `at`, bad overrides at `overridesAt`.
   */
  profile(ref: string, overrides: Record<string, unknown> | undefined, at: At, overridesAt: At): Promise<ResolvedProfile>;
  /** Prefetch settings the experiment may sweep ('on', 'off', 'mirror-steal', ...). */
  prefetchSettings(): readonly string[];
  applyPrefetch(machine: MachineConfig, setting: string): MachineConfig;
  /** Resolve a layout name or path (relative to the working directory); unknown names → InputError at `at`. */
  layout(ref: string, at: At): Promise<ResolvedLayout>;
}

const isLayoutPath = (ref: string) => ref.includes('/') || ref.includes('.');

/** The real registries: cpu-profiles/ via src/profile, layouts/ via src/layout. */
export const registryResolver: Resolver = {
  async profile(ref, overrides, at, overridesAt) {
    let p = loadProfile(ref, {}, { file: at.source, path: at.where });
    if (overrides) {
      const label = at.where === '' ? at.source : `${at.source}:${overridesAt.where}`;
      p = applyOverrides(p, overrides, label, { file: overridesAt.source, path: overridesAt.where });
    }
    return { name: p.name, machine: toMachineConfig(p), effective: effectiveProfileJson(p) };
  },
  prefetchSettings: () => PREFETCH_SETTINGS,
  applyPrefetch: (machine, setting) => applyPrefetchSetting(machine, setting),
  async layout(ref, at) {
    // The registry names the reference itself as the source; we name where it was written.
    if (!isLayoutPath(ref) && !listLayouts().includes(ref)) {
      throw new InputError(at.source, at.where, `unknown layout '${ref}' (known: ${listLayouts().join(', ')}; or a path to a layout .json or pahole dump)`);
    }
    if (isLayoutPath(ref) && (!existsSync(ref) || !statSync(ref).isFile())) {
      throw new InputError(at.source, at.where, `layout file not found: ${ref}`);
    }
    return toResolvedLayout(loadLayout(ref));
  },
};
