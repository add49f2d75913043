/**
 * Thread placement policies: which CPU each software thread is pinned to.
 * `kernel`: CPUs in Linux order 0,1,2,… (fills socket 0's cores, then socket 1's,
 * then SMT siblings) — how pft pins on the reference box. `compact`: both SMT threads
 * of a core before the next core. `scatter`: alternate sockets. Or an explicit CPU list.
 */
import type { Topology } from './topology.ts';

export type PlacementName = 'kernel' | 'compact' | 'scatter';
export const PLACEMENTS: PlacementName[] = ['kernel', 'compact', 'scatter'];

export function placeThreads(topo: Topology, n: number, how: PlacementName | number[], smt: number): number[] {
  if (Array.isArray(how)) {
    if (how.length < n) throw new Error(`placement lists ${how.length} CPUs for ${n} threads`);
    for (const c of how) if (c < 0 || c >= topo.nCpus) throw new Error(`CPU ${c} does not exist (0..${topo.nCpus - 1})`);
    return how.slice(0, n);
  }
  if (n > topo.nCpus) throw new Error(`${n} threads exceed the ${topo.nCpus} CPUs of this profile`);
  const order: number[] = [];
  if (how === 'kernel') {
    for (let c = 0; c < topo.nCpus; c++) order.push(c);
  } else if (how === 'compact') {
    for (let core = 0; core < topo.nCores; core++) for (let s = 0; s < smt; s++) order.push(s * topo.nCores + core);
  } else {
    const sockets = Math.max(...topo.socketOfCore) + 1;
    const perSocket = topo.nCores / sockets;
    for (let s = 0; s < smt; s++) for (let i = 0; i < perSocket; i++) for (let k = 0; k < sockets; k++) order.push(s * topo.nCores + k * perSocket + i);
  }
  return order.slice(0, n);
}
