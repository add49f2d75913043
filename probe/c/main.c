/*
 * linesim-probe: microbenchmarks for `linesim probe`. One benchmark per run:
 *   linesim-probe <pingpong|contend|wr|chase|freq|storebuf> [key=value ...] [limit_ms=N]
 * prints one JSON line. limit_ms bounds the whole run (default 20000).
 */
#include "common.h"
#include <string.h>

int bench_pingpong(int, char **);
int bench_contend(int, char **);
int bench_wr(int, char **);
int bench_chase(int, char **);
int bench_freq(int, char **);
int bench_storebuf(int, char **);

int main(int argc, char **argv) {
  if (argc < 2) fail("usage", "linesim-probe <pingpong|contend|wr|chase|freq|storebuf> [key=value ...]");
  g_deadline_ns = now_ns() + (uint64_t)arg_long(argc, argv, "limit_ms", 20000) * 1000000ull;
  const char *b = argv[1];
  if (!strcmp(b, "pingpong")) return bench_pingpong(argc, argv);
  if (!strcmp(b, "contend")) return bench_contend(argc, argv);
  if (!strcmp(b, "wr")) return bench_wr(argc, argv);
  if (!strcmp(b, "chase")) return bench_chase(argc, argv);
  if (!strcmp(b, "freq")) return bench_freq(argc, argv);
  if (!strcmp(b, "storebuf")) return bench_storebuf(argc, argv);
  fail("usage", "unknown benchmark");
  return 3;
}
