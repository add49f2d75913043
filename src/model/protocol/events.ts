/** Events seen by one core's cache for one line (the protocol table's columns). */
export const EVENTS = [
  'Load', // demand load by a thread of this core
  'Store', // demand plain store
  'Rmw', // demand locked read-modify-write
  'PfRead', // prefetch read of the line (adjacent-line buddy, up-down)
  'PfRfo', // prefetch read-for-ownership (buddy of an RFO under `mirror`)
  'FwdGETS', // another core's read miss snoops this core
  'FwdGETX', // another core's write/RMW/RFO-prefetch needs the line exclusive
  'Evict', // this core's L2 replaces the line
  'BackInv', // the inclusive LLC evicted the line, or a snoop-filter conflict evicted its entry (back-invalidation)
] as const;
export type EventName = (typeof EVENTS)[number];
export const enum Ev { Load, Store, Rmw, PfRead, PfRfo, FwdGETS, FwdGETX, Evict, BackInv }
export const N_EVENTS = EVENTS.length;
