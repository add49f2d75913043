/**
 * Parse the text `pahole -C NAME obj.o` prints into a Layout.
 *
 * Nested blocks are flattened: members of a named struct/union get dotted names
 * (`shared.rb`, `vm_lock.lock.count`); anonymous blocks keep their children's names.
 * Every member of a union (at any depth) gets the outermost union's group: the
 * union's dotted name, or `union@<first member>` when the union is anonymous.
 * pahole prints absolute offsets for nested members, so leaves carry their own.
 */
import { InputError } from '../util/errors.ts';
import type { Layout, LayoutField } from './schema.ts';
import { checkLayout } from './validate.ts';
import { naturalAlign, parseDeclaration } from './ctype.ts';

interface Owner { named: boolean; path: string[]; first: Leaf }
interface Leaf { path: string[]; field: Omit<LayoutField, 'name' | 'group'>; owner?: Owner }
interface Block { kind: 'struct' | 'union'; line: number; leaves: Leaf[]; owners: Owner[] }

const ALIGNED = /\s*(?:__attribute__\s*\(\(\s*__aligned__\s*\((\d+)\)\s*\)\)|\(\s*__aligned__\s*\((\d+)\)\s*\))/g;

/** Remove `__attribute__((__aligned__(N)))` / `(__aligned__(N))`; return the largest N. */
function stripAligned(s: string): { text: string; align?: number } {
  let align: number | undefined;
  const text = s.replace(ALIGNED, (_m, a, b) => {
    const n = Number(a ?? b);
    align = Math.max(align ?? 0, n);
    return '';
  });
  return { text: text.trim(), align };
}

/** True when the text looks like pahole output rather than JSON. */
export function looksLikePahole(text: string): boolean {
  return /^\s*struct\s+\w+\s*\{/m.test(text) && /\/\*\s*size:\s*\d+/.test(text);
}

export function parsePahole(text: string, source: string, opts: { slabCache?: string } = {}): Layout {
  const lines = text.split(/\r?\n/);
  const err = (n: number, reason: string) => new InputError(source, `line ${n}`, reason);
  let name: string | undefined;
  let structAlign: number | undefined;
  let footer: { size: number; cachelines: number; line: number } | undefined;
  let done = false;
  const stack: Block[] = [];
  let result: Layout | undefined;

  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === '') continue;
    if (done) throw err(n, `unexpected text after the struct's closing brace: '${line}' (one struct per dump; use pahole -C NAME)`);
    if (name === undefined) {
      const m = /^struct\s+([A-Za-z_]\w*)\s*\{$/.exec(line);
      if (!m) throw err(n, `expected 'struct NAME {' to start the dump, found '${line}'`);
      name = m[1]!;
      stack.push({ kind: 'struct', line: n, leaves: [], owners: [] });
      continue;
    }
    // Whole-line comments: footer, holes, cacheline markers and other notes.
    if (line.startsWith('/*')) {
      if (!line.endsWith('*/')) throw err(n, `unterminated comment '${line}'`);
      const m = /^\/\*\s*size:\s*(\d+),\s*cachelines:\s*(\d+)/.exec(line);
      if (m) {
        if (stack.length !== 1) throw err(n, 'size footer inside a nested block');
        footer = { size: Number(m[1]), cachelines: Number(m[2]), line: n };
      }
      continue;
    }
    const open = /^(struct|union)(?:\s+[A-Za-z_]\w*)?\s*\{$/.exec(line);
    if (open) {
      stack.push({ kind: open[1] as 'struct' | 'union', line: n, leaves: [], owners: [] });
      continue;
    }
    if (line.startsWith('}')) {
      const blk = stack.pop()!;
      if (stack.length === 0) {
        const m = /^\}\s*(.*?)\s*;$/.exec(line);
        if (!m) throw err(n, `cannot parse closing line '${line}'`);
        const a = stripAligned(m[1]!);
        if (a.text !== '') throw err(n, `unexpected text '${a.text}' after the struct's closing brace`);
        structAlign = a.align;
        done = true;
        result = finish(blk, n);
        continue;
      }
      const m = /^\}\s*(.*?);\s*\/\*\s*(\d+)\s+(\d+)\s*\*\/$/.exec(line);
      if (!m) throw err(n, `cannot parse the end of a nested ${blk.kind} '${line}' (expected '} [name]; /* offset size */')`);
      const a = stripAligned(m[1]!);
      const member = a.text;
      if (member !== '' && !/^[A-Za-z_]\w*$/.test(member)) throw err(n, `bad member name '${member}' for nested ${blk.kind}`);
      if (blk.leaves.length === 0) throw err(n, `empty nested ${blk.kind}`);
      if (blk.kind === 'union') {
        const owner: Owner = { named: member !== '', path: member ? [member] : [], first: blk.leaves[0]! };
        for (const l of blk.leaves) l.owner = owner;
        blk.owners.push(owner);
      }
      if (member !== '') {
        for (const l of blk.leaves) l.path.unshift(member);
        for (const o of blk.owners) if (!(o.named && o.path.length === 1 && o.path[0] === member && blk.kind === 'union')) o.path.unshift(member);
      }
      const parent = stack[stack.length - 1]!;
      parent.leaves.push(...blk.leaves);
      parent.owners.push(...blk.owners);
      continue;
    }
    // A member: `decl; /* off size */` or a bitfield `decl:w; /* off: bit size */`.
    const m = /^(.*?);\s*\/\*\s*(\d+)\s*(?::\s*(\d+))?\s+(\d+)\s*\*\/$/.exec(line);
    if (!m) throw err(n, `cannot parse member declaration '${line}'`);
    const a = stripAligned(m[1]!);
    const d = parseDeclaration(a.text);
    if (!d) throw err(n, `cannot parse member declaration '${line}'`);
    const off = Number(m[2]);
    const size = Number(m[4]);
    if (size <= 0) throw err(n, `member '${d.name}' has size ${size}`);
    // A zero-width bitfield only aligns the next member (C11 6.7.2.1): no storage, no field.
    if (d.bits === 0) continue;
    const field: Leaf['field'] = { type: d.type, offset: off, size };
    if (d.bits !== undefined) {
      const bit = m[3] !== undefined ? Number(m[3]) : 0;
      field.offset = off + Math.floor(bit / 8);
      field.bits = { offset: bit % 8, width: d.bits };
      field.size = Math.ceil(((bit % 8) + d.bits) / 8);
    } else if (m[3] !== undefined) {
      throw err(n, `bit offset given for '${d.name}', which is not a bitfield`);
    }
    // Record an alignment only when it is forced beyond the type's natural one, so that
    // import → export → import is stable (the exporter prints exactly these).
    if (a.align !== undefined && a.align > naturalAlign(d.type, size)) field.align = a.align;
    stack[stack.length - 1]!.leaves.push({ path: [d.name], field });
  }
  if (result) return result;
  if (name === undefined) throw err(lines.length, 'no struct found (expected the output of pahole -C NAME)');
  throw err(lines.length, `unexpected end of input inside a ${stack[stack.length - 1]!.kind} opened at line ${stack[stack.length - 1]!.line}`);

  function finish(top: Block, closeLine: number): Layout {
    if (!footer) throw err(closeLine, "missing '/* size: N, cachelines: M */' footer before the closing brace");
    const size = footer.size;
    if (footer.cachelines !== Math.ceil(size / 64)) {
      throw err(footer.line, `footer says cachelines: ${footer.cachelines} but size ${size} spans ${Math.ceil(size / 64)}`);
    }
    const fields: LayoutField[] = top.leaves.map((l) => {
      const f: LayoutField = { name: l.path.join('.'), ...l.field };
      if (l.owner) f.group = l.owner.named ? l.owner.path.join('.') : `union@${l.owner.first.path.join('.')}`;
      return f;
    });
    // Struct alignment: the forced one if printed, else the largest natural member alignment.
    let align = structAlign ?? 1;
    for (const f of fields) align = Math.max(align, f.align ?? naturalAlign(f.type, f.size));
    while (size % align !== 0) align /= 2;
    const layout: Layout = {
      name: name!,
      source: `pahole dump ${source}`,
      size,
      align,
      slab: {
        cache: opts.slabCache ?? name!,
        hwcacheAlign: false,
        objectAlign: Math.max(8, align),
        typesafeByRcu: false,
        source: 'not in a pahole dump: assumed no SLAB_HWCACHE_ALIGN (objects at the struct alignment); edit the JSON if the cache says otherwise',
      },
      fields,
    };
    if (fields.length === 0) throw err(closeLine, `struct '${name}' has no members with storage: a layout needs at least one field`);
    // a loop, not Math.max(...spread): a dump may have more members than the call stack has room for
    const maxEnd = fields.reduce((m, f) => Math.max(m, f.offset + f.size), 0);
    if (maxEnd > size) throw err(footer.line, `footer size ${size} is smaller than the last member's end ${maxEnd}`);
    checkLayout(layout, source);
    return layout;
  }
}
