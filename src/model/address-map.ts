/**
 * The simulated address space. Shared lines are 0..sharedLines-1 (placed densely by the
 * workload's arena, so the directory indexes them directly); each CPU owns a private
 * region of PRIVATE_REGION_LINES lines from PRIVATE_BASE_LINE, never touched by another
 * core (page zeroing, page tables: footprint without coherence).
 */
import type { Topology } from './topology/topology.ts';

export const PRIVATE_BASE_LINE = 1 << 22;
export const PRIVATE_REGION_LINES = 1 << 16;

export class AddressMap {
  constructor(readonly sharedLines: number, readonly lineShift: number, private readonly topo: Topology) {}

  lineOf(addr: number): number {
    // Simulated addresses stay below 2^32 (shared arena + private regions), so a shift is exact.
    return addr >>> this.lineShift;
  }

  isShared(line: number): boolean {
    return line < this.sharedLines;
  }

  /** k-th private line of a CPU's region (wraps). */
  privateLine(cpu: number, k: number): number {
    return PRIVATE_BASE_LINE + cpu * PRIVATE_REGION_LINES + (k % PRIVATE_REGION_LINES);
  }

  /** The core whose CPU owns private `line`. */
  privateOwnerCore(line: number): number {
    const cpu = Math.floor((line - PRIVATE_BASE_LINE) / PRIVATE_REGION_LINES);
    return this.topo.coreOfCpu[cpu]!;
  }
}
