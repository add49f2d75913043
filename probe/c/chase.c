/*
 * Load-to-use latency by pointer chasing: one pointer per 64-B line, the lines of a
 * working set linked in a random cycle (Sattolo), so each load depends on the last
 * and no prefetcher can guess the next line. Large sets also pay TLB misses, as a
 * random access in a real program would.
 * chase: args sizes_kib=a,b,c steps=S reps=R
 * freq:  core clock from a chain of dependent 1-cycle adds (TSC ≠ core clock)
 */
#include "common.h"
#include <stdlib.h>

static uint64_t rng = 88172645463325252ull;
static uint64_t xorshift(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static void link_cycle(char *buf, size_t lines) {
  uint32_t *idx = malloc(lines * sizeof *idx);
  if (!idx) fail("chase", "out of memory");
  for (size_t i = 0; i < lines; i++) idx[i] = (uint32_t)i;
  for (size_t i = lines - 1; i > 0; i--) { /* Sattolo: one cycle through all lines */
    size_t j = xorshift() % i;
    uint32_t t = idx[i]; idx[i] = idx[j]; idx[j] = t;
  }
  for (size_t i = 0; i < lines; i++) *(void **)(buf + (size_t)idx[i] * LINE) = buf + (size_t)idx[(i + 1) % lines] * LINE;
  free(idx);
}

static void *chase_n(void *p, long n) {
  while (n-- > 0) p = *(void *volatile *)p;
  return p;
}

int bench_chase(int argc, char **argv) {
  int sizes[64];
  int ns = parse_cpus(arg_str(argc, argv, "sizes_kib", "16,256,8192"), sizes, 64);
  long steps = arg_long(argc, argv, "steps", 1000000);
  int reps = (int)arg_long(argc, argv, "reps", 3);
  if (reps > 16) reps = 16;
  int max = 0;
  for (int i = 0; i < ns; i++) if (sizes[i] > max) max = sizes[i];
  char *buf = alloc_lines((size_t)max * 1024);
  json_begin("chase");
  json_int("steps", steps);
  printf(",\"sizes\":[");
  for (int s = 0; s < ns; s++) {
    size_t lines = (size_t)sizes[s] * 1024 / LINE;
    link_cycle(buf, lines);
    void *p = chase_n(buf, (long)(lines < (size_t)steps ? lines : (size_t)steps)); /* warm */
    double out[16];
    for (int r = 0; r < reps; r++) {
      if (past_deadline()) fail("chase", "time limit reached");
      uint64_t t0 = cpu_ns();
      p = chase_n(p, steps);
      out[r] = (double)(cpu_ns() - t0) / (double)steps;
    }
    printf(s ? ",{\"kib\":%d" : "{\"kib\":%d", sizes[s]);
    json_arr("ns", out, reps);
    printf("}");
    if (p == NULL) printf(" ");
  }
  printf("]");
  json_end();
  return 0;
}

int bench_freq(int argc, char **argv) {
  long n = arg_long(argc, argv, "iters", 20000000);
  int reps = (int)arg_long(argc, argv, "reps", 3);
  double out[16];
  if (reps > 16) reps = 16;
  uint64_t x = 0;
  for (int r = 0; r < reps; r++) {
    uint64_t t0 = cpu_ns(), w0 = now_ns(), c0 = ticks();
    for (long i = 0; i < n; i++) {
#if defined(__x86_64__)
      __asm__ __volatile__("add $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\t"
                           "add $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0" : "+r"(x));
#elif defined(__aarch64__)
      __asm__ __volatile__("add %0,%0,#1\n\tadd %0,%0,#1\n\tadd %0,%0,#1\n\tadd %0,%0,#1\n\t"
                           "add %0,%0,#1\n\tadd %0,%0,#1\n\tadd %0,%0,#1\n\tadd %0,%0,#1" : "+r"(x));
#else
      fail("freq", "no dependent-add loop for this architecture");
#endif
    }
    double dt = (double)(cpu_ns() - t0), wall = (double)(now_ns() - w0);
    out[r] = 8.0 * (double)n / dt; /* GHz: 8 one-cycle adds per iteration, per CPU-ns */
    if (r == reps - 1 && ticks()) json_begin("freq"), json_num("tscGHz", (double)(ticks() - c0) / wall);
  }
  if (!ticks()) json_begin("freq");
  json_arr("coreGHz", out, reps);
  json_int("sink", (long long)(x & 1));
  json_end();
  return 0;
}
