/*
 * The post's reader (`read` of pipes-speed-test) as a pipespeed external reader.
 *
 * Usage: reference-reader [--cold] -- READ [FLAGS...]
 *
 * The runner starts this on the pipe with PIPESPEED_WARMUP_BYTES and PIPESPEED_BYTES in its
 * environment (README, "External endpoints"). Without --cold it first consumes the warm-up bytes
 * itself with read(2), outside any clock, so that the writer is started, its buffers faulted in
 * and the pipe full when the post's reader starts; then it runs READ FLAGS --bytes_to_pipe=BYTES
 * --csv on the same stdin. With --cold it consumes nothing: the post's reader starts with the
 * writer, as measure.py runs it, and its clock includes the writer's start-up.
 *
 * The post's reader times itself (from the start of its main to its last byte) and prints a CSV
 * line whose first field is GiB/s; this turns that line into pipespeed's reader result line
 * (ReaderResult in bench/endpoint/protocol.ts). Its seconds are BYTES at the program's own rate,
 * so gibPerSecond is the program's own figure. usage is the post's reader's whole process
 * (getrusage of the child); hugePages is not observed (0 of 0).
 *
 * Nothing of the post's program is copied here: it is run, unchanged, as a child.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK (256 * 1024)
/* What the program prints: GB/s (10^9 bytes) times this constant, called GiB/s. */
#define PROGRAM_GIB_FACTOR 0.931323

static void die(const char *what) {
  fprintf(stderr, "reference-reader: %s\n", what);
  exit(1);
}

static unsigned long long env_bytes(const char *name) {
  const char *text = getenv(name);
  char *end = NULL;
  if (text == NULL || *text == '\0') {
    fprintf(stderr, "reference-reader: %s is not set (run me as a pipespeed external reader)\n", name);
    exit(2);
  }
  errno = 0;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0') {
    fprintf(stderr, "reference-reader: %s: expected a byte count, got \"%s\"\n", name, text);
    exit(2);
  }
  return value;
}

/* Consumes exactly `bytes` from stdin; asks for no more than what is left, so nothing extra is taken. */
static void consume(unsigned long long bytes) {
  static char buffer[CHUNK];
  int flags = fcntl(0, F_GETFL);
  if (flags < 0 || (flags & O_NONBLOCK)) die("stdin must be a blocking pipe");
  while (bytes > 0) {
    ssize_t got = read(0, buffer, bytes < CHUNK ? bytes : CHUNK);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) die(strerror(errno));
    if (got == 0) die("the writer closed the pipe during the warm-up");
    bytes -= (unsigned long long)got;
  }
}

int main(int argc, char **argv) {
  int cold = 0;
  int first = 1;
  if (first < argc && strcmp(argv[first], "--cold") == 0) cold = 1, first++;
  if (first >= argc || strcmp(argv[first], "--") != 0 || first + 1 >= argc) {
    fprintf(stderr, "usage: reference-reader [--cold] -- READ [FLAGS...]\n");
    return 2;
  }
  first++;
  unsigned long long bytes = env_bytes("PIPESPEED_BYTES");
  unsigned long long warmup = cold ? 0 : env_bytes("PIPESPEED_WARMUP_BYTES");
  if (bytes == 0) die("PIPESPEED_BYTES must be at least one byte");
  consume(warmup);

  /* The child's argv: READ FLAGS... --bytes_to_pipe=BYTES --csv */
  int count = argc - first;
  char **child_argv = calloc((size_t)count + 3, sizeof(char *));
  char bytes_option[64];
  if (child_argv == NULL) die("out of memory");
  memcpy(child_argv, argv + first, (size_t)count * sizeof(char *));
  snprintf(bytes_option, sizeof bytes_option, "--bytes_to_pipe=%llu", bytes);
  child_argv[count] = bytes_option;
  child_argv[count + 1] = "--csv";

  int out[2];
  if (pipe2(out, O_CLOEXEC) < 0) die(strerror(errno));
  pid_t pid = fork();
  if (pid < 0) die(strerror(errno));
  if (pid == 0) {
    dup2(out[1], 1);
    execv(child_argv[0], child_argv);
    fprintf(stderr, "reference-reader: cannot run %s: %s\n", child_argv[0], strerror(errno));
    _exit(127);
  }
  close(out[1]);
  char text[4096];
  size_t length = 0;
  for (;;) {
    ssize_t got = read(out[0], text + length, sizeof text - 1 - length);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    length += (size_t)got;
    if (length == sizeof text - 1) break;
  }
  text[length] = '\0';
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) die(strerror(errno));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "reference-reader: %s ended with %s %d; it printed: %s\n", child_argv[0],
            WIFEXITED(status) ? "exit code" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
            text);
    return 1;
  }
  /* The CSV's first two fields: GiB/s (the program's constant), bytes_to_pipe. */
  double program_gib = 0;
  unsigned long long piped = 0;
  if (sscanf(text, "%lf,%llu,", &program_gib, &piped) != 2 || !(program_gib > 0) || piped != bytes) {
    fprintf(stderr, "reference-reader: unexpected output from %s: %s\n", child_argv[0], text);
    return 1;
  }
  int pipe_size = fcntl(0, F_GETPIPE_SZ);
  if (pipe_size < 0) die(strerror(errno));
  double bytes_per_second = program_gib / PROGRAM_GIB_FACTOR * 1e9;
  double seconds = (double)bytes / bytes_per_second;
  struct rusage usage;
  if (getrusage(RUSAGE_CHILDREN, &usage) < 0) die(strerror(errno));
  printf("{\"side\":\"reader\",\"bytes\":%llu,\"seconds\":%.17g,\"gibPerSecond\":%.17g,\"warmupBytes\":%llu,"
         "\"usage\":{\"userSeconds\":%.6f,\"systemSeconds\":%.6f,\"voluntaryContextSwitches\":%ld,"
         "\"involuntaryContextSwitches\":%ld,\"minorPageFaults\":%ld,\"majorPageFaults\":%ld},"
         "\"pipeSize\":%d,\"hugePages\":{\"requestedBytes\":0,\"backedBytes\":0},\"fastPathBytes\":null}\n",
         bytes, seconds, bytes_per_second / (1024.0 * 1024.0 * 1024.0), warmup,
         usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6, usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6,
         usage.ru_nvcsw, usage.ru_nivcsw, usage.ru_minflt, usage.ru_majflt, pipe_size);
  return 0;
}
