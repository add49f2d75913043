/**
 * The JSON Schema of the experiment format, for editors (experiments/experiment.schema.json;
 * regenerate with `npx tsx src/experiment/write-schema.ts`; a test keeps it up to date).
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ExperimentSchema } from './schema.ts';

export const EXPERIMENT_SCHEMA_FILE = fileURLToPath(new URL('../../experiments/experiment.schema.json', import.meta.url));

export function experimentJsonSchema(): string {
  const schema = z.toJSONSchema(ExperimentSchema, { io: 'input' }) as Record<string, unknown>;
  schema.title = 'linesim experiment';
  schema.description =
    'A linesim experiment: a workload swept over layouts × profiles × prefetch × threads (× scenarios × axes), minus excludes. Run with `linesim run <file>`.';
  return JSON.stringify(schema, null, 2) + '\n';
}
