#include "common.h"
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <sys/mman.h>

uint64_t g_deadline_ns = 0;

uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t ticks(void) {
#if defined(__x86_64__) || defined(__i386__)
  uint32_t lo, hi;
  __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64_t)hi << 32) | lo;
#else
  return 0;
#endif
}

int pin_to(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0 ? 0 : errno ? errno : EINVAL;
}

int past_deadline(void) { return g_deadline_ns && now_ns() > g_deadline_ns; }

void fail(const char *bench, const char *msg) {
  printf("{\"bench\":\"%s\",\"ok\":false,\"error\":\"%s\"}\n", bench, msg);
  fflush(stdout);
  exit(3);
}

void barrier_init(spin_barrier *b, int n) { b->count = 0; b->gen = 0; b->n = n; }

int barrier_wait(spin_barrier *b) {
  int gen = __atomic_load_n(&b->gen, __ATOMIC_ACQUIRE);
  if (__atomic_add_fetch(&b->count, 1, __ATOMIC_ACQ_REL) == b->n) {
    __atomic_store_n(&b->count, 0, __ATOMIC_RELAXED);
    __atomic_add_fetch(&b->gen, 1, __ATOMIC_RELEASE);
    return 0;
  }
  unsigned spins = 0;
  while (__atomic_load_n(&b->gen, __ATOMIC_ACQUIRE) == gen) {
    /* yield now and then: on an overcommitted VM the peer may need our CPU */
    if ((++spins & 0xffff) == 0) { if (past_deadline()) return -1; sched_yield(); }
  }
  return 0;
}

static int first_field;
void json_begin(const char *bench) { printf("{\"bench\":\"%s\",\"ok\":true", bench); first_field = 0; }
void json_num(const char *key, double v) { printf(",\"%s\":%.6g", key, v); }
void json_int(const char *key, long long v) { printf(",\"%s\":%lld", key, v); }
void json_str(const char *key, const char *v) { printf(",\"%s\":\"%s\"", key, v); }
void json_arr(const char *key, const double *v, int n) {
  printf(",\"%s\":[", key);
  for (int i = 0; i < n; i++) printf(i ? ",%.6g" : "%.6g", v[i]);
  printf("]");
}
void json_end(void) { printf("}\n"); fflush(stdout); (void)first_field; }

const char *arg_str(int argc, char **argv, const char *key, const char *def) {
  size_t k = strlen(key);
  for (int i = 2; i < argc; i++)
    if (strncmp(argv[i], key, k) == 0 && argv[i][k] == '=') return argv[i] + k + 1;
  return def;
}

long arg_long(int argc, char **argv, const char *key, long def) {
  const char *s = arg_str(argc, argv, key, NULL);
  return s ? strtol(s, NULL, 10) : def;
}

int parse_cpus(const char *s, int *out, int n) {
  int c = 0;
  while (s && *s && c < n) {
    out[c++] = (int)strtol(s, (char **)&s, 10);
    if (*s == ',') s++;
  }
  return c;
}

void *alloc_lines(size_t bytes) {
  void *p = NULL;
  /* 2 MiB aligned and THP-advised: fewer TLB misses, so large working sets measure the
     cache or DRAM rather than page walks (advice only; ignored where THP is off) */
  size_t align = bytes >= (2u << 20) ? (2u << 20) : 4096;
  if (posix_memalign(&p, align, bytes) != 0 || !p) fail("alloc", "out of memory");
#ifdef MADV_HUGEPAGE
  if (align > 4096) madvise(p, bytes, MADV_HUGEPAGE);
#endif
  memset(p, 0, bytes);
  return p;
}
