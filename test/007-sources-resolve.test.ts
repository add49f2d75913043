/**
 * SCENARIO: every section a profile, layout or source file cites ("cpu-facts §2b",
 * "vma-layouts §5.1", "model-notes §2.4") is explained in docs/sources.md, so a user can
 * check a number without the research notes.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? files(p) : /\.(json|ts)$/.test(f) ? [p] : [];
});

describe('SCENARIO: source tags resolve inside the repository', () => {
  it('GIVEN every cited note section WHEN looked up in docs/sources.md THEN its note has a paragraph naming that section', () => {
    const doc = readFileSync(join(ROOT, 'docs/sources.md'), 'utf8');
    const part = (name: string) => doc.slice(doc.indexOf(`## ${name}`), doc.indexOf('\n## ', doc.indexOf(`## ${name}`) + 3) >>> 0 || undefined);
    const cited = new Set<string>();
    for (const f of ['cpu-profiles', 'layouts', 'src'].flatMap((d) => files(join(ROOT, d)))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(cpu-facts|vma-layouts|model-notes)(?:\.md)? ?§ ?(\d+(?:\.\d+)?[a-z]?)/g)) cited.add(`${m[1]} §${m[2]}`);
    }
    expect(cited.size).toBeGreaterThan(20);
    const missing = [...cited].filter((c) => {
      const [name, sec] = c.split(' ');
      return !new RegExp(`${sec!.replace('.', '\\.')}(?![0-9a-z]|\\.[0-9])`).test(part(name!));
    });
    expect(missing).toEqual([]);
  });

  it('GIVEN the short source names the profiles cite WHEN looked up THEN each has a URL row', () => {
    const doc = readFileSync(join(ROOT, 'docs/sources.md'), 'utf8');
    for (const name of ['Anandtech 11544', 'Anandtech 14694', 'Intel support 000027820', 'Intel prefetcher disclosure', 'nviennot', 'KCORES', 'gjbex MLC', '7-cpu Zen2']) {
      expect(doc, name).toMatch(new RegExp(`\\| ${name} \\| (https?://|\\S)`));
    }
  });
});
