/**
 * The experiment file format (experiments/*.json) as a strict zod schema.
 * Shape only: names (profiles, layouts, workload kind, prefetch settings) are checked
 * against their registries in load.ts, which knows the JSON path of each reference.
 * experiments/experiment.schema.json is generated from this file (gen-schema.ts).
 */
import { z } from 'zod';

const name = z.string().min(1).max(1000);
/** Values per sweep axis (threads, layouts, profiles, axes): the sweep is their product. */
export const MAX_AXIS_VALUES = 1000;
const axisValue = z.union([z.string().min(1), z.number()], {
  error: 'expected a string or a number',
});

/** `{ "l2.kib": 512 }` or nested `{ "l2": { "kib": 512 } }`: per-field profile overrides. */
const overrides = z.record(z.string().min(1), z.unknown());

export const ProfileRefSchema = z.union(
  [
    name.describe('profile name (cpu-profiles/<name>.json) or path to a profile file'),
    z.strictObject({
      name: name.describe('profile name or path'),
      overrides: overrides
        .optional()
        .describe('per-field overrides, dotted paths allowed: { "l2.kib": 512 }'),
      label: name.optional().describe('label in results; default <name>+<path>=<value>,...'),
    }),
  ],
  { error: 'expected a profile name or { "name": ..., "overrides": {...}, "label"?: ... }' },
);

export const PublishedSchema = z.strictObject({
  /** citation: mailing-list post, paper, ... */
  source: name,
  /** the axis whose two values baseline and candidate name (default: layout), e.g. "kc.lruBatch" */
  axis: name.optional(),
  /** the value (a layout label by default) the published change is measured against */
  baseline: name,
  candidate: name,
  profile: name,
  prefetch: name,
  metric: name,
  /**
   * Set when the publication leaves a condition open (e.g. the prefetcher setting) and this
   * entry is the less likely reading of it: the text says why. Its rows are shown beside
   * the judged reading, marked, and not counted in the agreement score.
   */
  alternative: z.string().min(1).max(2000).optional(),
  /** thread count → published percent change of candidate vs baseline */
  threads: z.record(z.string().regex(/^[1-9][0-9]*$/, 'thread count keys must be positive integers'), z.number()),
});

export const ExperimentSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'name must be a plain file name (letters, digits, . _ -, at most 100)')
    .describe('experiment name; default output directory is reports/<name>'),
  description: z.string().optional(),
  workload: z
    .looseObject({ kind: name.describe('registered workload kind (program, pft, spf, ...)') })
    .describe('workload block; everything but kind is validated by the kind itself'),
  layouts: z.array(name).min(1).max(MAX_AXIS_VALUES).optional().describe('layout names or paths; the first is the baseline'),
  baseline: name.optional().describe('which of layouts is the baseline (default: the first)'),
  profiles: z.array(ProfileRefSchema).min(1).max(MAX_AXIS_VALUES),
  prefetch: z
    .array(name)
    .min(1)
    .optional()
    .describe("prefetch settings: on, off (the adjacent-line prefetcher only, as the BIOS toggle), none (every prefetcher), mirror-steal, mirror-drop, read-steal, read-drop, up-down (default [\"on\"])"),
  threads: z.array(z.number().int().positive().max(4096, 'above the limit of 4096 threads')).min(1).max(MAX_AXIS_VALUES),
  iterations: z.number().int().positive().max(10_000, 'above the limit of 10000').optional().describe('runs per point (default 5, at most 10000)'),
  seed: z.number().int().nonnegative().max(2 ** 32 - 1).optional().describe('base seed (default 1)'),
  axes: z
    .record(name, z.array(axisValue).min(1).max(MAX_AXIS_VALUES))
    .optional()
    .describe('extra sweep axes passed to the workload, e.g. { "slabOffset": [0, 16, 32] }'),
  exclude: z
    .array(z.record(name, axisValue))
    .optional()
    .describe('partial coordinates; a point matching every key of any entry is dropped'),
  published: z.array(PublishedSchema).optional().describe('published comparisons, carried to the report'),
  check: z.boolean().optional().describe('checked mode: assert coherence invariants after every event'),
});

export type ExperimentFile = z.infer<typeof ExperimentSchema>;
export type ProfileRef = z.infer<typeof ProfileRefSchema>;
export type Published = z.infer<typeof PublishedSchema>;

/** Axis names the runner owns; extra axes may not reuse them. */
export const BUILTIN_AXES = ['layout', 'profile', 'prefetch', 'threads', 'scenario'] as const;
