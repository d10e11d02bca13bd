import { pingPong, runPingPong } from "../../native/pingpong.ts";
import { ENDPOINT_FLAGS, pinned } from "../../bench/runner.ts";
import { allowedCpus } from "../../ffi/cpu.ts";
import { loadScenarioFiles } from "../../scenario/scenario.ts";
import { libc } from "../../ffi/libc.ts";
import { closeFd, createPipe } from "../../ffi/pipe.ts";
import { callCases, callCosts, callTable, nativePingPongArgv, sandwichPairs, turnCommand } from "../../native/calls.ts";
import { parseCallArgs } from "../../native/bench-calls.ts";
import { takeTurns } from "../../bench/turns/token.ts";
import { assert, assertEquals, assertIncludes, openFds, problemWith, withNativeEndpoint } from "../helpers.ts";

const BLOG = new URL("../../scenarios/blog.yaml", import.meta.url).pathname;
const PINGPONG = new URL("../../native/pingpong.ts", import.meta.url).pathname;

Deno.test("ping-pong moves every chunk through the pipe, for each pair of loops, blocking and busy", () => {
  for (const busyLoop of [false, true]) {
    for (const [writer, reader] of [["write", "read"], ["vmsplice", "read"], ["vmsplice", "splice"]] as const) {
      const loop = pingPong(writer, reader, { chunk: 64 * 1024, busyLoop });
      try {
        for (let i = 0; i < 50; i++) loop.step();
        assertEquals(loop.send.sent(), 50 * 64 * 1024, `${writer}/${reader} busy=${busyLoop}`);
      } finally {
        loop.close();
      }
    }
  }
  const result = runPingPong({ writer: "vmsplice", reader: "read", chunk: 16 * 1024, steps: 10, warmupSteps: 2 });
  assertEquals([result.steps, result.blocks.length], [10, 0]);
  assert(result.nsPerStep > 0 && result.seconds > 0, JSON.stringify(result));
  const fds = openFds();
  pingPong("vmsplice", "splice").close();
  assertEquals(openFds(), fds, "close() leaves no descriptor behind");
});

Deno.test("runPingPong takes turns through the token pipes: one block per token, the token passed on", () => {
  const toMe = createPipe();
  const fromMe = createPipe();
  const { read, write } = libc();
  const byte = new Uint8Array(1);
  try {
    // Three tokens queued up front: the three blocks run, and three tokens come out.
    for (let i = 0; i < 3; i++) assertEquals(write(toMe.writeFd, Deno.UnsafePointer.of(new Uint8Array([7])), 1n), 1);
    let readyCalls = 0;
    const result = runPingPong({
      writer: "vmsplice",
      reader: "splice",
      chunk: 16 * 1024,
      steps: 20,
      warmupSteps: 5,
      blocks: { count: 3, tokenIn: toMe.readFd, tokenOut: fromMe.writeFd },
    }, () => readyCalls++);
    assertEquals(readyCalls, 1);
    assertEquals(result.blocks.length, 3);
    assertEquals(result.steps, 60);
    assert(result.blocks.every((ns) => ns > 0), JSON.stringify(result.blocks));
    for (let i = 0; i < 3; i++) {
      assertEquals(read(fromMe.readFd, Deno.UnsafePointer.of(byte), 1n), 1);
      assertEquals(byte[0], 7);
    }
  } finally {
    for (const fd of [toMe.readFd, toMe.writeFd, fromMe.readFd, fromMe.writeFd]) closeFd(fd);
  }
});

Deno.test("sandwich pairs compare each block with the mean of its two neighbours from the other side", () => {
  // D0 C0 D1 C1 D2 C2: C_i against (D_i + D_{i+1}) / 2.
  const denoFirst = sandwichPairs({ name: "x", deno: [10, 12, 14], native: [11, 13, 15], denoFirst: true });
  assertEquals(denoFirst, { numerators: [11, 13], denominators: [11, 13] });
  // C0 D0 C1 D1 C2 D2: D_i against (C_i + C_{i+1}) / 2.
  const nativeFirst = sandwichPairs({ name: "x", deno: [20, 22, 24], native: [10, 12, 14], denoFirst: false });
  assertEquals(nativeFirst, { numerators: [11, 13], denominators: [20, 22] });
  // A linear drift cancels: Deno takes 2% longer per step than C at every moment.
  const at = (t: number) => 1000 + 50 * t;
  const drift = {
    name: "drift",
    deno: [0, 2, 4, 6, 8, 10].map((t) => at(t) * 1.02),
    native: [1, 3, 5, 7, 9, 11].map(at),
    denoFirst: true,
  };
  const [cost] = callCosts([drift], 0.98, 1);
  assert(Math.abs(cost.speed!.ratio - 1 / 1.02) < 1e-9, `speed ${cost.speed!.ratio}`);
  assertEquals(cost.speed!.pairs, 5);
  assertEquals(cost.verdict, "met");
  const [slow] = callCosts([{ ...drift, deno: drift.deno.map((x) => x * 1.1) }], 0.98, 1);
  assertEquals(slow.verdict, "missed");
  const table = callTable([cost, slow], 0.98, ["128 KiB", "128 KiB"]);
  assertIncludes(table, "| drift | 128 KiB |");
  assertIncludes(table, "| 5 | yes |");
  assertIncludes(table, "| 5 | no |");
});

Deno.test("bench:calls takes each blog case's loops and chunk, and checks its arguments", async () => {
  const { cases } = await loadScenarioFiles([BLOG]);
  const calls = callCases(cases);
  assertEquals(calls.map((c) => c.name), cases.map((c) => c.name));
  for (const [i, c] of calls.entries()) {
    const params = cases[i].params;
    assertEquals(c.config.chunk, params.writer === "vmsplice" ? params.bufferSize / 2 : params.bufferSize);
    assertEquals([c.config.hugePages, c.config.busyLoop], [params.hugePages, params.busyLoop]);
  }
  const argv = nativePingPongArgv("/bin/pe", {
    ...calls.at(-1)!.config,
    steps: 5,
    warmupSteps: 1,
    blocks: { count: 9, tokenIn: 3, tokenOut: 4 },
  });
  assertEquals(
    argv.join(" "),
    [
      "/bin/pe pingpong --vmsplice --splice --huge --busy --buf 131072 --offset 0 --steps 5 --warmup-steps 1",
      "--blocks 9 --token-in 3 --token-out 4",
    ].join(" "),
  );
  const problem = (args: string[]) => problemWith((a: string[]) => parseCallArgs(a, [0, 1]), args);
  assertIncludes(problem(["--blocks", "2"]), "--blocks: expected an integer ≥ 3");
  assertIncludes(problem(["--cpu", "7"]), "--cpu: CPU 7 is not available here (0,1)");
  assertIncludes(problem(["--filter", "["]), "--filter:");
  assertIncludes(problem(["--target", "0"]), "--target:");
  assertIncludes(problem(["--nope"]), "nope");
  assertEquals(parseCallArgs([], [0, 1]).cpu, 1, "the last allowed CPU by default");
});

Deno.test("a Deno and a C ping-pong take turns on one CPU; the same program against itself compares near 1", async () => {
  await withNativeEndpoint(async (binary) => {
    const config = {
      writer: "vmsplice" as const,
      reader: "splice" as const,
      chunk: 64 * 1024,
      steps: 200,
      warmupSteps: 100,
      blocks: { count: 8, tokenIn: 3, tokenOut: 4 },
    };
    // Both on one CPU, as bench:calls runs them.
    const cpu = allowedCpus().at(-1);
    const deno = pinned([Deno.execPath(), ...ENDPOINT_FLAGS, PINGPONG, JSON.stringify(config)], cpu);
    const native = pinned(nativePingPongArgv(binary, config), cpu);
    const [d, c] = await takeTurns(turnCommand(deno), turnCommand(native));
    assertEquals([d.blocks.length, c.blocks.length], [8, 8]);
    assertEquals([d.steps, c.steps], [1600, 1600]);
    assert([...d.blocks, ...c.blocks].every((ns) => ns > 0 && Number.isFinite(ns)), JSON.stringify([d, c]));
    // The turns really alternate: while one side times a block the other sleeps on the token, so
    // the two sides' total measured time cannot exceed the wall time of the pair.
    const started = performance.now();
    const selfConfig = { ...config, steps: 2000, blocks: { ...config.blocks, count: 24 } };
    const selfArgv = pinned(nativePingPongArgv(binary, selfConfig), cpu);
    const [a, b] = await takeTurns(turnCommand(selfArgv), turnCommand(selfArgv));
    const wall = (performance.now() - started) / 1000;
    assert(a.seconds + b.seconds < wall, `${a.seconds} + ${b.seconds} < ${wall}`);
    const [self] = callCosts([{ name: "c/c", deno: a.blocks, native: b.blocks, denoFirst: true }], 0.98, 1);
    // The statistic is centred: C against itself gave 0.998–1.007 in ten runs here (blocks of ~2 ms).
    assert(self.speed!.ratio > 0.9 && self.speed!.ratio < 1.1, JSON.stringify(self.speed));
    // A child that fails is reported with its output, and takeTurns does not hang.
    const failing = await takeTurns(
      turnCommand(nativePingPongArgv(binary, config)),
      turnCommand([binary, "pingpong", "--bogus"]),
    ).then(
      () => "",
      (e) => String(e),
    );
    assertIncludes(failing, "unknown option --bogus");
  });
});

Deno.test("endpoints give their main thread a private descriptor table (unshare(CLONE_FILES))", async () => {
  // In a child: after unshare, a descriptor opened by the main thread is missing from another
  // thread's table (/proc/self/task/<tid>/fd), and the descriptors from before are in both.
  const script = `
    import { unshareFileTable } from "${new URL("../../ffi/cpu.ts", import.meta.url).href}";
    import { openPath } from "${new URL("../../ffi/pipe.ts", import.meta.url).href}";
    const tasks = () => [...Deno.readDirSync("/proc/self/task")].map((e) => e.name);
    const fds = (tid) => new Set([...Deno.readDirSync("/proc/self/task/" + tid + "/fd")].map((e) => Number(e.name)));
    unshareFileTable();
    const fd = openPath("/dev/null", 0);
    const main = String(Deno.pid);
    const other = tasks().find((t) => t !== main);
    console.log(JSON.stringify({ fd, mine: fds(main).has(fd), theirs: fds(other).has(fd), stdout: fds(other).has(1) }));
  `;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-config", "--allow-ffi", "--allow-read=/proc", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(output.success, new TextDecoder().decode(output.stderr));
  const seen = JSON.parse(new TextDecoder().decode(output.stdout));
  assertEquals([seen.mine, seen.theirs, seen.stdout], [true, false, true], JSON.stringify(seen));
});
