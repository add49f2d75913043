/**
 * V8 settings for the simulator's hot loop, applied once per process by every entry
 * that simulates (CLI, pool workers, bench, soak). Import it first.
 *
 * Why: the event loop (src/workload/run-threads.ts `schedule`) is fast only when the
 * whole access path — run step, machine access, coherence, stats — is inlined into it.
 * V8's default cumulative inlining budget (920 bytecodes per optimized function) runs
 * out part-way down that path. Raising it made the contended bench about 10–20 % faster
 * (7.3 → 9.0 M accesses/s median on the development machine, 2026-11); raising the
 * per-callee limit as well gained nothing more. The cumulative budget is capped by a
 * second one, the absolute size (4600 bytecodes: the function's own plus all it
 * inlines), so beyond ~4000 only raising both helps: 12000/16000 made the contended
 * bench 6.0 → 7.4 and the contended-legacy case 8.9 → 10.0 M accesses/s (medians of 7,
 * interleaved, 2026-12; 8000/10000 gained nothing, 24000/30000 no more than this).
 *
 * The per-callee limit is lowered from 460 to 400 bytecodes so that Controller.run (the
 * coherence controller's cell runner, ≈ 457 bytecodes) is compiled on its own, with its
 * own budget, instead of being inlined into the access path: inlined there, the
 * cumulative budget ran out part-way down the miss path and left a dozen small calls
 * per miss (b_issueGETX, f_fill, prefetch, holdLine, ...). The run loop's memAccess
 * (workload/thread-access.ts, ≈ 340) stays under the limit and is inlined. Bench, medians
 * of 5 interleaved (2026-12): contended 9.3 → 10.9, contended-legacy ≈ 10.9 → 11.4 M
 * accesses/s, single and uncontended unchanged; `linesim run experiments/microbench.json`
 * 16.4 → 14.0 s. A hot function that grows past 400 (or run shrinking below it) changes
 * this; `npm run bench` shows it (sizes: node --trace-turbo-inlining).
 * Results do not change: inlining is not semantics. The flags are process-wide, so
 * workers in the same process share them.
 */
import v8 from 'node:v8';

v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=12000 --max-inlined-bytecode-size-absolute=16000 --max-inlined-bytecode-size=400');
