/**
 * Machine topology: sockets × cores × SMT threads, LLC domains (socket on Intel, CCX
 * on AMD), and the Linux CPU numbering of the reference box (vma-layouts §5.1:
 * socket 0 cores, socket 1 cores, then the SMT siblings in the same order).
 */
import { smallInt, type MachineConfig } from '../machine-config.ts';

export interface Topology {
  nCores: number;
  nCpus: number;
  /** CPU number → core id */
  coreOfCpu: Int32Array;
  /** core id → socket */
  socketOfCore: Int32Array;
  /** core id → LLC domain id */
  domainOfCore: Int32Array;
  nDomains: number;
}

export function buildTopology(m: MachineConfig): Topology {
  const nCores = smallInt(m.sockets * m.coresPerSocket);
  const nCpus = smallInt(nCores * m.smt);
  const coreOfCpu = new Int32Array(nCpus);
  // Linux numbering: cpu = sibling * nCores + core.
  for (let cpu = 0; cpu < nCpus; cpu++) coreOfCpu[cpu] = cpu % nCores;
  const socketOfCore = new Int32Array(nCores);
  const domainOfCore = new Int32Array(nCores);
  const domainsPerSocket = Math.max(1, Math.ceil(m.coresPerSocket / m.coresPerLlc));
  for (let c = 0; c < nCores; c++) {
    const s = Math.floor(c / m.coresPerSocket);
    socketOfCore[c] = s;
    domainOfCore[c] = s * domainsPerSocket + Math.floor((c % m.coresPerSocket) / m.coresPerLlc);
  }
  return { nCores, nCpus, coreOfCpu, socketOfCore, domainOfCore, nDomains: smallInt(m.sockets * domainsPerSocket) };
}
