/** Interns program access sites (path, object, field) so stats can name fields. */
import type { SiteInfo } from '../model/result-types.ts';

export class SiteTable {
  readonly sites: SiteInfo[] = [];
  private readonly index = new Map<string, number>();

  intern(s: Omit<SiteInfo, 'id'>): number {
    const key = `${s.path}|${s.object}|${s.field}|${s.offset}|${s.size}|${s.access}`;
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.sites.length;
      this.sites.push({ id, ...s });
      this.index.set(key, id);
    }
    return id;
  }
}
