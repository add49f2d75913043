/**
 * Rebuild the nesting of a flat layout (dotted names + union groups) so exporters can
 * print `struct { … } shared;` and `union { … };` blocks. The inverse of what the
 * pahole importer does; import(export(x)) reproduces x's names, offsets, sizes, groups.
 */
import type { Layout, LayoutField } from './schema.ts';

export type Node =
  | { kind: 'leaf'; name: string; field: LayoutField; offset: number; end: number }
  | { kind: 'struct' | 'union'; name?: string; children: Node[]; offset: number; end: number };

interface Item { f: LayoutField; rel: string }

/** Where a union group lives (its dotted home prefix) and its own member name, if named. */
function unionHomes(fields: LayoutField[]): Map<string, { home: string; name?: string }> {
  const byGroup = new Map<string, LayoutField[]>();
  for (const f of fields) if (f.group) byGroup.set(f.group, [...(byGroup.get(f.group) ?? []), f]);
  const out = new Map<string, { home: string; name?: string }>();
  for (const [g, fs] of byGroup) {
    if (!g.startsWith('union@') && fs.every((f) => f.name.startsWith(g + '.'))) {
      const parts = g.split('.');
      out.set(g, { home: parts.slice(0, -1).join('.'), name: parts[parts.length - 1] });
      continue;
    }
    // Anonymous union: its home is the longest common dotted prefix of the member names.
    let common = fs[0]!.name.split('.').slice(0, -1);
    for (const f of fs) {
      const p = f.name.split('.').slice(0, -1);
      let k = 0;
      while (k < common.length && k < p.length && common[k] === p[k]) k++;
      common = common.slice(0, k);
    }
    out.set(g, { home: common.join('.') });
  }
  return out;
}

function span(children: Node[]): { offset: number; end: number } {
  return { offset: Math.min(...children.map((c) => c.offset)), end: Math.max(...children.map((c) => c.end)) };
}

export function buildTree(layout: Layout): Node[] {
  const homes = unionHomes(layout.fields);
  const join = (p: string, s: string) => (p === '' ? s : `${p}.${s}`);

  function build(items: Item[], prefix: string, inUnion: Set<string>): Node[] {
    const out: Node[] = [];
    let i = 0;
    while (i < items.length) {
      const { f, rel } = items[i]!;
      const g = f.group && !inUnion.has(f.group) ? f.group : undefined;
      const home = g ? homes.get(g)! : undefined;
      if (g && home && home.home === prefix) {
        let j = i;
        while (j < items.length && items[j]!.f.group === g) j++;
        const strip = home.name ? home.name.length + 1 : 0;
        const members = items.slice(i, j).map((it) => ({ f: it.f, rel: it.rel.slice(strip) }));
        // Split the union's members into alternatives: runs of non-overlapping fields.
        const alts: Item[][] = [];
        let end = -1;
        for (const it of members) {
          if (alts.length === 0 || it.f.offset < end) { alts.push([it]); end = 0; }
          else alts[alts.length - 1]!.push(it);
          end = Math.max(end, it.f.offset + it.f.size);
        }
        const inner = new Set(inUnion).add(g);
        const uPrefix = home.name ? join(prefix, home.name) : prefix;
        const children = alts.map((alt) => {
          const nodes = build(alt, uPrefix, inner);
          return nodes.length === 1 ? nodes[0]! : { kind: 'struct' as const, children: nodes, ...span(nodes) };
        });
        out.push({ kind: 'union', name: home.name, children, ...span(children) });
        i = j;
        continue;
      }
      const dot = rel.indexOf('.');
      if (dot < 0) {
        out.push({ kind: 'leaf', name: rel, field: f, offset: f.offset, end: f.offset + f.size });
        i++;
        continue;
      }
      const head = rel.slice(0, dot);
      let j = i;
      while (j < items.length && items[j]!.rel.startsWith(head + '.')) {
        const gj = items[j]!.f.group;
        // a union homed at this level ends the struct run
        if (j > i && gj && !inUnion.has(gj) && homes.get(gj)?.home === prefix) break;
        j++;
      }
      const sub = items.slice(i, j).map((it) => ({ f: it.f, rel: it.rel.slice(dot + 1) }));
      const children = build(sub, join(prefix, head), inUnion);
      out.push({ kind: 'struct', name: head, children, ...span(children) });
      i = j;
    }
    return out;
  }

  return build(layout.fields.map((f) => ({ f, rel: f.name })), '', new Set());
}
