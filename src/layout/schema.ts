/**
 * The layout file format (layouts/*.json), as a strict zod schema.
 * Structural rules (overlaps, alignment, bounds) live in validate.ts because zod
 * cannot name the offending field as precisely as we want.
 */
import { z } from 'zod';

/** Bytes and counts in a layout are bounded (16 MiB): far above any struct, and safe for bitwise checks. */
const posInt = z.number().int().positive().max(1 << 24, 'above the limit of 16777216');
const nonNegInt = z.number().int().nonnegative();
const pow2 = posInt.refine((n) => (n & (n - 1)) === 0, { message: 'must be a power of two' });

export const FieldSchema = z.strictObject({
  /** dotted name: nested struct members flatten to `shared.rb`, `vm_lock.lock.count` */
  name: z.string().min(1),
  /** C type as written (informational; the model only uses offset/size) */
  type: z.string().min(1),
  offset: nonNegInt,
  size: posInt,
  /** required alignment, when known (forced by __aligned__ or natural for the type) */
  align: pow2.optional(),
  /**
   * Union group: fields with the same group are members of one union and may overlap
   * each other. Fields without a group (or in different groups) must not overlap.
   */
  group: z.string().min(1).optional(),
  /**
   * Bitfield member: `offset` is the byte holding its first bit, `bits.offset` the bit
   * within that byte (0–7), `bits.width` its width; `size` covers the bytes it touches.
   * Bitfields may share bytes with other bitfields when their bit ranges are disjoint.
   */
  bits: z.strictObject({ offset: z.number().int().min(0).max(7), width: posInt }).optional(),
});

export const SlabSchema = z.strictObject({
  /** slab cache name, e.g. "vm_area_struct" */
  cache: z.string().min(1),
  /** SLAB_HWCACHE_ALIGN set: objects start on a cacheline boundary */
  hwcacheAlign: z.boolean(),
  /** where objects start, in bytes (observed or implied by the cache flags) */
  objectAlign: pow2,
  /** SLAB_TYPESAFE_BY_RCU: freed objects may be reused at once; freelist pointer written */
  typesafeByRcu: z.boolean(),
  flags: z.string().optional(),
  source: z.string().optional(),
});

export const LayoutSchema = z.strictObject({
  $schema: z.string().optional(),
  // Names become file names (regroup output) and labels: plain names only.
  name: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9._+-]{0,99}$/, 'layout name must be a plain name (letters, digits, . _ + -, at most 100)'),
  description: z.string().optional(),
  /** citation: where the offsets come from */
  source: z.string().min(1),
  size: posInt,
  /** alignment of the struct type itself */
  align: pow2,
  slab: SlabSchema,
  fields: z.array(FieldSchema).min(1).max(65536, "more than 65536 fields"),
});

export type LayoutField = z.infer<typeof FieldSchema>;
export type SlabInfo = z.infer<typeof SlabSchema>;
export type Layout = z.infer<typeof LayoutSchema>;
