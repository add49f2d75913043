/**
 * Prefetch-snoop policies by name: what an L2 prefetch does when the line it wants is
 * held M/E by another core. Each policy is a folder here that registers itself
 * (mechanisms.ts loads every folder); the profile's `prefetch.onOwned` selects one.
 */
import type { Controller } from '../controller.ts';
import type { Txn } from '../protocol/txn.ts';

export interface SnoopPolicy {
  readonly name: string;
  /** May prefetch `x` be issued? false: it is dropped (counted as prefetchDropped). No side effects: the controller may ask twice. */
  admit(c: Controller, x: Txn): boolean;
}

const POLICIES = new Map<string, () => SnoopPolicy>();

export function registerSnoopPolicy(name: string, make: () => SnoopPolicy): void {
  POLICIES.set(name, make);
}

export function makeSnoopPolicy(name: string): SnoopPolicy {
  const make = POLICIES.get(name);
  if (!make) throw new Error(`unknown prefetch-snoop policy '${name}' (known: ${snoopPolicyNames().join(', ')})`);
  return make();
}

export function snoopPolicyNames(): string[] {
  return [...POLICIES.keys()].sort();
}
