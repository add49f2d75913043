/**
 * SCENARIO: program objects whose fields come from a layout — a shipped one by name, or
 * the experiment's layouts axis through "layout": "$layout" — validate against the
 * resolved layouts; mistakes are one InputError naming the file and JSON path.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../src/workload/all.ts';
import { loadExperiment } from '../src/experiment/load.ts';
import { registryResolver } from '../src/experiment/resolve.ts';
import { planExperiment } from '../src/experiment/plan.ts';
import { simulatePoint } from '../src/experiment/simulate-point.ts';
import { InputError } from '../src/util/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'linesim-310-'));
let n = 0;
function exp(objects: Record<string, unknown>, ref: string, extra: Record<string, unknown> = {}): string {
  const p = join(dir, `e${n++}.json`);
  writeFileSync(p, JSON.stringify({ name: 't', profiles: ['broadwell-ep'], threads: [2], iterations: 1, ...extra,
    workload: { kind: 'program', objects, scenarios: [{ name: 's', roles: [{ count: 'rest', program: [{ repeat: 20, body: [{ rmw: 'add', at: ref, value: 1 }, { done: true }] }] }] }] } }));
  return p;
}
async function err(p: string): Promise<InputError> {
  try { await loadExperiment(p, registryResolver); } catch (e) { return e as InputError; }
  throw new Error('expected an InputError');
}

describe('SCENARIO: layout-backed program objects', () => {
  it('GIVEN an object with a shipped layout by name WHEN loaded and run THEN its fields are placed from the layout', async () => {
    const loaded = await loadExperiment(exp({ lk: { layout: 'vma_lock' } }, 'lk.lock.count'), registryResolver);
    const plan = planExperiment(loaded, registryResolver);
    const r = simulatePoint(plan.points[0]!.spec, plan.points[0]!.key).result;
    expect(r.sites.some((s) => s.object === 'lk' && s.field === 'lock.count' && s.offset === 0)).toBe(true);
  });

  it('GIVEN a field the layout lacks WHEN loaded THEN one error at the scenario path', async () => {
    const e = await err(exp({ lk: { layout: 'vma_lock' } }, 'lk.nope'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/e\d+\.json: workload\.scenarios\[0\]: .*nope/);
  });

  it('GIVEN "$layout" and a layouts axis WHEN one layout lacks the field THEN the error names that layout', async () => {
    const e = await err(exp({ v: { layout: '$layout' } }, 'v.vm_refcnt', { layouts: ['d', 'b2'] }));
    expect(e.message).toMatch(/workload\.scenarios\[0\]: with layout 'b2' \(layouts\[1\]\): .*vm_refcnt/);
  });

  it('GIVEN "$layout" without a layouts axis, or a layouts axis nobody takes WHEN loaded THEN one error each', async () => {
    expect((await err(exp({ v: { layout: '$layout' } }, 'v.vm_flags'))).message).toMatch(/workload\.objects\.v\.layout: .*no "layouts"/);
    expect((await err(exp({ v: { fields: { a: [0, 8] } } }, 'v.a', { layouts: ['d', 'b2'] }))).message).toMatch(/: layouts: no object .* "\$layout"/);
  });

  it('GIVEN "$layout" over two layouts WHEN planned THEN each point places the object with its own layout', async () => {
    const plan = planExperiment(await loadExperiment(exp({ v: { layout: '$layout' } }, 'v.vm_file', { layouts: ['b2', 'd'] }), registryResolver), registryResolver);
    const off = plan.points.map((p) => simulatePoint(p.spec, p.key).result.sites.find((s) => s.field === 'vm_file')!.offset);
    expect(off).toEqual([128, 88]);
    expect(off[0]).not.toBe(off[1]);
  });
});
