/*
 * CAS ping-pong between two pinned threads (as nviennot/core-to-core-latency cas.rs):
 * A swaps the flag 0→1, B swaps it 1→0; one round trip is two line transfers, so the
 * one-way latency is time / round trips / 2.
 * args: cpus=A,B iters=N reps=R
 */
#include "common.h"
#include <pthread.h>
#include <sched.h>

static struct { _Alignas(128) volatile uint64_t flag; } g_pp;
static spin_barrier g_bar;
static long g_iters;
static int g_cpu[2], g_pin_err[2], g_timeout;
static double g_ns;

static void *side(void *arg) {
  int me = (int)(long)arg;
  g_pin_err[me] = pin_to(g_cpu[me]);
  uint64_t want = me == 0 ? 0 : 1, next = me == 0 ? 1 : 0;
  if (barrier_wait(&g_bar)) { g_timeout = 1; return NULL; }
  uint64_t t0 = now_ns();
  for (long i = 0; i < g_iters; i++) {
    unsigned spins = 0;
    for (;;) {
      uint64_t exp = want;
      if (__atomic_compare_exchange_n(&g_pp.flag, &exp, next, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) break;
      if ((++spins & 0xfffff) == 0) {
        if (g_timeout || past_deadline()) { g_timeout = 1; return NULL; }
        sched_yield(); /* the peer vCPU may be descheduled: let it run */
      }
    }
  }
  if (me == 0) g_ns = (double)(now_ns() - t0);
  return NULL;
}

int bench_pingpong(int argc, char **argv) {
  int cpus[2];
  if (parse_cpus(arg_str(argc, argv, "cpus", "0,1"), cpus, 2) != 2) fail("pingpong", "cpus=A,B expected");
  g_iters = arg_long(argc, argv, "iters", 20000);
  int reps = (int)arg_long(argc, argv, "reps", 5);
  double out[64];
  if (reps > 64) reps = 64;
  g_cpu[0] = cpus[0]; g_cpu[1] = cpus[1];
  for (int r = 0; r < reps; r++) {
    pthread_t t[2];
    g_pp.flag = 0;
    barrier_init(&g_bar, 2);
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, side, (void *)(long)i);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    if (g_timeout) fail("pingpong", "timed out (the two threads never met: is a CPU offline or starved?)");
    out[r] = g_ns / (double)g_iters / 2.0;
  }
  json_begin("pingpong");
  json_int("a", cpus[0]); json_int("b", cpus[1]);
  json_int("pinned", g_pin_err[0] == 0 && g_pin_err[1] == 0);
  json_int("pinErrno", g_pin_err[0] ? g_pin_err[0] : g_pin_err[1]);
  json_int("iters", g_iters);
  json_arr("oneWayNs", out, reps);
  json_end();
  return 0;
}
