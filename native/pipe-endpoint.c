/* pipe-endpoint: pipespeed's writer and reader in plain C, for `deno task bench:native`.
 *
 * It makes the same syscalls with the same options and the same memory layout as the Deno
 * endpoints (ffi/transfer.ts, bench/endpoint/writer.ts, bench/endpoint/reader.ts), and its reader prints the same
 * JSON result line, so pipespeed runs it as an external endpoint and compares like with like.
 *
 *   pipe-endpoint write [--vmsplice [--whole] [--same-buffer]] [--huge] [--busy] [--buf N] [--offset N] [--cpu N]
 *   pipe-endpoint read  [--splice] [--huge] [--busy] [--buf N] [--offset N] [--cpu N]
 *                       --bytes N [--min-seconds S] [--warmup N]
 *                       [--blocks K --block-bytes N --token-in FD --token-out FD --writer-pid P]
 *   pipe-endpoint pingpong [--vmsplice] [--splice] [--huge] [--busy] [--buf N] [--offset N]
 *                       --steps N [--warmup-steps N] [--blocks K --token-in FD --token-out FD]
 *
 * Buffers: anonymous mmap, advised MADV_NOHUGEPAGE and started --offset bytes past a page, or
 * 2 MiB-aligned and advised MADV_HUGEPAGE (--huge). vmsplice double-buffers with the pipe sized to
 * half of --buf: two buffers of half --buf, one call each, or with --whole two buffers of --buf,
 * each call given the rest of the current one (the post's program); --same-buffer makes the two
 * buffers the halves of one allocation. Every read or splice asks for --buf bytes. The reader
 * consumes --warmup bytes untimed, then times from its first measured call to the last byte,
 * checking the clock every 16 MiB for --min-seconds. With --blocks
 * the reader takes turns with another pair instead (ReaderConfig.turns in bench/endpoint/protocol.ts).
 *
 * pingpong is native/pingpong.ts in C: one thread holds both ends of a pipe sized to two chunks
 * of --buf bytes, sends a chunk (write, or vmsplice of alternate buffers), consumes it (read, or
 * splice to /dev/null), and prints {"nsPerStep": ...} over --steps steps after --warmup-steps.
 * With --blocks it prints "ready" after the warm-up, then K times: waits for a byte on
 * --token-in, times --steps steps, writes the byte to --token-out; and ends with the time of
 * every block. Two such processes on one CPU with crossed token pipes take turns block by block.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL
#define HUGE (2UL << 20)
#define CHECK_EVERY (16ULL << 20)

static int vmsplice_on, whole_on, same_buffer_on, splice_on, huge_on, busy_on, cpu = -1;
static size_t buf_sz = 256 * 1024, offset_bytes = 16;
static unsigned long long total, warmup = 32ULL << 20;
static double min_seconds;

static void die(const char *what) {
  fprintf(stderr, "pipe-endpoint: %s: %s\n", what, strerror(errno));
  exit(1);
}

static char *buffer(size_t n) {
  size_t align = huge_on ? HUGE : PAGE;
  size_t mapped = (offset_bytes + n + align - 1) & ~(align - 1);
  size_t reserve = huge_on ? mapped + HUGE : mapped;
  char *raw = mmap(NULL, reserve, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) die("mmap");
  char *start = raw;
  if (huge_on) {
    start = (char *)(((uintptr_t)raw + HUGE - 1) & ~(HUGE - 1));
    if (start > raw) munmap(raw, start - raw);
    size_t tail = reserve - (start - raw) - mapped;
    if (tail) munmap(start + mapped, tail);
  }
  if (madvise(start, mapped, huge_on ? MADV_HUGEPAGE : MADV_NOHUGEPAGE) < 0) die("madvise");
  memset(start + offset_bytes, 'X', n);
  return start + offset_bytes;
}

/* Bytes of [p, p + n) backed by huge pages, from /proc/self/smaps. */
static unsigned long long huge_backed(const char *p, size_t n) {
  FILE *f = fopen("/proc/self/smaps", "r");
  if (!f) return 0;
  char line[512];
  unsigned long long total_backed = 0, overlap = 0, span = 1;
  uintptr_t lo = (uintptr_t)p, hi = lo + n;
  while (fgets(line, sizeof line, f)) {
    unsigned long start, end, kib;
    if (sscanf(line, "%lx-%lx ", &start, &end) == 2 && strchr(line, ' ') && line[0] != ' ') {
      uintptr_t a = start > lo ? start : lo, b = end < hi ? end : hi;
      overlap = b > a ? b - a : 0;
      span = end - start;
    } else if (overlap && sscanf(line, "AnonHugePages: %lu kB", &kib) == 1) {
      unsigned long long part = (unsigned long long)kib * 1024 * overlap / span;
      total_backed += part < overlap ? part : overlap;
    }
  }
  fclose(f);
  return total_backed;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void writer(void) {
  signal(SIGPIPE, SIG_IGN);
  if (vmsplice_on) {
    size_t each = whole_on ? buf_sz : buf_sz / 2;
    if (fcntl(1, F_SETPIPE_SZ, (int)(buf_sz / 2)) < 0) die("fcntl(F_SETPIPE_SZ)");
    char *bufs[2];
    if (same_buffer_on) bufs[0] = buffer(2 * each), bufs[1] = bufs[0] + each;
    else bufs[0] = buffer(each), bufs[1] = buffer(each);
    /* No O_NONBLOCK here: vmsplice ignores it (only SPLICE_F_NONBLOCK counts), as the post's program does. */
    unsigned flags = busy_on ? SPLICE_F_NONBLOCK : 0;
    for (int i = 0;; i ^= 1) {
      struct iovec v = {bufs[i], each};
      while (v.iov_len) {
        ssize_t r = vmsplice(1, &v, 1, flags);
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (r < 0 && errno == EPIPE) return;
        if (r < 0) die("vmsplice");
        v.iov_base = (char *)v.iov_base + r;
        v.iov_len -= r;
      }
    }
  }
  char *buf = buffer(buf_sz);
  if (busy_on && fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK) < 0) die("O_NONBLOCK");
  for (;;) {
    size_t off = 0;
    while (off < buf_sz) {
      ssize_t r = write(1, buf + off, buf_sz - off);
      if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (r < 0 && errno == EPIPE) return;
      if (r < 0) die("write");
      off += r;
    }
  }
}

static int null_fd;
static char *read_buf;

/* Consumes at least n bytes (fewer only at end of file), each call asking for --buf bytes as the
 * post's reader does; returns how many arrived. */
static unsigned long long consume(unsigned long long n) {
  unsigned long long got = 0;
  unsigned flags = busy_on ? SPLICE_F_NONBLOCK : 0;
  while (got < n) {
    ssize_t r = splice_on ? splice(0, NULL, null_fd, NULL, buf_sz, flags) : read(0, read_buf, buf_sz);
    if (r > 0) got += r;
    else if (r == 0) break;
    else if (errno != EAGAIN && errno != EINTR) die(splice_on ? "splice" : "read");
  }
  return got;
}

static char *pp_bufs[2];
static unsigned pp_flags;

/* One ping-pong step: a chunk sent on fd 1 (write, or vmsplice of buffer `half`), then consumed from fd 0. */
static void pp_step(int half) {
  for (size_t off = 0; off < buf_sz;) {
    struct iovec v = {pp_bufs[half] + off, buf_sz - off};
    ssize_t r = vmsplice_on ? vmsplice(1, &v, 1, pp_flags) : write(1, pp_bufs[0] + off, buf_sz - off);
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (r < 0) die(vmsplice_on ? "vmsplice" : "write");
    off += r;
  }
  if (consume(buf_sz) != buf_sz) die("end of file");
}

static void pingpong(unsigned long long steps, unsigned long long warm_steps, unsigned long long blocks, int token_in,
                     int token_out) {
  int out = dup(1), p[2];
  if (out < 0 || pipe2(p, O_CLOEXEC) < 0 || dup2(p[0], 0) < 0 || dup2(p[1], 1) < 0) die("pipe");
  if (fcntl(1, F_SETPIPE_SZ, (int)(2 * buf_sz)) < 0) die("fcntl(F_SETPIPE_SZ)");
  if (busy_on && (fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK) < 0 ||
                  fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK) < 0)) die("O_NONBLOCK");
  pp_bufs[0] = buffer(buf_sz);
  pp_bufs[1] = vmsplice_on ? buffer(buf_sz) : NULL;
  if (splice_on) {
    if ((null_fd = open("/dev/null", O_WRONLY)) < 0) die("open /dev/null");
  } else {
    read_buf = buffer(buf_sz);
  }
  pp_flags = busy_on ? SPLICE_F_NONBLOCK : 0;
  int half = 0;
  for (unsigned long long s = 0; s < warm_steps; s++, half ^= 1) pp_step(half);
  if (blocks == 0) {
    double t0 = now();
    for (unsigned long long s = 0; s < steps; s++, half ^= 1) pp_step(half);
    double seconds = now() - t0;
    dprintf(out, "{\"side\":\"pingpong\",\"steps\":%llu,\"seconds\":%.9f,\"nsPerStep\":%.3f,\"blocks\":[]}\n", steps,
            seconds, seconds * 1e9 / (steps ? steps : 1));
    return;
  }
  /* Blocks: wait for the token, time `steps` steps, pass the token on (see scripts/bench-calls.ts). */
  signal(SIGPIPE, SIG_IGN);
  double *ns = calloc(blocks, sizeof *ns), total = 0;
  if (!ns) die("calloc");
  dprintf(out, "ready\n");
  char token = 0;
  for (unsigned long long b = 0; b < blocks; b++) {
    if (read(token_in, &token, 1) != 1) die("token");
    double t0 = now();
    for (unsigned long long s = 0; s < steps; s++, half ^= 1) pp_step(half);
    double seconds = now() - t0;
    ns[b] = seconds * 1e9 / (steps ? steps : 1);
    total += seconds;
    if (write(token_out, &token, 1) != 1 && errno != EPIPE) die("token");
  }
  dprintf(out, "{\"side\":\"pingpong\",\"steps\":%llu,\"seconds\":%.9f,\"nsPerStep\":%.3f,\"blocks\":[", steps * blocks,
          total, total * 1e9 / (double)(steps ? steps * blocks : 1));
  for (unsigned long long b = 0; b < blocks; b++) dprintf(out, "%s%.3f", b ? "," : "", ns[b]);
  dprintf(out, "]}\n");
}

static double tv(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }

static unsigned long long turn_blocks, turn_bytes;
static int turn_in = -1, turn_out = -1, writer_pid;

/* Turns (reader): see ReaderConfig.turns in bench/endpoint/protocol.ts. Prints "ready", then the blocks. */
static void reader_turns(unsigned long long warm, int pipe_size, unsigned long long requested,
                         unsigned long long backed) {
  signal(SIGPIPE, SIG_IGN);
  double *gib = calloc(turn_blocks ? turn_blocks : 1, sizeof *gib), seconds = 0;
  if (!gib) die("calloc");
  if (kill(writer_pid, SIGSTOP) < 0) die("kill(SIGSTOP)");
  printf("ready\n");
  fflush(stdout);
  char token = 0;
  struct rusage before, after;
  getrusage(RUSAGE_SELF, &before);
  for (unsigned long long b = 0; b < turn_blocks; b++) {
    if (read(turn_in, &token, 1) != 1) die("token");
    if (kill(writer_pid, SIGCONT) < 0) die("kill(SIGCONT)");
    double t0 = now();
    unsigned long long got = consume(turn_bytes);
    double spent = now() - t0;
    if (kill(writer_pid, SIGSTOP) < 0) die("kill(SIGSTOP)");
    if (write(turn_out, &token, 1) != 1 && errno != EPIPE) die("token");
    if (got < turn_bytes) { fprintf(stderr, "pipe-endpoint: the writer closed the pipe in block %llu\n", b); exit(1); }
    gib[b] = got / spent / (1 << 30);
    seconds += spent;
  }
  getrusage(RUSAGE_SELF, &after);
  kill(writer_pid, SIGCONT);
  unsigned long long bytes = turn_blocks * turn_bytes;
  printf("{\"side\":\"reader\",\"bytes\":%llu,\"seconds\":%.9f,\"gibPerSecond\":%.6f,\"warmupBytes\":%llu,"
         "\"usage\":{\"userSeconds\":%.6f,\"systemSeconds\":%.6f,\"voluntaryContextSwitches\":%ld,"
         "\"involuntaryContextSwitches\":%ld,\"minorPageFaults\":%ld,\"majorPageFaults\":%ld},"
         "\"pipeSize\":%d,\"hugePages\":{\"requestedBytes\":%llu,\"backedBytes\":%llu},\"blocks\":[",
         bytes, seconds, seconds > 0 ? bytes / seconds / (1 << 30) : 0, warm,
         tv(after.ru_utime) - tv(before.ru_utime), tv(after.ru_stime) - tv(before.ru_stime),
         after.ru_nvcsw - before.ru_nvcsw, after.ru_nivcsw - before.ru_nivcsw, after.ru_minflt - before.ru_minflt,
         after.ru_majflt - before.ru_majflt, pipe_size, requested, backed);
  for (unsigned long long b = 0; b < turn_blocks; b++) printf("%s%.6f", b ? "," : "", gib[b]);
  printf("]}\n");
}

static void reader(void) {
  unsigned long long requested = 0, backed = 0;
  if (splice_on) {
    if ((null_fd = open("/dev/null", O_WRONLY)) < 0) die("open /dev/null");
  } else {
    read_buf = buffer(buf_sz);
    if (huge_on) requested = buf_sz, backed = huge_backed(read_buf, buf_sz);
  }
  /* O_NONBLOCK for read only: splice has SPLICE_F_NONBLOCK (the post's program does the same). */
  if (busy_on && !splice_on && fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK) < 0) die("O_NONBLOCK");
  unsigned long long warm = consume(warmup);
  if (warm < warmup) { fprintf(stderr, "pipe-endpoint: the writer closed the pipe during warm-up\n"); exit(1); }
  int pipe_size = fcntl(0, F_GETPIPE_SZ);
  if (turn_blocks) { reader_turns(warm, pipe_size, requested, backed); return; }
  struct rusage before, after;
  getrusage(RUSAGE_SELF, &before);
  double t0 = now(), seconds = 0;
  unsigned long long bytes = 0;
  for (;;) {
    unsigned long long want = bytes < total ? (total - bytes < CHECK_EVERY ? total - bytes : CHECK_EVERY) : CHECK_EVERY;
    unsigned long long got = consume(want);
    bytes += got;
    seconds = now() - t0;
    if (got < want) {
      fprintf(stderr, "pipe-endpoint: the writer closed the pipe after %llu of %llu measured bytes\n", bytes, total);
      exit(1);
    }
    if (bytes >= total && seconds >= min_seconds) break;
  }
  getrusage(RUSAGE_SELF, &after);
  printf("{\"side\":\"reader\",\"bytes\":%llu,\"seconds\":%.9f,\"gibPerSecond\":%.6f,\"warmupBytes\":%llu,"
         "\"usage\":{\"userSeconds\":%.6f,\"systemSeconds\":%.6f,\"voluntaryContextSwitches\":%ld,"
         "\"involuntaryContextSwitches\":%ld,\"minorPageFaults\":%ld,\"majorPageFaults\":%ld},"
         "\"pipeSize\":%d,\"hugePages\":{\"requestedBytes\":%llu,\"backedBytes\":%llu}}\n",
         bytes, seconds, bytes / seconds / (1 << 30), warm, tv(after.ru_utime) - tv(before.ru_utime),
         tv(after.ru_stime) - tv(before.ru_stime), after.ru_nvcsw - before.ru_nvcsw,
         after.ru_nivcsw - before.ru_nivcsw, after.ru_minflt - before.ru_minflt, after.ru_majflt - before.ru_majflt,
         pipe_size, requested, backed);
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: pipe-endpoint write|read|pingpong [options]\n"); return 2; }
  /* Die with the runner, as the Deno endpoints do; a parent already gone means nobody waits. */
  pid_t parent = getppid();
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) die("prctl(PR_SET_PDEATHSIG)");
  if (getppid() != parent || parent == 1) return 1;
  unsigned long long steps = 0, warm_steps = 0, blocks = 0;
  int token_in = -1, token_out = -1;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (!strcmp(a, "--vmsplice")) vmsplice_on = 1;
    else if (!strcmp(a, "--whole")) whole_on = 1;
    else if (!strcmp(a, "--same-buffer")) same_buffer_on = 1;
    else if (!strcmp(a, "--splice")) splice_on = 1;
    else if (!strcmp(a, "--huge")) huge_on = 1;
    else if (!strcmp(a, "--busy")) busy_on = 1;
    else if (!strcmp(a, "--buf") && more) buf_sz = strtoull(argv[++i], 0, 0);
    else if (!strcmp(a, "--offset") && more) offset_bytes = strtoull(argv[++i], 0, 0);
    else if (!strcmp(a, "--bytes") && more) total = strtoull(argv[++i], 0, 0);
    else if (!strcmp(a, "--min-seconds") && more) min_seconds = strtod(argv[++i], 0);
    else if (!strcmp(a, "--warmup") && more) warmup = strtoull(argv[++i], 0, 0);
    else if (!strcmp(a, "--cpu") && more) cpu = atoi(argv[++i]);
    else if (!strcmp(a, "--steps") && more) steps = strtoull(argv[++i], 0, 0);
    else if (!strcmp(a, "--warmup-steps") && more) warm_steps = strtoull(argv[++i], 0, 0);
    else if (!strcmp(a, "--blocks") && more) blocks = turn_blocks = strtoull(argv[++i], 0, 0);
    else if (!strcmp(a, "--block-bytes") && more) turn_bytes = strtoull(argv[++i], 0, 0);
    else if (!strcmp(a, "--writer-pid") && more) writer_pid = atoi(argv[++i]);
    else if (!strcmp(a, "--token-in") && more) token_in = turn_in = atoi(argv[++i]);
    else if (!strcmp(a, "--token-out") && more) token_out = turn_out = atoi(argv[++i]);
    else { fprintf(stderr, "pipe-endpoint: unknown option %s\n", a); return 2; }
  }
  if (cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) < 0) die("sched_setaffinity");
  }
  if (!strcmp(argv[1], "write")) writer();
  else if (!strcmp(argv[1], "read")) reader();
  else if (!strcmp(argv[1], "pingpong")) pingpong(steps, warm_steps, blocks, token_in, token_out);
  else { fprintf(stderr, "pipe-endpoint: role must be write, read or pingpong\n"); return 2; }
  return 0;
}
