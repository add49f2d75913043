/**
 * Column headers of perf c2c's stdio tables. perf prints two header rows (a group row
 * such as "----- HITM -----" and a name row) and a row of dots marking each column's
 * width; the dots give exact spans, so a column is named "<group> <name>" from the text
 * above its dots, whatever the perf version added or removed.
 */
export interface Column { group: string; name: string; start: number; end: number }

const isDots = (l: string) => /^\s*#\s+\.{2,}(\s+\.+)*\s*$/.test(l);

/** Runs of text separated by 2+ spaces, with their positions: "  a b   c" → [a b]@2, [c]@8. */
function runs(line: string): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) out.push({ text: m[0], start: m.index!, end: m.index! + m[0].length - 1 });
  return out;
}

/** Header columns from the '#' lines of a section, or null when it has no dotted header. */
export function parseHeader(lines: string[]): Column[] | null {
  const di = lines.findIndex(isDots);
  if (di < 2) return null;
  const dots = lines[di]!, names = lines[di - 1]!, groups = lines[di - 2]!;
  const spans = [...dots.matchAll(/\.+/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length - 1 }));
  const groupRuns = runs(groups.replace('#', ' '));
  return spans.map((s, i) => {
    const from = i === 0 ? names.indexOf('#') + 1 : spans[i - 1]!.end + 1;
    const name = names.slice(from, s.end + 1).trim();
    const g = groupRuns.find((r) => r.start <= s.end && r.end >= s.start);
    const group = g ? g.text.replace(/-+/g, ' ').trim().replace(/\s+/g, ' ') : '';
    return { group, name, start: s.start, end: s.end };
  });
}

/** Index of the first column whose name (and group, if given) matches. */
export function findCol(cols: Column[], name: RegExp, group?: RegExp): number {
  return cols.findIndex((c) => name.test(c.name) && (!group || group.test(c.group)));
}
