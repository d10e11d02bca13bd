import { nativeCases, nativeRatios, ratioTable } from "../../native/ratios.ts";
import { parseNativeArgs } from "../../native/bench-native.ts";
import { sessionRatio, turnsCommands, turnsPair } from "../../native/pair-turns.ts";
import { takeTurns } from "../../bench/turns/token.ts";
import { loadScenarioFiles } from "../../scenario/scenario.ts";
import type { CaseResult, Results, Sample } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes, problemWith, withNativeEndpoint } from "../helpers.ts";

const BLOG = new URL("../../scenarios/blog.yaml", import.meta.url).pathname;

function sample(repetition: number, gibPerSecond: number): Sample {
  return { repetition, gibPerSecond } as Sample;
}

function withSamples(c: CaseResult, values: number[]): CaseResult {
  return { ...c, samples: values.map((v, i) => sample(i, v)) };
}

async function pairResults(deno: number[], native: number[]): Promise<Results> {
  const { cases } = await loadScenarioFiles([BLOG]);
  const [d, c] = nativeCases(cases.slice(0, 1), "/bin/false", 1).map((x) => ({
    ...x,
    samples: [],
    failures: [],
    stats: null,
    warnings: [],
  }));
  return { seed: 1, cases: [withSamples(d, deno), withSamples(c, native)] } as unknown as Results;
}

Deno.test("bench:native pairs each Deno case with its C twin: same parameters, C endpoints as commands", async () => {
  const { cases } = await loadScenarioFiles([BLOG]);
  const paired = nativeCases(cases, "/opt/pipe-endpoint", 32 << 20);
  assertEquals(paired.length, 2 * cases.length);
  for (let i = 0; i < paired.length; i += 2) {
    const [deno, native] = [paired[i], paired[i + 1]];
    // In independent runs, as many as asked, whatever blog.yaml's schedule and precision target.
    assertEquals(deno.params, { ...cases[i / 2].params, schedule: "runs", precision: null });
    assertEquals([native.params.schedule, native.params.precision], ["runs", null]);
    assert(typeof native.params.writer === "object" && typeof native.params.reader === "object");
    assertEquals(native.params.bytes, deno.params.bytes);
    assertEquals(deno.id.replace(/-deno$/, ""), native.id.replace(/-c$/, ""));
    const reader = native.params.reader.command.join(" ");
    assertIncludes(reader, `--buf ${deno.params.bufferSize} --offset ${deno.params.bufferOffset}`);
    assertIncludes(reader, "--warmup 33554432");
  }
});

Deno.test("per-round ratios cancel drift that the ratio of medians cannot", async () => {
  // The machine slows down 2× halfway; Deno is 1% slower than C in every round.
  const c = [10, 10.2, 9.9, 10.1, 10, 5, 5.1, 4.9, 5.05, 5];
  const deno = c.map((x) => x * 0.99);
  const [r] = nativeRatios(await pairResults(deno, c), 0.98);
  assert(Math.abs(r.paired!.ratio - 0.99) < 1e-9, `paired ${r.paired!.ratio}`);
  assert(r.paired!.low > 0.98 && r.paired!.high < 1, JSON.stringify(r.paired));
  assertEquals(r.paired!.pairs, 10);
  assertEquals(r.verdict, "met");
  assert(r.ratio!.high - r.ratio!.low > 0.1, `the unpaired CI is wide: ${JSON.stringify(r.ratio)}`);
});

Deno.test("the verdict is 'missed' below the target and 'unclear' when the interval straddles it", async () => {
  const c = [10, 10.1, 9.9, 10, 10.2, 9.8, 10];
  const slow = nativeRatios(await pairResults(c.map((x) => x * 0.9), c), 0.98)[0];
  assertEquals(slow.verdict, "missed");
  const noisy = nativeRatios(await pairResults([9.2, 10.6, 9.5, 10.4, 9.9, 10.3, 9.6], c), 0.98)[0];
  assertEquals(noisy.verdict, "unclear");
  const table = ratioTable([slow, noisy], 0.98);
  assertIncludes(table, "| ≥ 0.98 |");
  assertIncludes(table, "| no |");
  assertIncludes(table, "| not shown |");
  // Only rounds where both sides produced a sample are paired.
  const results = await pairResults([9, 9, 9], [10, 10, 10]);
  results.cases[1].samples.splice(1, 1);
  assertEquals(nativeRatios(results, 0.98)[0].paired!.pairs, 2);
});

Deno.test("bench:native rejects bad arguments with a message naming the option", () => {
  const problem = (args: string[]) => problemWith((a: string[]) => parseNativeArgs(a), args);
  assertIncludes(problem(["--repetitions", "0"]), "--repetitions: expected an integer ≥ 1");
  assertIncludes(problem(["--seed", "-3"]), "--seed");
  assertIncludes(problem(["--filter", "("]), "--filter:");
  assertIncludes(problem(["--target", "x"]), "--target:");
  assertIncludes(problem(["--bogus"]), "bogus");
  const parsed = parseNativeArgs(["--repetitions", "12", "--filter", "busy", "--seed", "7", "--no-images"]);
  assertEquals([parsed.repetitions, parsed.filter?.source, parsed.seed, parsed.images, parsed.target], [
    12,
    "busy",
    7,
    false,
    0.98,
  ]);
});

Deno.test("--turns: Deno / C per session whichever side went first; bad combinations are refused", () => {
  // Deno moves 2% less than C at every moment of a machine that speeds up linearly; blocks alternate.
  const machine = (t: number) => 10 + t;
  const at = (start: number) => [0, 1, 2, 3, 4, 5].map((i) => machine(2 * i + start));
  const denoFirst = sessionRatio(at(0).map((x) => x * 0.98), at(1), true);
  const nativeFirst = sessionRatio(at(1).map((x) => x * 0.98), at(0), false);
  assert(Math.abs(denoFirst - 0.98) < 1e-9, `${denoFirst}`);
  assert(Math.abs(nativeFirst - 0.98) < 1e-9, `${nativeFirst}`);
  const problem = (args: string[]) => problemWith((a: string[]) => parseNativeArgs(a), args);
  assertIncludes(problem(["--blocks", "10"]), "go with --turns");
  assertIncludes(problem(["--turns", "--repetitions", "3"]), "--turns takes no --repetitions");
  assertIncludes(problem(["--turns", "--sessions", "0"]), "--sessions: expected an integer ≥ 1");
  assertEquals(parseNativeArgs(["--turns"]).turns, { blocks: 60, blockMs: 20, sessions: 20 });
});

Deno.test("--turns: a Deno pair and a C pair take turns, each writer stopped while the other pair times", async () => {
  await withNativeEndpoint(async (binary) => {
    const { cases } = await loadScenarioFiles([BLOG]);
    for (const name of ["vmsplice_splice", "busy_loop_huge"]) {
      const params = cases.find((c) => c.name === name)!.params;
      const commands = turnsCommands(binary, params, 4 << 20, { count: 5, blockBytes: 8 << 20 });
      const native = commands.native.reader(4242).join(" ");
      assertIncludes(native, "--blocks 5 --block-bytes 8388608 --token-in 3 --token-out 4 --writer-pid 4242");
      assertIncludes(commands.deno.reader(4242).at(-1)!, '"writerPid":4242');
      const started = performance.now();
      const [d, c] = await takeTurns(turnsPair(commands.deno), turnsPair(commands.native));
      const wall = (performance.now() - started) / 1000;
      for (const result of [d, c]) {
        assertEquals(result.blocks!.length, 5, name);
        assert(result.blocks!.every((gib) => gib > 0 && Number.isFinite(gib)), JSON.stringify(result));
        assertEquals(result.bytes, 5 * (8 << 20));
      }
      // One pair timed at a time: the measured seconds of both fit in the wall time.
      assert(d.seconds + c.seconds < wall, `${d.seconds} + ${c.seconds} < ${wall}`);
    }
  });
});

Deno.test("the core endpoints know nothing of native/: turn-taking lives in bench/turns/reader.ts", async () => {
  const folder = new URL("../../bench/endpoint/", import.meta.url);
  for await (const entry of Deno.readDir(folder)) {
    const text = await Deno.readTextFile(new URL(entry.name, folder));
    assert(!/from "[./]*native\//.test(text), `${entry.name} imports from native/`);
    assert(!/\bturns\b/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")), `${entry.name} knows of turns`);
  }
});

Deno.test("bench:native into a folder that already holds a run: exit 2, one line, nothing run", async () => {
  const out = await Deno.makeTempDir({ prefix: "pipespeed-native-used-" });
  try {
    await Deno.writeTextFile(`${out}/journal.ndjson`, "{}\n");
    for (const extra of [[], ["--reference", "post"]]) {
      const output = await new Deno.Command(Deno.execPath(), {
        args: ["task", "--quiet", "bench:native", "--quick", "--no-images", "--out", out, ...extra],
        cwd: new URL("../..", import.meta.url).pathname,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(output.stderr);
      assertEquals(output.code, 2, stderr);
      assertIncludes(stderr, `bench:native: ${out} already holds a run (journal.ndjson): choose another --out`);
      assert(!/\n\s+at /.test(stderr), `no stack trace: ${stderr}`);
    }
    assertEquals([...Deno.readDirSync(out)].map((e) => e.name), ["journal.ndjson"]);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
