/**
 * Thread placement policies: which CPU each software thread runs on.
 * - `linux-order`: CPUs 0,1,2,… in Linux numbering (socket 0's cores, socket 1's cores,
 *   then the SMT siblings): what a benchmark that pins thread i to CPU i gets.
 * - `spread`: what the Linux scheduler does with unpinned threads, as mmtests runs pft
 *   (pft-bench does not pass pft's `-a` bind flag). CFS's select_idle_core() looks for a
 *   wholly idle core first and load balancing evens the sockets out, so threads take one
 *   physical core each, alternating sockets, and SMT siblings only once every core is
 *   busy (../shared/domain/mechanisms.md §4.1).
 * - `compact`: both SMT threads of a core before the next core.
 * - an explicit list of CPU numbers.
 * `kernel` and `scatter` are the older names of `linux-order` and `spread`.
 */
import type { Topology } from './topology.ts';

export const PLACEMENTS = ['linux-order', 'spread', 'compact', 'kernel', 'scatter'] as const;
export type PlacementName = (typeof PLACEMENTS)[number];
export type Placement = PlacementName | number[];

export function placeThreads(topo: Topology, n: number, how: Placement, smt: number): number[] {
  if (Array.isArray(how)) {
    if (how.length < n) throw new Error(`placement lists ${how.length} CPUs for ${n} threads`);
    for (const c of how) if (!Number.isInteger(c) || c < 0 || c >= topo.nCpus) throw new Error(`CPU ${c} does not exist (0..${topo.nCpus - 1})`);
    if (new Set(how.slice(0, n)).size < n) throw new Error('placement lists a CPU twice');
    return how.slice(0, n);
  }
  if (n > topo.nCpus) throw new Error(`${n} threads exceed the ${topo.nCpus} CPUs of this profile`);
  const order: number[] = [];
  if (how === 'linux-order' || how === 'kernel') {
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
