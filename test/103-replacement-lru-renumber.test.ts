/**
 * SCENARIO: the LRU stamp counter passes the Uint32 limit.
 * GIVEN two banked tag stores with the same geometry and the same seeded stream of
 * lookups, hits and fills (evictions included), one counting from 1 and one started just
 * below 2^32 − 1 so that it renumbers its stamps several times along the way,
 * WHEN both run the stream,
 * THEN they evict the same lines in the same order, and every stamp stays a Uint32.
 */
import { describe, expect, it } from 'vitest';
import { NO_LINE, SetAssoc } from '../src/model/cache/set-assoc.ts';
import '../src/model/mechanisms.ts';
import { replacementPolicy } from '../src/model/replacement/registry.ts';
import { Rng } from '../src/util/rng.ts';

interface Settable { setClock(c: number): void }

function run(startClock: number | null): { victims: number[]; meta: Uint32Array } {
  // 2 banks × 4 sets × 4 ways; lines 0..5 take the direct index, the rest are scanned
  const c = new SetAssoc(2, 16, 4, replacementPolicy('lru'), 6);
  if (startClock !== null) (c.policy as unknown as Settable).setClock(startClock);
  const rng = new Rng(11), victims: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const bank = rng.int(2), line = rng.int(48);
    const s = c.find(bank, line);
    if (s >= 0) { c.touch(s); continue; }
    const v = c.insert(bank, line);
    if (v !== NO_LINE) victims.push(bank * 1000 + v);
  }
  return { victims, meta: c.meta };
}

describe('103 LRU stamps across the Uint32 limit', () => {
  it('GIVEN a counter started 3000 below the limit WHEN 20 000 accesses run THEN the victims equal those of a fresh counter', () => {
    const fresh = run(null), wrapped = run(0xffffffff - 3000);
    expect(fresh.victims.length).toBeGreaterThan(5_000); // evictions happen throughout
    expect(wrapped.victims).toEqual(fresh.victims);
    // renumbered: the stamps are small again, not near the limit
    expect(Math.max(...wrapped.meta)).toBeLessThan(20_000 + 16);
  });

  it('GIVEN the counter one below the limit WHEN the next stamp is taken THEN it renumbers first', () => {
    const c = new SetAssoc(1, 8, 4, replacementPolicy('lru'));
    c.insert(0, 0); c.insert(0, 2); // set 0: stamps 1, 2
    (c.policy as unknown as Settable).setClock(0xffffffff);
    c.insert(0, 4); // renumbers set 0 to ranks (empty slots rank lowest), then stamps above them
    const set0 = Array.from(c.meta.subarray(0, 4));
    expect(set0[2]).toBeGreaterThan(Math.max(set0[0]!, set0[1]!));
    expect(set0[1]).toBeGreaterThan(set0[0]!);
    expect(Math.max(...c.meta)).toBeLessThan(16);
  });
});
