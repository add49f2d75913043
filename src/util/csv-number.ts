/**
 * The one rounding rule for every CSV linesim writes (results, per-cpu, stats,
 * attribution, reproduction, compare, what-if): 10 significant digits, no exponent
 * surprises across platforms, −0 written as 0, non-finite numbers as an empty cell.
 */
export function csvNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  const r = Number(x.toPrecision(10));
  return String(Object.is(r, -0) ? 0 : r);
}

/** csv-stringify options that apply csvNumber to every number cell. */
export const CSV_NUMBERS = { cast: { number: csvNumber } } as const;
