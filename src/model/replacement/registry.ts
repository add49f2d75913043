/**
 * Replacement policies by name (ChampSim style: one folder per policy, registering
 * itself; mechanisms.ts loads the folders). A profile selects one with `replacement`.
 */

export interface ReplacementPolicy {
  name: string;
  /** called once by the tag store that owns `meta` (sets of `ways` consecutive slots) */
  init(meta: Uint32Array, ways: number): void;
  /** a hit on `slot` */
  touch(meta: Uint32Array, slot: number): void;
  /** `slot` was just filled */
  insert(meta: Uint32Array, slot: number): void;
  /** choose a victim slot among base..base+ways-1 (all valid) */
  victim(meta: Uint32Array, base: number, ways: number): number;
}

const POLICIES = new Map<string, () => ReplacementPolicy>();

export function registerReplacement(name: string, make: () => ReplacementPolicy): void {
  POLICIES.set(name, make);
}

export function replacementNames(): string[] {
  return [...POLICIES.keys()].sort();
}

export function replacementPolicy(name: string): ReplacementPolicy {
  const make = POLICIES.get(name);
  if (!make) throw new Error(`unknown replacement policy '${name}' (known: ${[...POLICIES.keys()].join(', ')})`);
  return make();
}
