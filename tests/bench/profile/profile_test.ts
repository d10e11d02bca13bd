/** `--profile`: folding perf script text, perf's availability, and a real recording of a run. */
import { parsePerfScript, sideProfile } from "../../../bench/profile/fold.ts";
import { createProfiler } from "../../../bench/profile/mod.ts";
import { perfAvailable } from "../../../bench/profile/perf.ts";
import { findProgram } from "../../../bench/runner.ts";
import { allowedCpus } from "../../../ffi/cpu.ts";
import { readWholeFile } from "../../../ffi/memory.ts";
import { CASE_DEFAULTS } from "../../../model/params.ts";
import type { Case, CaseParams, Results } from "../../../model/types.ts";
import { profileCharts } from "../../../reports/run/charts/profile.ts";
import { profileLines, profileNote } from "../../../reports/run/explain/text.ts";
import { assert, assertEquals, assertIncludes, skipUnless } from "../../helpers.ts";

const MiB = 1024 * 1024;

const SCRIPT = [
  "deno  4914/4914  ",
  "\tffffffff8155f555 _copy_from_iter+0x15 ([kernel.kallsyms])",
  "\tffffffff816c93f8 anon_pipe_write ([kernel.kallsyms])",
  "\tffffffff81000130 entry_SYSCALL_64_after_hwframe ([kernel.kallsyms])",
  "\t           f8350 syscall (/usr/lib/x86_64-linux-gnu/libc.so.6)",
  "",
  "deno  4914/4915  ",
  "\t    7f0012345678 [unknown] (/usr/bin/deno)",
  "",
  "deno  4914/4914  ",
  "\tffffffff8155f555 _copy_from_iter ([kernel.kallsyms])",
  "\tffffffff816c93f8 anon_pipe_write ([kernel.kallsyms])",
  "",
  "cat  77/77  ",
  "\tffffffff816c872b anon_pipe_read ([kernel.kallsyms])",
  "",
].join("\n");

Deno.test("fold: samples per process, self time of the innermost frame, kernel share, folded stacks outer first", () => {
  const samples = parsePerfScript(SCRIPT);
  assertEquals(samples.length, 4);
  assertEquals(samples[0].frames[0], { symbol: "_copy_from_iter", kernel: true, dso: "[kernel.kallsyms]" });
  const writer = sideProfile(samples, 4914)!;
  assertEquals(writer.samples, 3, "every thread of the process");
  assertEquals(writer.top[0], { symbol: "_copy_from_iter", share: 2 / 3 });
  assertEquals(writer.top[1].symbol, "[unknown] (deno)");
  assertEquals(writer.kernelShare, 2 / 3);
  assertEquals(writer.folded.length, 3, "one entry per distinct stack");
  assert(writer.folded.some((f) => f.stack === "anon_pipe_write;_copy_from_iter" && f.count === 1), "innermost last");
  assert(writer.folded.some((f) => f.stack.startsWith("syscall;entry_SYSCALL_64")), "outermost first");
  assertEquals(sideProfile(samples, 12345), null);
});

Deno.test("perf availability: not root with perf_event_paranoid above 1 gives the reason", () => {
  const paranoid = Number.parseInt(readWholeFile("/proc/sys/kernel/perf_event_paranoid"), 10);
  const available = perfAvailable(false);
  if (findProgram("perf") === null) {
    assertIncludes("reason" in available ? available.reason : "", "perf is not installed");
  } else if (paranoid > 1) {
    assertIncludes("reason" in available ? available.reason : "", "perf_event_paranoid");
  } else {
    assert("path" in available, "permitted");
  }
});

function params(overrides: Partial<CaseParams>): CaseParams {
  return {
    ...CASE_DEFAULTS,
    writer: "write",
    reader: "read",
    bufferOffset: 16,
    duration: 0,
    repetitions: 1,
    warmup: 0,
    ...overrides,
  };
}

Deno.test("profile: a real write/read run recorded with perf shows the copy into pipe pages on the writer", async () => {
  const cpus = allowedCpus();
  const isRoot = Deno.uid() === 0;
  const available = perfAvailable(isRoot);
  if (skipUnless("path" in available && cpus.length >= 2, "reason" in available ? available.reason : "two CPUs")) {
    return;
  }
  const logged: string[] = [];
  const profiler = createProfiler({ isRoot, log: (line) => logged.push(line) });
  const p = params({ bytes: 256 * MiB, cpus: { writer: cpus[0], reader: cpus[1] } });
  const c: Case = { id: "t/write_read", name: "write_read", scenario: "t", params: p };
  const events = profiler.watch(undefined);
  events.runStarting!({ index: 3, caseIndex: 0, repetition: 0, warmup: false }, 1, c);
  const outcome = await profiler.run(p, {});
  assert(outcome.ok, `the run: ${JSON.stringify(outcome)}`);
  assertEquals(logged, [], "no problem");
  const results = { cases: [{ ...c, samples: [], failures: [], stats: null, warnings: [] }], warnings: [] };
  profiler.attach(results as unknown as Results);
  const profiled = results.cases[0] as unknown as Results["cases"][number];
  assert(profiled.profile !== undefined, "attached");
  assertEquals(profiled.profile.run, 3);
  const writer = profiled.profile.writer!;
  assert(writer.samples > 0 && profiled.profile.reader!.samples > 0, "both sides sampled");
  const copies = writer.folded.some((f) => /copy_(page_)?from_iter|copy_user/.test(f.stack));
  assert(copies, `the writer's stacks have the copy: ${writer.top.map((t) => t.symbol).join(", ")}`);
  // A second measured run of the same case goes through unrecorded.
  events.runStarting!({ index: 4, caseIndex: 0, repetition: 1, warmup: false }, 1, c);
  assert((await profiler.run({ ...p, bytes: 8 * MiB }, {})).ok, "a run");
  profiler.attach(results as unknown as Results);
  assertEquals(profiled.profile.run, 3, "still the first measured run");
});

Deno.test("profile: charts and one line per profiled case, saying what the samples cover and which run", () => {
  const side = { samples: 10, kernelShare: 0.8, top: [{ symbol: "<b>x", share: 0.5 }], folded: [] };
  const results = {
    cases: [
      { name: "write_read", profile: { event: "cpu-clock", run: 0, writer: side, reader: null } },
      { name: "b" },
      {
        name: "vmsplice_splice",
        profile: {
          event: "cpu-clock",
          run: null,
          source: "extra run",
          writer: { ...side, window: "measured" },
          reader: { ...side, window: "whole run" },
        },
      },
    ],
  } as unknown as Results;
  const charts = profileCharts(results);
  assertEquals(charts.map((c) => c.name), ["profile-write-read", "profile-vmsplice-splice"]);
  assertEquals((charts[0].data[0] as { y: string[] }).y, ["&lt;b&gt;x"]);
  assertIncludes(charts[0].title, "run 0");
  assertIncludes(charts[1].title, "an extra run outside the turns");
  const axes = charts[1].layout as { xaxis: { title: { text: string } }; xaxis2: { title: { text: string } } };
  assertIncludes(axes.xaxis.title.text, "measured part");
  assertIncludes(axes.xaxis2.title.text, "whole run");
  assertEquals(profileLines(results), [
    "write_read: writer (whole run, 10 samples, 80% kernel): <b>x 50% · reader: no samples",
    "vmsplice_splice (extra run): writer (measured part, 10 samples, 80% kernel): <b>x 50% · " +
    "reader (whole run, 10 samples, 80% kernel): <b>x 50%",
  ]);
  assertIncludes(profileNote(results) ?? "", "one extra run per case");
  assertEquals(profileNote({ cases: results.cases.slice(0, 2) } as unknown as Results), null);
});

Deno.test("profile: where perf is refused, the reason is said once, runs go on unrecorded, results say why", async () => {
  const paranoid = Number.parseInt(readWholeFile("/proc/sys/kernel/perf_event_paranoid"), 10);
  if (findProgram("perf") !== null && paranoid <= 1) return; // permitted here: nothing refuses
  const logged: string[] = [];
  let runs = 0;
  const profiler = createProfiler({
    isRoot: false,
    log: (line) => logged.push(line),
    base: () => {
      runs++;
      return Promise.resolve({ ok: false, failure: { side: "runner", reason: "fake" } });
    },
  });
  const p = params({});
  const c: Case = { id: "t/c", name: "c", scenario: "t", params: p };
  for (let i = 0; i < 3; i++) {
    profiler.watch(undefined).runStarting!({ index: i, caseIndex: 0, repetition: i, warmup: false }, 3, c);
    await profiler.run(p, {});
  }
  assertEquals(runs, 3);
  assertEquals(logged.length, 1, "said once");
  assertIncludes(logged[0], "--profile: no profiles:");
  const results = { cases: [], warnings: [] } as unknown as Results;
  profiler.attach(results);
  assertEquals(results.warnings.length, 1);
});
