/**
 * `--profile` over each side's measured window: the Deno endpoints report when their measured part
 * ran (`CLOCK_MONOTONIC`, the clock perf records with), and a side's profile keeps only its samples
 * inside; an external command reports nothing and keeps its whole run, saying so. Real perf, real
 * runs.
 */
import { parsePerfScript, sideProfile } from "../../../bench/profile/fold.ts";
import { createProfiler } from "../../../bench/profile/mod.ts";
import { perfAvailable, recordAround } from "../../../bench/profile/perf.ts";
import { runOnce } from "../../../bench/runner.ts";
import { allowedCpus } from "../../../ffi/cpu.ts";
import { CASE_DEFAULTS } from "../../../model/params.ts";
import type { Case, CaseParams, Results } from "../../../model/types.ts";
import { assert, assertEquals, skipUnless } from "../../helpers.ts";

const MiB = 1024 * 1024;

function params(overrides: Partial<CaseParams> & Pick<CaseParams, "writer" | "reader">): CaseParams {
  return { ...CASE_DEFAULTS, bufferOffset: 0, duration: 0, repetitions: 1, warmup: 0, ...overrides };
}

/** perf and two CPUs, or `null` (skipped with the reason; in CI it throws). */
function setting(): { perf: string; cpus: { writer: number; reader: number } } | null {
  const cpus = allowedCpus();
  const available = perfAvailable(Deno.uid() === 0);
  const reason = "reason" in available ? available.reason : "two CPUs";
  if (skipUnless("path" in available && cpus.length >= 2, reason)) return null;
  return { perf: (available as { path: string }).path, cpus: { writer: cpus[0], reader: cpus[1] } };
}

const vmspliceSplice = (cpus: CaseParams["cpus"]) =>
  params({ writer: "vmsplice", vmspliceBuffers: "whole", reader: "splice", bytes: 512 * MiB, cpus });

Deno.test("profile window: the Deno endpoints report their measured window; start-up is left out of a side's profile", async () => {
  const set = setting();
  if (set === null) return;
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-profile-test-" });
  try {
    let pids: { writer: number | undefined; reader: number | undefined } = { writer: undefined, reader: undefined };
    const recorded = await recordAround(
      set.perf,
      [set.cpus.writer, set.cpus.reader],
      `${dir}/perf.data`,
      () => runOnce(vmspliceSplice(set.cpus), { onSpawn: (spawned) => pids = spawned }),
    );
    assertEquals(recorded.problem, null);
    const outcome = recorded.result;
    assert(outcome.ok, `the run: ${JSON.stringify(outcome)}`);
    const windows = outcome.windows;
    assert(windows?.writer && windows.reader, `both sides report their measured window: ${JSON.stringify(windows)}`);
    // The reader's window is its clock: its length is the sample's seconds.
    assert(Math.abs(windows.reader.end - windows.reader.start - outcome.sample.seconds) < 1e-6, "the reader's clock");
    const samples = parsePerfScript(recorded.script!);
    assert(samples.every((sample) => sample.time !== null), "samples are timed");
    const inDeno = (sample: (typeof samples)[number]) =>
      sample.frames[0]?.dso.endsWith(`/${Deno.execPath().split("/").at(-1)}`) ?? false;
    for (const side of ["writer", "reader"] as const) {
      const whole = sideProfile(samples, pids[side]!)!;
      const measured = sideProfile(samples, pids[side]!, windows[side])!;
      assertEquals([whole.window, measured.window], ["whole run", "measured"]);
      // Every kept sample's time lies inside the side's window, and no sample inside was dropped.
      const own = samples.filter((sample) => sample.pid === pids[side] && sample.frames.length > 0);
      const inside = own.filter((sample) => sample.time! >= windows[side]!.start && sample.time! <= windows[side]!.end);
      assertEquals([whole.samples, measured.samples], [own.length, inside.length]);
      // What is dropped is the process's life outside its measured part: start-up, warm-up, exit.
      const before = own.filter((sample) => sample.time! < windows[side]!.start);
      // Deno's start-up (module loading, V8 compiling) and the warm-up's JIT run in the deno binary;
      // the measured transfer of vmsplice/splice is nearly all kernel. On the development VM, quiet:
      // 15–22% of the whole run's samples are in the deno binary, 1–4.5% of the measured part's;
      // with a CPU hog beside it (perf then starts late and misses some start-up) 5–7% against 2%.
      const share = (list: typeof own) => list.filter(inDeno).length / list.length;
      const shares = `${side}: in the deno binary ${(share(own) * 100).toFixed(1)}% of ${own.length} samples over ` +
        `the whole run (${before.length} before the measured part), ${(share(inside) * 100).toFixed(1)}% of ` +
        `${inside.length} in the measured part`;
      assert(inside.length >= 50 && before.length > 0, shares);
      assert(share(inside) < share(own), shares);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("profile window: the profiler keeps each Deno side's measured part; an external writer's whole run, saying so", async () => {
  const set = setting();
  if (set === null) return;
  const logged: string[] = [];
  const profiler = createProfiler({ isRoot: Deno.uid() === 0, log: (line) => logged.push(line) });
  const cases: Case[] = [
    { id: "t/vmsplice_splice", name: "vmsplice_splice", scenario: "t", params: vmspliceSplice(set.cpus) },
    {
      id: "t/yes_read",
      name: "yes_read",
      scenario: "t",
      params: params({ writer: { command: ["yes"] }, reader: "read", bytes: 32 * MiB, cpus: set.cpus }),
    },
  ];
  const events = profiler.watch(undefined);
  for (const [i, c] of cases.entries()) {
    events.runStarting!({ index: i, caseIndex: i, repetition: 0, warmup: false }, cases.length, c);
    const outcome = await profiler.run(c.params, {});
    assert(outcome.ok, `${c.id}: ${JSON.stringify(outcome)}`);
  }
  assertEquals(logged, []);
  const results = {
    cases: cases.map((c) => ({ ...c, samples: [], failures: [], stats: null, warnings: [] })),
    warnings: [],
  } as unknown as Results;
  profiler.attach(results);
  const [deno, external] = results.cases.map((c) => c.profile!);
  assertEquals([deno.writer?.window, deno.reader?.window], ["measured", "measured"]);
  assertEquals(deno.source, "measured run");
  assertEquals([external.writer?.window, external.reader?.window], ["whole run", "measured"]);
  assertEquals(results.cases.flatMap((c) => c.warnings), []);
});

Deno.test("profile under turns: a case that cannot be profiled gets a warning saying why, never silence", async () => {
  const set = setting();
  if (set === null) return;
  const extra: string[] = [];
  const profiler = createProfiler({
    isRoot: Deno.uid() === 0,
    log: (line) => extra.push(line),
    base: () => Promise.resolve({ ok: false, failure: { side: "reader", reason: "reader exited with code 1" } }),
  });
  const c = (name: string) => ({
    id: `t/${name}`,
    name,
    scenario: "t",
    params: params({ writer: "write", reader: "read", schedule: "turns", cpus: set.cpus }),
    samples: [],
    failures: [],
    stats: null,
    warnings: [] as string[],
  });
  const results = { cases: [c("a"), c("b")], warnings: [], interrupted: false } as unknown as Results;
  await profiler.finish(results);
  assertEquals(extra.length, 1, "the note on the extra runs");
  assertEquals(results.cases.map((c) => c.profile), [undefined, undefined]);
  assertEquals(results.cases[0].warnings, [
    "--profile: no profile: the recorded run failed: reader exited with code 1",
  ]);
  const interrupted = { cases: [c("a")], warnings: [], interrupted: true } as unknown as Results;
  await createProfiler({ isRoot: Deno.uid() === 0, log: () => {} }).finish(interrupted);
  assertEquals(interrupted.cases[0].warnings, [
    "--profile: no profile: the run was interrupted before its extra run for the profile",
  ]);
});
