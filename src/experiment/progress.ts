/**
 * Progress on stderr: a cli-progress bar on a TTY (points done/total, ETA), plain
 * `[3/40] layout=b2 profile=broadwell-ep ... 1.2s` lines otherwise, nothing when quiet.
 */
import cliProgress from 'cli-progress';
import type { PointCoords } from '../model/result-types.ts';

export interface Progress {
  start(total: number, alreadyDone: number): void;
  pointDone(coords: PointCoords, ms: number): void;
  note(line: string): void;
  stop(): void;
}

export function describeCoords(coords: PointCoords): string {
  return Object.entries(coords)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

export const quietProgress: Progress = { start() {}, pointDone() {}, note() {}, stop() {} };

export function lineProgress(write: (s: string) => void = (s) => process.stderr.write(s)): Progress {
  let done = 0;
  let total = 0;
  return {
    start(t, already) {
      total = t;
      done = already;
    },
    pointDone(coords, ms) {
      done++;
      write(`[${done}/${total}] ${describeCoords(coords)} ${(ms / 1000).toFixed(1)}s\n`);
    },
    note: (line) => write(`${line}\n`),
    stop() {},
  };
}

export function barProgress(): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: 'points {bar} {value}/{total} | ETA {eta_formatted} | {last}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    start(total, already) {
      bar.start(total, already, { last: '' });
      running = true;
    },
    pointDone(coords) {
      bar.increment(1, { last: describeCoords(coords) });
    },
    note(line) {
      if (running) bar.stop();
      process.stderr.write(`${line}\n`);
      running = false;
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

export function chooseProgress(quiet: boolean): Progress {
  if (quiet) return quietProgress;
  return process.stderr.isTTY ? barProgress() : lineProgress();
}
