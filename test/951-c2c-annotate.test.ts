/** `linesim c2c annotate`: pareto offsets land on the right vm_area_struct fields; --against shows the model's attribution. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli-run.ts';

const FX = 'test/fixtures/c2c/vma-like.txt';

describe('951 perf c2c annotate', () => {
  it('SCENARIO vm_area_struct-like report GIVEN layout b2 at its base WHEN annotated THEN each offset names its field with HITM counts', async () => {
    const r = await runCli('c2c', 'annotate', FX, '--layout', 'b2', '--base', '0xffff8881049c2000');
    expect(r.code).toBe(0);
    // line 0: +48 vm_lock (50 % of 3000 lcl, 60 % of 1000 rmt), +32 vm_flags, +16 vm_mm
    expect(r.out).toMatch(/\+48\s+vm_lock\s+1500\s+600\s/);
    expect(r.out).toMatch(/\+32\s+vm_flags\|__vm_flags\s+1200\s+300\s/);
    expect(r.out).toMatch(/\+16\s+vm_mm\s+300\s+100\s/);
    // line 1 starts at +64: 0x28 → +104 anon_vma; the --full-cl address …2050 → +80
    expect(r.out).toMatch(/\+104\s+anon_vma\s+600\s+140\s/);
    expect(r.out).toMatch(/\+80\s+shared\.rb_subtree_last\s/);
    expect(r.out).toMatch(/vm_lock\s+2100\s+42\.0%/);
  });

  it('SCENARIO a base one line further GIVEN the same report WHEN annotated THEN the fields move with it', async () => {
    const r = await runCli('c2c', 'annotate', FX, '--layout', 'b2', '--base', '0xffff8881049c1fc0');
    expect(r.out).toMatch(/\+112\s+vm_ops\s/); // 0x30 of the line at base+64
    expect(r.out).toMatch(/\+168\s+numab_state\s/); // 0x28 of the line at base+128
  });

  it('SCENARIO --against GIVEN an attribution.csv WHEN annotated THEN model victim/writer shares sit beside the HITMs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linesim-951-'));
    writeFileSync(join(dir, 'attribution.csv'), [
      'point,kind,addr,accesses,misses,hitm_local,hitm_remote,invalidations,prefetch_invalidations,fields,paths,cpus,writer,writer_path,victim,victim_path,via_prefetch,remote,misses_per_op,via_prefetch_per_op',
      'layout=b2 threads=8,pair,,,300,,,,,,,,vma.vm_lock,vma_start_write,vma.vm_lock,vma_start_read,0,0,0.1,0',
      'layout=b2 threads=8,pair,,,100,,,,,,,,vma.vm_lock,vma_start_write,vma.vm_flags,do_fault,0,0,0.03,0',
      'layout=b2 threads=8,pair,,,100,,,,,,,,vma.vm_lock,vma_start_write,vma.vm_pgoff,do_fault,0,0,0.03,0',
      'layout=b2 threads=8,pair,,,100,,,,,,,,vma.vm_lock,vma_start_write,mm.mmap_lock,lock_mm,0,0,0.03,0',
      'layout=b2 threads=8,line,0x1000,10,5,1,0,1,0,"vma.vm_lock +48..55 (rmw)",x,0-7,,,,,,,,',
    ].join('\n') + '\n');
    const r = await runCli('c2c', 'annotate', FX, '--layout', 'b2', '--base', '0xffff8881049c2000', '--against', dir);
    expect(r.code).toBe(0);
    // object 'vma' chosen by its fields; mm's miss is left out of the shares (500 of 600 misses are on vma)
    expect(r.out).toContain("model: layout=b2 threads=8; object 'vma' = 83.3% of the point's coherence misses");
    expect(r.out).toMatch(/vm_lock\s+2100\s+42\.0%\s+60\.0%\s+100\.0%/);
    expect(r.out).toMatch(/vm_flags\|__vm_flags\s+1500\s+30\.0%\s+20\.0%\s+0\.0%/);
    expect(r.out).toMatch(/vm_pgoff\s+0\s+0\.0%\s+20\.0%\s+0\.0%/); // blamed by the model, not sampled by perf
    expect(r.out).not.toMatch(/^\s+mmap_lock\s/m);
  });

  it('SCENARIO bad --base GIVEN a symbol without --symbols or a base outside every line WHEN annotated THEN exit 2 with one line', async () => {
    const a = await runCli('c2c', 'annotate', FX, '--layout', 'b2', '--base', 'init_mm');
    expect([a.code, a.err]).toEqual([2, expect.stringMatching(/--base: 'init_mm' is not a hex address; give --symbols/)]);
    const dir = mkdtempSync(join(tmpdir(), 'linesim-951s-'));
    writeFileSync(join(dir, 'syms'), 'ffff8881049c2000 D some_vma\n');
    const s = await runCli('c2c', 'annotate', FX, '--layout', 'b2', '--base', 'some_vma', '--symbols', join(dir, 'syms'));
    expect(s.out).toMatch(/\+48\s+vm_lock/);
    const b = await runCli('c2c', 'annotate', FX, '--layout', 'b2', '--base', '0x1000');
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/no pareto line of .* lies inside b2/);
  });
});
