/** `linesim regroup` (work in progress: registered once the search lands). */
import type { Command } from 'commander';

export function register(_program: Command): void {}
