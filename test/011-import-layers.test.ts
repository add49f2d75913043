/**
 * 011 — layers import downward only (cli → experiment/report/compare/regroup/probe/c2c/queue
 * → kinds/kernel/layout → workload/model/profile → util), the CLI verbs import nothing
 * from each other, and no module is reached through a computed import(). The rule is
 * checked on src/ as it is, and on fake file lists to show that it can fail.
 */
import { describe, expect, it } from 'vitest';
import { importsOf, layerViolations, LAYERS, readSources, repoRoot, stripComments } from './helpers/import-layers.ts';

const VERBS = { path: 'src/cli/verbs.ts', text: "import * as run from './run.ts';\nimport * as compare from './compare.ts';\n" };

describe('011 import layers: the repository', () => {
  const files = readSources(repoRoot());

  it('GIVEN every file under src/ WHEN its imports are mapped to layers THEN none imports a higher layer, no verb imports another, no computed import()', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(layerViolations(files)).toEqual([]);
  });

  it('GIVEN the model WHEN its imports are listed THEN none reaches experiment, report or kinds', () => {
    const bad = files.filter((f) => f.path.startsWith('src/model/'))
      .flatMap(importsOf).filter((e) => /^src\/(experiment|report|kinds|cli)\//.test(e.to ?? ''));
    expect(bad).toEqual([]);
  });

  it('GIVEN the import parser WHEN it reads the repository THEN it sees the edges we know exist (so an empty violation list means something)', () => {
    const edges = files.flatMap(importsOf);
    const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
    expect(has('src/model/stats.ts', 'src/model/result-types.ts')).toBe(true); // import type
    expect(has('src/kinds/index.ts', 'src/kernel/pft.ts')).toBe(true); // side-effect import
    expect(has('src/cli/report.ts', 'src/report/index.ts')).toBe(true); // import('literal')
    expect(has('src/cli/verbs.ts', 'src/cli/run.ts')).toBe(true); // import * as
    expect(new Set(files.map((f) => f.path.split('/')[1]).filter((d) => !d!.includes('.')))).toEqual(new Set(Object.keys(LAYERS).filter((d) => files.some((f) => f.path.startsWith(`src/${d}/`)))));
  });
});

describe('011 import layers: a wrong import fails', () => {
  it('GIVEN a model file importing the report layer WHEN checked THEN the violation names the file and the import', () => {
    const v = layerViolations([{ path: 'src/model/foo.ts', text: "import { writeReport } from '../report/index.ts';\n" }]);
    expect(v).toHaveLength(1);
    expect(v[0]).toContain('src/model/foo.ts');
    expect(v[0]).toContain("'../report/index.ts'");
    expect(v[0]).toMatch(/model, layer 2 → report, layer 4: upward/);
  });

  it.each([
    ['export … from', "export { x } from '../experiment/runner.ts';"],
    ['import type', "import type { PointResult } from '../experiment/types.ts';"],
    ['side effect', "import '../kinds/index.ts';"],
    ['multi-line', "import {\n  a,\n  b,\n} from '../cli/main.ts';"],
    ['dynamic literal', "const m = await import('../report/index.ts');"],
  ])('GIVEN a workload file with an upward %s WHEN checked THEN it fails', (_, text) => {
    expect(layerViolations([{ path: 'src/workload/x.ts', text }])).toHaveLength(1);
  });

  it('GIVEN the same imports downward or in a comment WHEN checked THEN they pass', () => {
    expect(layerViolations([
      { path: 'src/experiment/x.ts', text: "import { m } from '../model/machine.ts';\nimport '../kinds/index.ts';\nimport { a } from './y.ts';" },
      { path: 'src/model/y.ts', text: "// import { r } from '../report/index.ts';\n/* export * from '../cli/main.ts'; */\nconst s = \"import '../cli/main.ts'\";" },
    ])).toEqual([]);
  });

  it('GIVEN a CLI verb importing another verb WHEN checked THEN it fails; importing a helper module passes', () => {
    const v = layerViolations([VERBS, { path: 'src/cli/compare.ts', text: "import { posInt } from './run.ts';" }]);
    expect(v).toEqual([expect.stringContaining("src/cli/compare.ts: imports './run.ts', another CLI verb")]);
    expect(layerViolations([VERBS, { path: 'src/cli/compare.ts', text: "import { posInt } from './flags.ts';" }])).toEqual([]);
  });

  it('GIVEN a computed import() or a folder with no layer WHEN checked THEN each fails', () => {
    expect(layerViolations([{ path: 'src/experiment/hook.ts', text: 'const mod = await import(url.href);' }])[0]).toMatch(/computed specifier/);
    expect(layerViolations([{ path: 'src/newthing/a.ts', text: '' }])[0]).toMatch(/src\/newthing has no layer/);
  });

  it('GIVEN a comment stripper WHEN fed strings with comment markers THEN the strings survive', () => {
    expect(stripComments("const u = 'file://x'; // gone\n")).toBe("const u = 'file://x'; \n");
  });
});
