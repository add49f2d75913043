/*
 * Shared helpers of the linesim probe microbenchmarks: clocks, pinning, a bounded
 * spin barrier, and one-line JSON output. Every benchmark prints exactly one JSON
 * object on stdout; a failure prints {"ok":false,"error":...} and exits 3.
 * Every spin loop checks a wall-clock deadline, so no benchmark can hang.
 */
#ifndef LINESIM_PROBE_COMMON_H
#define LINESIM_PROBE_COMMON_H
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>

#define LINE 64

uint64_t now_ns(void);
/* CPU time of the calling thread: excludes time the scheduler gave to other work, so
   single-thread timings stay honest on a loaded machine (hypervisor steal is still in). */
uint64_t cpu_ns(void);
/* TSC (x86) or 0 where there is none; callers report ns and treat cycles as optional. */
uint64_t ticks(void);
/* Pin the calling thread to one CPU; returns 0 or an errno value (never exits). */
int pin_to(int cpu);
/* Absolute deadline (ns) after which every benchmark loop gives up. */
extern uint64_t g_deadline_ns;
int past_deadline(void);
/* Fail: print the JSON error line and exit 3. */
void fail(const char *bench, const char *msg);

/* A spin barrier for n threads that gives up at the deadline (returns -1). */
typedef struct { volatile int count; volatile int gen; int n; } spin_barrier;
void barrier_init(spin_barrier *b, int n);
int barrier_wait(spin_barrier *b);

/* JSON writing: numbers as %.6g, arrays of doubles. */
void json_begin(const char *bench);
void json_num(const char *key, double v);
void json_int(const char *key, long long v);
void json_str(const char *key, const char *v);
void json_arr(const char *key, const double *v, int n);
void json_end(void);

/* key=value argument lookup with a default. */
long arg_long(int argc, char **argv, const char *key, long def);
const char *arg_str(int argc, char **argv, const char *key, const char *def);
/* Parse "0,3,5" into out (max n); returns count. */
int parse_cpus(const char *s, int *out, int n);

void *alloc_lines(size_t bytes); /* 4 KiB-aligned, zeroed, aborts via fail() */
#endif
