/**
 * CSV writing for every output: csv-stringify with text cells that a spreadsheet would
 * run as a formula (starting with = + - @, tab or carriage return) prefixed with a single
 * quote, as OWASP's CSV-injection guidance and spreadsheets expect. Numbers, and text
 * that is a plain number ("-0.5", "1e-3"), are left as they are.
 */
import { stringify as csvStringify, type Options } from 'csv-stringify/sync';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function neutraliseCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) && !NUMBER.test(s) ? `'${s}` : s;
}

export function stringify(input: unknown[], opts: Options = {}): string {
  return csvStringify(input, { ...opts, cast: { ...opts.cast, string: (v: string) => neutraliseCell(v) } });
}
