/** The JSON Schema of the layout format, for editors (written to layouts/layout.schema.json). */
import { z } from 'zod';
import { LayoutSchema } from './schema.ts';

export function layoutJsonSchema(): string {
  const schema = z.toJSONSchema(LayoutSchema, { io: 'input' }) as Record<string, unknown>;
  schema.title = 'linesim struct layout';
  schema.description = 'A struct layout with its slab cache facts. See layouts/README.md.';
  return JSON.stringify(schema, null, 2) + '\n';
}
