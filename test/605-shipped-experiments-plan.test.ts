/**
 * SCENARIO: every experiment file shipped in experiments/ loads and plans.
 *
 * The ablation files are run by hand (minutes each), so nothing else would notice when a
 * schema, axis or profile change leaves one of them unreadable. Planning resolves every
 * layout, profile (with its overrides), axis and exclude without simulating anything.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadExperiment } from '../src/experiment/load.ts';
import { planExperiment } from '../src/experiment/plan.ts';
import { registryResolver } from '../src/experiment/resolve.ts';

const DIR = resolve(import.meta.dirname, '../experiments');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'experiment.schema.json').sort();

describe('SCENARIO: the shipped experiment files stay valid', () => {
  it('GIVEN the experiments folder WHEN listed THEN it holds the headline and the ablations', () => {
    expect(files).toContain('headline.json');
    expect(files.filter((f) => f.startsWith('ablation-')).length).toBeGreaterThanOrEqual(5);
  });

  for (const f of files) {
    it(`GIVEN ${f} WHEN loaded and planned THEN it has points and every point names a profile and layout`, async () => {
      const loaded = await loadExperiment(join(DIR, f), registryResolver);
      const plan = planExperiment(loaded, registryResolver, { force: true });
      expect(plan.points.length).toBeGreaterThan(0);
      for (const p of plan.points) {
        expect(typeof p.coords.profile).toBe('string');
        expect(typeof p.coords.layout).toBe('string');
      }
    });
  }
});
