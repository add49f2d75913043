/** Script: write experiments/experiment.schema.json from the zod schema. */
import { writeFileAtomic } from '../util/atomic-write.ts';
import { EXPERIMENT_SCHEMA_FILE, experimentJsonSchema } from './json-schema.ts';

writeFileAtomic(EXPERIMENT_SCHEMA_FILE, experimentJsonSchema());
process.stdout.write(`wrote ${EXPERIMENT_SCHEMA_FILE}\n`);
