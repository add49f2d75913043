/**
 * 301 — the user-facing `program` workload format: validation errors name the JSON path,
 * and the compiled programs do what the steps say (values, loops, branches, $tid).
 */
import { describe, expect, it } from 'vitest';
import { programKind } from '../src/workload/program/kind.ts';
import { InputError } from '../src/util/errors.ts';
import { programSpec } from './helpers/program-spec.ts';

const base = (roles: unknown[], objects: unknown = { o: { size: 128, fields: { a: [0, 8], b: [64, 8] } } }) => ({
  kind: 'program', objects, scenarios: [{ name: 's', roles }],
});

function errorOf(block: unknown): InputError {
  try { programKind.validate(block, 'exp.json', 'workload'); } catch (e) { return e as InputError; }
  throw new Error('expected an InputError');
}

describe('301 program format: validation', () => {
  it('GIVEN an unknown step key WHEN validated THEN the error names the JSON path of the step', () => {
    const e = errorOf(base([{ count: 1, program: [{ reed: 'o.a' }] }]));
    expect(e).toBeInstanceOf(InputError);
    expect(e.source).toBe('exp.json');
    expect(e.where).toBe('workload.scenarios[0].roles[0].program[0]');
  });

  it('GIVEN an unknown rmw op inside a repeat WHEN validated THEN the error names the rmw, not the repeat', () => {
    const e = errorOf(base([{ count: 1, program: [{ repeat: 3, body: [{ work: 1 }, { rmw: 'mul', at: 'o.a', value: 1 }] }] }]));
    expect(e.where).toBe('workload.scenarios[0].roles[0].program[0].body[1].rmw');
    expect(e.reason).toMatch(/add/);
  });

  it('GIVEN a reference to a missing field WHEN validated THEN the error names the scenario and the field', () => {
    const e = errorOf(base([{ count: 1, program: [{ read: 'o.zz' }] }]));
    expect(e.where).toBe('workload.scenarios[0]');
    expect(e.reason).toMatch(/no field 'zz'/);
  });

  it('GIVEN a call to an undefined procedure WHEN validated THEN the error says so', () => {
    const e = errorOf(base([{ count: 1, program: [{ call: 'nope' }] }]));
    expect(e.reason).toMatch(/no such procedure/);
  });

  it('GIVEN an offset past the object WHEN validated THEN it is rejected', () => {
    expect(errorOf(base([{ count: 1, program: [{ read: 'o+128' }] }])).reason).toMatch(/past the object/);
  });

  it('GIVEN a condition with two comparisons WHEN validated THEN it is rejected', () => {
    const e = errorOf(base([{ count: 1, program: [{ if: { reg: 'r', eq: 1, ne: 2 }, then: [] }] }]));
    expect(e.reason).toMatch(/exactly one/);
  });
});

describe('301 program format: semantics', () => {
  it('GIVEN two threads each adding $tid+1 in a loop WHEN run THEN the counter holds the exact sum and every op is counted', () => {
    const w = base([{ count: 2, program: [
      { set: 'v', value: '$tid' }, { add: 'v', value: 1 },
      { repeat: 50, body: [{ rmw: 'add', at: 'o.a', value: 'v' }, { done: true }] },
      { read: 'o.a', into: 'final' },
    ] }]);
    const r = programKind.simulate(programSpec(w, 's', { check: true }));
    expect(r.runs[0]!.counters.ops).toBe(100);
    // accesses: 2 threads × (50 rmw + 1 read)
    expect(r.runs[0]!.counters.accesses).toBe(102);
    expect(r.runs[0]!.counters.hitmLocal).toBeGreaterThan(0);
  });

  it('GIVEN an if/else on a value read WHEN the value differs per branch THEN only the taken branch runs', () => {
    // Thread reads o.a (0) → takes `then` (10 reads of o.b), never the `else` (1000 reads).
    const w = base([{ count: 1, program: [
      { read: 'o.a', into: 'x' },
      { if: { reg: 'x', eq: 0 }, then: [{ repeat: 10, body: [{ read: 'o.b' }] }], else: [{ repeat: 1000, body: [{ read: 'o.b' }] }] },
      { done: true },
    ] }, { count: 'rest', program: [] }]);
    const r = programKind.simulate(programSpec(w, 's'));
    expect(r.runs[0]!.counters.accesses).toBe(11);
  });

  it('GIVEN an until-loop spinning on a flag another thread sets WHEN run THEN the spinner exits after the store', () => {
    const w = base([
      { count: 1, cpus: ['s0c0'], program: [{ work: 5000 }, { write: 'o.a', value: 1 }, { done: true }] },
      { count: 1, cpus: ['s1c0'], program: [{ until: { reg: 'f', eq: 1 }, body: [{ read: 'o.a', into: 'f' }, { work: 100 }] }, { done: true }] },
    ]);
    const r = programKind.simulate(programSpec(w, 's', { check: true }));
    expect(r.runs[0]!.counters.ops).toBe(2);
    expect(r.runs[0]!.counters.hitmRemote).toBe(1); // the spinner's miss after the store finds the line M on socket 0
  });

  it('GIVEN a role pinned to a CPU that does not exist WHEN run THEN the error names the CPU', () => {
    const w = base([{ count: 1, cpus: ['s5c0'], program: [{ done: true }] }]);
    expect(() => programKind.simulate(programSpec(w, 's'))).toThrow(/s5c0/);
  });
});
