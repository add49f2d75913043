/**
 * Makes numeric fields of a freshly built object double fields in V8, values unchanged.
 *
 * Why: V8 gives a field the representation of the first value stored in it. A field that
 * starts at 0 becomes a small-integer field, and the first fractional value stored into
 * it mid-run (a cycle count, a latency in cycles) gives every such object a new hidden
 * class. Fields of other objects that hold one (Machine.dx, Controller.arb, ...) then
 * widen when the next machine is built, and V8 throws away every optimized function of
 * the engine that relied on them: on a 2-core machine the recompilation (≈1 s of
 * compiler time, the access path is inlined deep) made the first runs after a warm-up
 * point up to 2× slower (bench: contended-legacy 5.3, 9.5, 9.2, 11.1, 11.2 M accesses/s
 * over five runs, 2026-12). Storing a fraction first fixes the representation from the
 * first object on; the value is then put back.
 */
export function doubleFields<T extends object>(o: T, keys: readonly (keyof T & string)[]): T {
  const r = o as Record<string, unknown>;
  for (const k of keys) {
    const v = r[k];
    r[k] = 0.5;
    r[k] = v;
  }
  return o;
}
