/*
 * Contention shapes, each thread pinned to one CPU and run for a fixed duration:
 *  contend: N threads do op (lockadd | add | store) on their own 8-B word, words
 *           `stride` bytes apart from a 128-B aligned base (8: one line, 64: one
 *           128-B pair, 128: different pairs). N=1 + lockadd = locked RMW throughput.
 *  wr:      thread 0 lock-adds word 0; threads 1..R read the word at `roff`.
 * Per thread: operations completed per rep (rate = ops / duration).
 * args: cpus=list op=lockadd|add|store stride=S roff=O dur_ms=D reps=R
 */
#include "common.h"
#include <pthread.h>
#include <string.h>
#include <time.h>

#define MAXT 256
static char *g_base;
static int g_n, g_cpus[MAXT], g_pin_err, g_mode; /* mode: 0 lockadd 1 add 2 store 3 wr */
static long g_stride, g_roff;
static spin_barrier g_bar;
static struct { _Alignas(128) volatile int stop; } g_stop;
static struct { _Alignas(128) uint64_t ops; uint64_t cpu; } g_ops[MAXT];

static void *worker(void *arg) {
  int me = (int)(long)arg;
  int e = pin_to(g_cpus[me]);
  if (e) __atomic_store_n(&g_pin_err, e, __ATOMIC_RELAXED);
  int mode = g_mode;
  volatile uint64_t *w;
  if (mode == 3) w = (volatile uint64_t *)(g_base + (me == 0 ? 0 : g_roff));
  else w = (volatile uint64_t *)(g_base + (long)me * g_stride);
  uint64_t ops = 0, sink = 0;
  if (barrier_wait(&g_bar)) return NULL;
  uint64_t c0 = cpu_ns();
  while (!g_stop.stop) {
    /* 64 operations between checks of the (read-shared, rarely written) stop flag */
    if (mode == 0 || (mode == 3 && me == 0)) for (int i = 0; i < 64; i++) __atomic_fetch_add(w, 1, __ATOMIC_SEQ_CST);
    else if (mode == 1) for (int i = 0; i < 64; i++) *w += 1;
    else if (mode == 2) for (int i = 0; i < 64; i++) *w = ops + (uint64_t)i;
    else for (int i = 0; i < 64; i++) sink += *w;
    ops += 64;
  }
  g_ops[me].cpu = cpu_ns() - c0;
  g_ops[me].ops = ops + (sink & 0); /* sink keeps the reads alive */
  return NULL;
}

static int run(const char *bench, int argc, char **argv) {
  g_n = parse_cpus(arg_str(argc, argv, "cpus", "0"), g_cpus, MAXT);
  const char *op = arg_str(argc, argv, "op", "lockadd");
  g_mode = strcmp(bench, "wr") == 0 ? 3 : strcmp(op, "lockadd") == 0 ? 0 : strcmp(op, "add") == 0 ? 1 : strcmp(op, "store") == 0 ? 2 : -1;
  if (g_mode < 0) fail(bench, "op must be lockadd, add or store");
  if (g_n < 1 || (g_mode == 3 && g_n < 2)) fail(bench, "not enough cpus");
  g_stride = arg_long(argc, argv, "stride", 64);
  g_roff = arg_long(argc, argv, "roff", 8);
  long dur_ms = arg_long(argc, argv, "dur_ms", 50);
  int reps = (int)arg_long(argc, argv, "reps", 3);
  if (reps > 32) reps = 32;
  g_base = alloc_lines((size_t)(g_n + 2) * (size_t)(g_stride > 128 ? g_stride : 128) + 4096);
  static double rates[32 * MAXT], cpurates[32 * MAXT];
  for (int r = 0; r < reps; r++) {
    pthread_t t[MAXT];
    g_stop.stop = 0;
    barrier_init(&g_bar, g_n + 1);
    for (int i = 0; i < g_n; i++) { g_ops[i].ops = 0; pthread_create(&t[i], NULL, worker, (void *)(long)i); }
    if (barrier_wait(&g_bar)) fail(bench, "timed out waiting for threads to start");
    uint64_t t0 = now_ns();
    while (now_ns() - t0 < (uint64_t)dur_ms * 1000000ull) { struct timespec ts = {0, 1000000}; nanosleep(&ts, NULL); }
    g_stop.stop = 1;
    uint64_t dt = now_ns() - t0;
    for (int i = 0; i < g_n; i++) pthread_join(t[i], NULL);
    for (int i = 0; i < g_n; i++) {
      rates[r * g_n + i] = (double)g_ops[i].ops / ((double)dt / 1e9);
      cpurates[r * g_n + i] = g_ops[i].cpu ? (double)g_ops[i].ops / ((double)g_ops[i].cpu / 1e9) : 0;
    }
  }
  json_begin(bench);
  json_str("op", g_mode == 3 ? "wr" : op);
  json_int("threads", g_n); json_int("stride", g_stride); json_int("roff", g_roff);
  json_int("pinned", g_pin_err == 0); json_int("pinErrno", g_pin_err);
  json_int("durMs", dur_ms); json_int("reps", reps);
  json_arr("opsPerSec", rates, reps * g_n); /* rep-major: reps × threads, per wall second */
  json_arr("opsPerCpuSec", cpurates, reps * g_n); /* per second of the thread's own CPU time */
  json_end();
  return 0;
}

int bench_contend(int argc, char **argv) { return run("contend", argc, argv); }
int bench_wr(int argc, char **argv) { return run("wr", argc, argv); }
