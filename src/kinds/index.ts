/**
 * The kinds layer: every built-in workload kind, imported for its side effect. Each kind
 * module registers itself (registerWorkload at its end), so adding a kind is a new module
 * plus one line here; plugins (LINESIM_PLUGINS) register the same way. The experiment
 * layer imports this module wherever it looks kinds up (loading, simulating a point), so
 * no caller has to remember to.
 *
 * Layer: above the kinds' implementations (src/workload/program, src/kernel) and below
 * the experiment runner (see test/011-import-layers.test.ts).
 */
import '../workload/program/kind.ts';
import '../kernel/pft.ts';
import '../kernel/spf.ts';
