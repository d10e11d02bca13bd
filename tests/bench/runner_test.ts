import { findProgram, killAllEndpoints, runOnce } from "../../bench/runner.ts";
import { finalizeResults } from "../../bench/results.ts";
import { CASE_DEFAULTS } from "../../scenario/scenario.ts";
import { collectSystemInfo } from "../../bench/system.ts";
import type { Results } from "../../model/types.ts";
import { formatTable } from "../../reports/run/mod.ts";
import type { CaseParams } from "../../model/types.ts";
import {
  assert,
  assertEquals,
  assertIncludes,
  groupAlive,
  openFds,
  skipUnless,
  withNativeEndpoint,
} from "../helpers.ts";

const MiB = 1024 * 1024;

function params(overrides: Partial<CaseParams> = {}): CaseParams {
  return {
    ...CASE_DEFAULTS,
    writer: "vmsplice",
    reader: "splice",
    bufferOffset: 16,
    bytes: 16 * MiB,
    duration: 0,
    repetitions: 1,
    warmup: 0,
    ...overrides,
  };
}

/** Whether `got` is `asked` or more by less than one read of a whole buffer (the post's reader's calls). */
function withinOneCall(got: number, asked: number, buffer = CASE_DEFAULTS.bufferSize): boolean {
  return got >= asked && got < asked + buffer;
}

Deno.test("a run moves the bytes asked for (within one read) and reports both sides", async () => {
  const outcome = await runOnce(params({ bytes: 24 * MiB + 4096 }), { warmupBytes: 4 * MiB });
  assert(outcome.ok, `run failed: ${JSON.stringify(outcome)}`);
  const { sample } = outcome;
  assert(withinOneCall(sample.bytes, 24 * MiB + 4096), `measured ${sample.bytes} bytes`);
  assert(withinOneCall(sample.warmupBytes, 4 * MiB), `warm-up of ${sample.warmupBytes} bytes`);
  assertEquals(sample.pipeSize, 128 * 1024, "vmsplice sizes the pipe to half the buffer");
  assert(sample.seconds > 0 && sample.wallSeconds > sample.seconds, "timing fields");
  assert(sample.writer !== null && sample.writer.usage.systemSeconds >= 0, "writer report");
  assertEquals(sample.reader.cpu, 1);
});

Deno.test("a minimum duration keeps the run going past its bytes", async () => {
  const outcome = await runOnce(params({ bytes: 1 * MiB, duration: 0.3 }), { warmupBytes: MiB });
  assert(outcome.ok, JSON.stringify(outcome));
  assert(outcome.sample.seconds >= 0.3, `measured ${outcome.sample.seconds} s`);
  assert(outcome.sample.bytes > MiB);
});

Deno.test("a writer killed mid-run is reported as the writer's failure, and nothing is left running", async () => {
  const before = openFds();
  let pids: { writer?: number; reader?: number } = {};
  const outcome = await runOnce(params({ writer: "write", reader: "read", bytes: 64 * 1024 * MiB }), {
    warmupBytes: MiB,
    onSpawn: (spawned) => {
      pids = spawned;
      setTimeout(() => Deno.kill(spawned.writer!, "SIGKILL"), 700);
    },
  });
  assert(!outcome.ok, "the run must fail");
  assertEquals(outcome.failure.side, "writer");
  assertIncludes(outcome.failure.reason, "SIGKILL");
  assert(!groupAlive(pids.writer!) && !groupAlive(pids.reader!), "both process groups are gone");
  assertEquals(openFds(), before, "no descriptor leaked");
});

Deno.test("a hung run is killed at its timeout", async () => {
  let pids: { writer?: number; reader?: number } = {};
  const started = performance.now();
  const outcome = await runOnce(params({ writer: { command: ["sleep", "30"] }, reader: "read" }), {
    timeoutSeconds: 1,
    onSpawn: (spawned) => pids = spawned,
  });
  assert(!outcome.ok);
  assertEquals(outcome.failure.side, "runner");
  assertIncludes(outcome.failure.reason, "timed out after 1 s");
  assert(performance.now() - started < 10_000, "did not wait for sleep 30");
  assert(!groupAlive(pids.writer!) && !groupAlive(pids.reader!), "sleep and the reader are gone");
});

Deno.test("an external writer is measured by the reader; a missing one is named", async () => {
  const yes = await runOnce(params({ writer: { command: ["yes"] }, reader: "read", bytes: 8 * MiB }), {
    warmupBytes: MiB,
  });
  assert(yes.ok, JSON.stringify(yes));
  // A read asks for a whole buffer: the last one may bring up to a buffer less a byte more (yes fills the pipe).
  assert(withinOneCall(yes.sample.bytes, 8 * MiB), `measured ${yes.sample.bytes} of ${8 * MiB}`);
  assertEquals(yes.sample.writer, null);
  const missing = await runOnce(params({ writer: { command: ["no-such-program-pipespeed"] }, reader: "read" }));
  assert(!missing.ok);
  assertEquals(missing.failure.side, "writer");
  assertIncludes(missing.failure.reason, "command not found: no-such-program-pipespeed");
});

Deno.test("an external writer that stops early fails the reader with the byte count", async () => {
  const outcome = await runOnce(
    params({ writer: { command: ["head", "-c", String(3 * MiB), "/dev/zero"] }, reader: "read", bytes: 8 * MiB }),
    { warmupBytes: MiB },
  );
  assert(!outcome.ok);
  assertEquals(outcome.failure.side, "reader");
  // 3 MiB in all, less the warm-up: at least 1 MiB, and up to a read more (a read takes what the
  // pipe holds at that moment, so where the warm-up ends depends on timing).
  const measured = Number(outcome.failure.reason.match(/after (\d+) of (\d+) measured bytes/)?.[1]);
  assertIncludes(outcome.failure.reason, ` of ${8 * MiB} measured bytes`);
  const chunk = CASE_DEFAULTS.bufferSize;
  assert(measured > 2 * MiB - chunk && measured <= 2 * MiB, `measured ${measured}: 2 MiB less at most one read`);
});

Deno.test("a CPU that does not exist fails the run with a clear reason", async () => {
  const outcome = await runOnce(params({ cpus: { writer: 0, reader: 511 } }));
  assert(!outcome.ok);
  assertEquals(outcome.failure.side, "runner");
  assertIncludes(outcome.failure.reason, "cpus.reader: CPU 511 is not available; this process may run on CPUs 0,1");
});

Deno.test("verify: intact data passes for write and vmsplice writers", async () => {
  for (const writer of ["write", "vmsplice"] as const) {
    const outcome = await runOnce(params({ writer, reader: "read", verify: true, bytes: 32 * MiB }), {
      warmupBytes: MiB,
    });
    assert(outcome.ok, `${writer}: ${JSON.stringify(outcome)}`);
  }
});

Deno.test("verify: a vmsplice writer that reuses a half still in the pipe is caught, with the offset", async () => {
  const outcome = await runOnce(params({ writer: "vmsplice", reader: "read", verify: true, bytes: 256 * MiB }), {
    warmupBytes: MiB,
    unsafeWriterReuse: true,
  });
  assert(!outcome.ok, "the unsafe writer must be detected");
  assertEquals(outcome.failure.side, "reader");
  assertIncludes(outcome.failure.reason, "integrity check failed at byte ");
  assertIncludes(outcome.failure.reason, "overwritten while still in the pipe");
});

Deno.test("verify: the program's vmsplice layout (whole buffers) keeps the safety rule; reuse is caught", async () => {
  const whole = params({ writer: "vmsplice", vmspliceBuffers: "whole", reader: "read", verify: true });
  const safe = await runOnce({ ...whole, bytes: 32 * MiB }, { warmupBytes: MiB });
  assert(safe.ok, JSON.stringify(safe));
  assertEquals(safe.sample.pipeSize, 128 * 1024, "the pipe is half a buffer");
  const unsafe = await runOnce({ ...whole, bytes: 256 * MiB }, { warmupBytes: MiB, unsafeWriterReuse: true });
  assert(!unsafe.ok, "a buffer rewritten while still in the pipe must be detected");
  assertIncludes(unsafe.failure.reason, "overwritten while still in the pipe");
});

Deno.test("a finished run leaves no timer behind: a script using runOnce exits at once", async () => {
  // The default timeout is 30 s or more; a timer left pending would keep this script alive that long.
  const script = `import { runOnce } from "${new URL("../../bench/runner.ts", import.meta.url)}";
    const o = await runOnce(${
    JSON.stringify(params({ bytes: MiB }))
  }, { warmupBytes: ${MiB}, signal: new AbortController().signal });
    console.log(o.ok);`;
  const started = performance.now();
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", new URL("../../deno.json", import.meta.url).pathname, script],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assertEquals([code, new TextDecoder().decode(stdout).trim()], [0, "true"]);
  assert(performance.now() - started < 15_000, `took ${((performance.now() - started) / 1000).toFixed(1)} s`);
});

Deno.test("an external reader that prints garbage instead of its result line fails the run, named", async () => {
  const outcome = await runOnce(
    params({ reader: { command: ["sh", "-c", "head -c 40000000 > /dev/null; echo not-a-result"] } }),
    { warmupBytes: MiB },
  );
  assert(!outcome.ok);
  assertEquals(outcome.failure.side, "reader");
  assertIncludes(outcome.failure.reason, 'no valid result line (the last line was "not-a-result")');
});

Deno.test("a native reader (native/pipe-endpoint.c) is measured through the same protocol", async () => {
  await withNativeEndpoint(async (binary) => {
    const reader = {
      command: [binary, "read", "--splice", "--bytes", String(24 * MiB), "--warmup", String(MiB)],
    };
    const outcome = await runOnce(params({ reader }), { warmupBytes: MiB });
    assert(outcome.ok, JSON.stringify(outcome));
    assert(withinOneCall(outcome.sample.bytes, 24 * MiB), `measured ${outcome.sample.bytes} bytes`);
    assert(withinOneCall(outcome.sample.warmupBytes, MiB), `warm-up of ${outcome.sample.warmupBytes} bytes`);
    assertEquals(outcome.sample.pipeSize, 128 * 1024);
    assert(outcome.sample.writer !== null, "the Deno writer still reports its side");
  });
});

Deno.test("huge pages unavailable: the run still measures, and the results say huge pages were not obtained", async () => {
  const outcome = await runOnce(params({ writer: "write", reader: "read", hugePages: true, bytes: 8 * MiB }), {
    warmupBytes: MiB,
    disableTransparentHugePages: true,
  });
  assert(outcome.ok, JSON.stringify(outcome));
  for (const side of [outcome.sample.writer!, outcome.sample.reader]) {
    assertEquals(side.hugePages.requestedBytes, 256 * 1024);
    assertEquals(side.hugePages.backedBytes, 0);
  }
  const results = finalizeResults({
    ...structuredClone(emptyResultsForTest()),
    cases: [{
      id: "t/huge",
      name: "huge",
      scenario: "t",
      params: params({ hugePages: true }),
      samples: [{ run: 0, repetition: 0, ...outcome.sample }],
      failures: [],
      stats: null,
      warnings: [],
    }],
  });
  assertIncludes(results.cases[0].warnings.join("\n"), "huge pages asked for but not obtained on the writer");
  assertIncludes(formatTable(results), "huge pages asked for but not obtained");
});

Deno.test("a pipe size above pipe-max-size: EPERM recorded as the writer's failure without CAP_SYS_RESOURCE", async () => {
  const system = await collectSystemInfo();
  const limit = system.pipeMaxSize ?? 1024 * 1024;
  const outcome = await runOnce(params({ writer: "write", reader: "read", pipeSize: limit * 2, bytes: 4 * MiB }), {
    warmupBytes: MiB,
  });
  if (system.canExceedPipeMaxSize) {
    assert(outcome.ok, `with CAP_SYS_RESOURCE the kernel grants it: ${JSON.stringify(outcome)}`);
    assertEquals(outcome.sample.pipeSize, limit * 2);
  } else {
    assert(!outcome.ok);
    assertEquals(outcome.failure.side, "writer");
    assertIncludes(outcome.failure.reason, "fcntl(F_SETPIPE_SZ) failed: EPERM");
  }
});

Deno.test("a reader killed mid-run is reported as the reader's failure, and nothing is left running", async () => {
  let pids: { writer?: number; reader?: number } = {};
  const outcome = await runOnce(params({ writer: "write", reader: "read", bytes: 64 * 1024 * MiB }), {
    warmupBytes: MiB,
    onSpawn: (spawned) => {
      pids = spawned;
      setTimeout(() => Deno.kill(spawned.reader!, "SIGKILL"), 700);
    },
  });
  assert(!outcome.ok);
  assertEquals(outcome.failure.side, "reader");
  assertIncludes(outcome.failure.reason, "killed by SIGKILL");
  assert(!groupAlive(pids.writer!) && !groupAlive(pids.reader!), "both process groups are gone");
});

/** A results shell with one scenario `t` and no cases. */
function emptyResultsForTest(): Results {
  return JSON.parse(
    Deno.readTextFileSync(new URL("../fixtures/results/blog.json", import.meta.url)),
    (key, value) =>
      key === "cases" ? [] : key === "scenarios" ? [{ name: "t", description: null, file: "t.yaml" }] : value,
  );
}

Deno.test("every thread of each endpoint runs on its own CPU (pinned from exec through taskset)", async () => {
  if (skipUnless(findProgram("taskset") !== null, "taskset (util-linux) is not installed")) return;
  let lists = "";
  const outcome = await runOnce(params({ writer: "write", reader: "read", bytes: 2 * 1024 * MiB }), {
    warmupBytes: MiB,
    onSpawn: ({ writer, reader }) => {
      setTimeout(() => {
        const script = `grep -h Cpus_allowed_list /proc/${writer}/task/*/status | sed 's/^/w /'; ` +
          `grep -h Cpus_allowed_list /proc/${reader}/task/*/status | sed 's/^/r /'`;
        lists = new TextDecoder().decode(new Deno.Command("sh", { args: ["-c", script] }).outputSync().stdout);
      }, 400);
    },
  });
  assert(outcome.ok, JSON.stringify(outcome));
  const lines = lists.trim().split("\n").map((line) => line.replace(/\s+/g, " "));
  assert(lines.filter((l) => l.startsWith("w ")).length > 1, `the writer has several threads: ${lists}`);
  for (const line of lines) {
    assertEquals(line.endsWith(line.startsWith("w ") ? " 0" : " 1"), true, `pinned: ${line}`);
  }
});

Deno.test("pipeSize applies to external writers too (the runner sizes the pipe)", async () => {
  const outcome = await runOnce(params({ writer: { command: ["yes"] }, reader: "read", pipeSize: 256 * 1024 }), {
    warmupBytes: MiB,
  });
  assert(outcome.ok, JSON.stringify(outcome));
  assertEquals(outcome.sample.pipeSize, 256 * 1024);
});

Deno.test("killAllEndpoints kills every running endpoint group at once", async () => {
  let pids: { writer?: number; reader?: number } = {};
  const outcome = await runOnce(params({ writer: "write", reader: "read", bytes: 64 * 1024 * MiB }), {
    warmupBytes: MiB,
    onSpawn: (spawned) => {
      pids = spawned;
      setTimeout(killAllEndpoints, 500);
    },
  });
  assert(!outcome.ok, "the run was killed");
  assertIncludes(outcome.failure.reason, "SIGKILL");
  assert(!groupAlive(pids.writer!) && !groupAlive(pids.reader!), "both process groups are gone");
});
