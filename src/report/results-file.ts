/**
 * The report's input: `<out>/results.json` as written by the experiment runner,
 * `{ experiment, points }`. We depend on that JSON shape (and src/model/result-types.ts), not on
 * the runner's code, so `linesim report` works on any results.json of that shape.
 */
import { readJsonFile } from '../util/json-file.ts';
import { InputError, jsonPath } from '../util/errors.ts';
import { PointResultSchema } from './results-schema.ts';
import type { PointResult } from '../model/result-types.ts';

/** One published comparison to reproduce (experiment file's `published` array). */
export interface PublishedEntry {
  source: string;
  /** the axis baseline and candidate are values of; absent: layout */
  axis?: string;
  baseline: string;
  candidate: string;
  profile: string;
  prefetch: string;
  metric: string;
  /** present: a less likely reading of an open condition of the publication (why, in words);
   *  its rows are shown but not judged */
  alternative?: string;
  /** thread count (as a string key) → published % change of candidate vs baseline */
  threads: Record<string, number>;
}

/** The fields of the effective experiment object the report reads; the rest is shown verbatim. */
export interface ReportExperiment {
  name: string;
  description?: string;
  workload?: { kind?: string; [k: string]: unknown };
  layouts?: string[];
  baseline?: string;
  profiles?: unknown[];
  prefetch?: unknown[];
  threads?: number[];
  iterations?: number;
  seed?: number;
  published?: PublishedEntry[];
  [k: string]: unknown;
}

export interface ResultsFile {
  experiment: ReportExperiment;
  points: PointResult[];
}

/** Read and shape-check results.json; any problem is an InputError naming the file. */
export function loadResults(path: string): ResultsFile {
  return checkResults(readJsonFile(path, ' (run `linesim run` first)'), path);
}

/** Structural check of the parts the report relies on (the runner owns the full schema). */
export function checkResults(data: unknown, source: string): ResultsFile {
  const fail = (where: string, reason: string): never => { throw new InputError(source, where, reason); };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('(root)', 'expected an object { experiment, points }');
  const d = data as Record<string, unknown>;
  const exp = d.experiment;
  if (typeof exp !== 'object' || exp === null || Array.isArray(exp)) fail('experiment', 'expected an object');
  if (typeof (exp as Record<string, unknown>).name !== 'string') fail('experiment.name', 'expected a string');
  const pub = (exp as Record<string, unknown>).published;
  if (pub !== undefined) {
    if (!Array.isArray(pub)) fail('experiment.published', 'expected an array');
    (pub as unknown[]).forEach((p, i) => {
      const e = p as Record<string, unknown>;
      for (const k of ['baseline', 'candidate', 'metric']) {
        if (typeof e?.[k] !== 'string') fail(`experiment.published[${i}].${k}`, 'expected a string');
      }
      if (typeof e.threads !== 'object' || e.threads === null) fail(`experiment.published[${i}].threads`, 'expected an object { "<threads>": <% change> }');
      if (e.alternative !== undefined && typeof e.alternative !== 'string') fail(`experiment.published[${i}].alternative`, 'expected a string');
    });
  }
  if (!Array.isArray(d.points)) fail('points', 'expected an array of point results');
  (d.points as unknown[]).forEach((p, i) => {
    const r = PointResultSchema.safeParse(p);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      fail(jsonPath(['points', i, ...issue.path]), issue.message);
    }
  });
  return data as ResultsFile;
}
