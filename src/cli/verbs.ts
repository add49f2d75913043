/**
 * The one list of CLI verbs. Each verb module exports `register(program)`.
 * Add a verb by importing its module and adding it to `VERBS`.
 */
import type { Command } from 'commander';
import * as profiles from './profiles.ts';
import * as layout from './layout.ts';
import * as run from './run.ts';
import * as report from './report.ts';
import * as protocol from './protocol.ts';
import * as compare from './compare.ts';
import * as regroup from './regroup.ts';
import * as calibrate from './calibrate.ts';
import * as headline from './headline.ts';
import * as probe from './probe.ts';
import * as validate from './validate.ts';
import * as c2c from './c2c.ts';

type VerbModule = { register: (program: Command) => void };

const VERBS: VerbModule[] = [
  profiles,
  layout,
  run,
  report,
  protocol,
  compare,
  regroup,
  calibrate,
  headline,
  probe,
  validate,
  c2c,
];

export function registerAll(program: Command): void {
  for (const v of VERBS) v.register(program);
}
