// NOTE: plain .mjs on purpose. On Node 20 a worker thread does not inherit tsx's
// loader hooks (neither from the parent nor from `--import tsx` in execArgv), so the
// worker's entry must be plain JavaScript that registers tsx, then loads the .ts worker.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./worker.ts');
export default mod.default;
