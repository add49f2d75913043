/** `steal`: the prefetch snoops the owner like a demand request and takes the line (FwdGETS/FwdGETX). */
import { registerSnoopPolicy, type SnoopPolicy } from '../registry.ts';

class Steal implements SnoopPolicy {
  readonly name = 'steal';
  admit(): boolean { return true; }
}

registerSnoopPolicy('steal', () => new Steal());
