/**
 * V8 settings for the simulator's hot loop, applied once per process by every entry
 * that simulates (CLI, pool workers, bench, soak). Import it first.
 *
 * Why: the event loop (src/workload/run-threads.ts `schedule`) is fast only when the
 * whole access path — run step, machine access, coherence, stats — is inlined into it.
 * V8's default cumulative inlining budget (920 bytecodes per optimized function) runs
 * out part-way down that path. Raising it made the contended bench about 10–20 % faster
 * (7.3 → 9.0 M accesses/s median on the development machine, 2026-11); raising the
 * per-callee limit as well gained nothing more. Results do not change: inlining is not
 * semantics. The flag is process-wide, so workers in the same process share it.
 */
import v8 from 'node:v8';

v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=4000');
