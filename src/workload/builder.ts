/**
 * A small assembler for thread programs. Kernel paths (src/kernel) and the JSON
 * program compiler both emit through it, so every access gets a named site
 * (path + object + field) for attribution. Labels are resolved at `build()`.
 */
import { Access } from '../model/vocab.ts';
import { fieldAddr, type PlacedObject } from './arena.ts';
import {
  Cond, Op, RmwFn, imm, instr, markOwnershipReads, reg,
  type CompiledProgram, type Instr, type Operand,
} from './ir.ts';
import type { SiteTable } from './sites.ts';

export type Val = number | Operand;
const op = (v: Val): Operand => (typeof v === 'number' ? imm(v) : v);

/** A reference to memory: a field of a placed object, or object + byte offset. */
export interface Ref { obj: PlacedObject; role: string; field?: string; offset?: number; size?: number }

export class ProgramBuilder {
  private readonly code: Instr[] = [];
  private readonly labels = new Map<string, number>();
  private readonly fixups: Array<{ at: number; label: string }> = [];
  private readonly regs = new Map<string, number>();
  private path = 'main';
  private uniq = 0;

  constructor(private readonly sites: SiteTable) {}

  /** Name the code path (kernel function) the following accesses belong to. */
  inPath(name: string): this { this.path = name; return this; }
  currentPath(): string { return this.path; }

  r(name: string): Operand {
    let i = this.regs.get(name);
    if (i === undefined) { i = this.regs.size; this.regs.set(name, i); }
    return reg(i);
  }

  fresh(prefix: string): string { return `${prefix}#${this.uniq++}`; }

  private resolve(ref: Ref, access: 'read' | 'write' | 'rmw'): { addr: number; site: number } {
    let addr: number, size: number, offset: number, field: string;
    if (ref.field !== undefined) {
      ({ addr, size, offset } = fieldAddr(ref.obj, ref.field));
      field = ref.field;
    } else {
      offset = ref.offset ?? 0;
      size = ref.size ?? 8;
      addr = ref.obj.base + offset;
      const named = ref.obj.layout.fields.find((f) => offset >= f.offset && offset < f.offset + f.size);
      field = named ? named.name : `+${offset}`;
    }
    const site = this.sites.intern({ path: this.path, object: ref.role, field, offset, size, access });
    return { addr, site };
  }

  read(ref: Ref, into?: string): this {
    const { addr, site } = this.resolve(ref, 'read');
    this.code.push(instr({ op: Op.Mem, access: Access.Read, addr, site, dst: into ? this.r(into).reg : -1 }));
    return this;
  }

  write(ref: Ref, value: Val): this {
    const { addr, site } = this.resolve(ref, 'write');
    this.code.push(instr({ op: Op.Mem, access: Access.Write, addr, site, a: op(value) }));
    return this;
  }

  /**
   * Write `value` to the `ref` field of object number reg (0-based) among like objects
   * `stride` bytes apart, `ref` naming object 0: one instruction, one site.
   */
  writeIndexed(ref: Ref, reg: string, stride: number, value: Val): this {
    const { addr, site } = this.resolve(ref, 'write');
    this.code.push(instr({ op: Op.Mem, access: Access.Write, addr, idx: this.r(reg).reg, stride, site, a: op(value) }));
    return this;
  }

  rmw(fn: RmwFn, ref: Ref, value: Val, into?: string): this {
    const { addr, site } = this.resolve(ref, 'rmw');
    this.code.push(instr({ op: Op.Mem, access: Access.Rmw, addr, site, fn, a: op(value), dst: into ? this.r(into).reg : -1 }));
    return this;
  }

  /** lock cmpxchg: `into` receives the old value; success iff old === expect. */
  cas(ref: Ref, expect: Val, next: Val, into: string): this {
    const { addr, site } = this.resolve(ref, 'rmw');
    this.code.push(instr({ op: Op.Mem, access: Access.Rmw, addr, site, fn: RmwFn.Cas, a: op(expect), b: op(next), dst: this.r(into).reg }));
    return this;
  }

  work(cycles: number, jitter = 0): this {
    if (cycles > 0) this.code.push(instr({ op: Op.Work, cycles, jitter }));
    return this;
  }

  /**
   * Time waiting on memory the model does not simulate line by line (a dependent DRAM
   * miss on a struct page): unlike `work`, an SMT sibling's execution does not stretch it.
   */
  stall(cycles: number): this {
    if (cycles > 0) this.code.push(instr({ op: Op.Stall, cycles }));
    return this;
  }

  /**
   * Enter (true) or leave (false) a PAUSE spin-wait: while a thread spins, its SMT
   * sibling's `work` runs unstretched (Intel SDM Vol. 3A §8.10: PAUSE is how a logical
   * processor blocked on a lock leaves the core's execution resources to its sibling [S];
   * that it leaves all of them is [E]).
   */
  spinHint(on: boolean): this {
    this.code.push(instr({ op: Op.SpinHint, a: imm(on ? 1 : 0) }));
    return this;
  }

  footprint(stream: number, random: number, poolLines: number): this {
    if (stream > 0 || random > 0) this.code.push(instr({ op: Op.Footprint, stream, random, poolLines }));
    return this;
  }

  set(r: string, v: Val): this { this.code.push(instr({ op: Op.Set, r: this.r(r).reg, a: op(v) })); return this; }
  add(r: string, v: Val): this { this.code.push(instr({ op: Op.AddR, r: this.r(r).reg, a: op(v) })); return this; }
  done(): this { this.code.push(instr({ op: Op.Done })); return this; }
  halt(): this { this.code.push(instr({ op: Op.Halt })); return this; }
  /** mfence: later accesses wait until every earlier store has committed */
  fence(): this { this.code.push(instr({ op: Op.Fence })); return this; }

  label(name: string): this {
    if (this.labels.has(name)) throw new Error(`duplicate label ${name}`);
    this.labels.set(name, this.code.length);
    return this;
  }
  jmp(label: string): this {
    this.fixups.push({ at: this.code.length, label });
    this.code.push(instr({ op: Op.Jmp }));
    return this;
  }
  /** branch to `label` if (reg `r` cond v) */
  br(r: string, cond: Cond, v: Val, label: string): this {
    this.fixups.push({ at: this.code.length, label });
    this.code.push(instr({ op: Op.Br, r: this.r(r).reg, cond, a: op(v) }));
    return this;
  }

  /** branch to `label` while the thread's clock is below `cycles` (fixed-duration runs) */
  brClock(cycles: Val, label: string): this {
    this.fixups.push({ at: this.code.length, label });
    this.code.push(instr({ op: Op.BrClock, a: op(cycles) }));
    return this;
  }

  build(): CompiledProgram {
    for (const f of this.fixups) {
      const t = this.labels.get(f.label);
      if (t === undefined) throw new Error(`undefined label ${f.label}`);
      this.code[f.at]!.target = t;
    }
    if (this.code.length === 0 || this.code[this.code.length - 1]!.op !== Op.Halt) this.code.push(instr({ op: Op.Halt }));
    markOwnershipReads(this.code);
    return { code: this.code, nRegs: Math.max(1, this.regs.size) };
  }
}
