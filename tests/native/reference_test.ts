import { findProgram } from "../../bench/runner.ts";
import { benchReference } from "../../native/bench-reference.ts";
import { parseNativeArgs } from "../../native/bench-native.ts";
import { ADAPTER_SOURCE, findReferenceDir, ReferenceUnavailable } from "../../native/reference-build.ts";
import {
  NotExpressible,
  REFERENCE_FLAGS,
  referenceBlock,
  referenceCases,
  referenceFlags,
} from "../../native/reference.ts";
import { referenceRatios } from "../../native/reference-ratios.ts";
import { FIELD_NAMES } from "../../model/params.ts";
import type { CaseResult, Results, Sample } from "../../model/types.ts";
import { loadScenarioFiles } from "../../scenario/scenario.ts";
import { assert, assertEquals, assertIncludes, problemWith, skipUnless } from "../helpers.ts";

const BLOG = new URL("../../scenarios/blog.yaml", import.meta.url).pathname;
const BUILD = { sourceDir: "/ref", write: "/b/write", read: "/b/read", adapter: "/b/adapter", commands: [] };
const fakeBuild = { ...BUILD, remove: () => Promise.resolve() };

async function blogParams(name: string) {
  const { cases } = await loadScenarioFiles([BLOG]);
  return cases.find((c) => c.name === name)!.params;
}

Deno.test("each blog case becomes measure.py's flags for that case, on both binaries", async () => {
  // measure.py's seven cases (gift and poll off, buf_size 256 KiB, no pipe size).
  const expected: Record<string, string[]> = {
    write_read: [],
    write_read_huge: ["--huge_page"],
    vmsplice_read: ["--write_with_vmsplice"],
    vmsplice_read_huge: ["--write_with_vmsplice", "--huge_page"],
    vmsplice_splice: ["--write_with_vmsplice", "--read_with_splice"],
    vmsplice_splice_huge: ["--write_with_vmsplice", "--read_with_splice", "--huge_page"],
    busy_loop_huge: ["--write_with_vmsplice", "--read_with_splice", "--huge_page", "--busy_loop"],
  };
  const { cases } = await loadScenarioFiles([BLOG]);
  assertEquals(cases.map((c) => c.name).sort(), Object.keys(expected).sort());
  for (const c of cases) {
    const flags = referenceFlags(c.params);
    assertEquals([...flags].sort(), [...expected[c.name], "--buf_size=262144"].sort(), c.name);
  }
  // Every field of the table says how it reaches the program.
  assertEquals(Object.keys(REFERENCE_FLAGS).sort(), [...FIELD_NAMES].sort());
});

Deno.test("a case the program cannot run is refused, naming the field", async () => {
  const base = await blogParams("vmsplice_splice");
  const problem = (params: typeof base) => {
    try {
      referenceFlags(params);
      return "";
    } catch (error) {
      assert(error instanceof NotExpressible, String(error));
      return error.message;
    }
  };
  assertIncludes(problem({ ...base, pipeSize: 65536 }), "pipeSize: with vmsplice the post's program sets the pipe");
  assertEquals(problem({ ...base, pipeSize: 131072 }), "");
  assertIncludes(problem({ ...base, verify: true }), "verify:");
  assertIncludes(problem({ ...base, bufferOffset: 64 }), "bufferOffset:");
  assertIncludes(problem({ ...base, writer: { command: ["cat"] } }), "writer:");
  assertIncludes(problem({ ...base, vmspliceBuffers: "halves" }), "vmspliceBuffers: the post's program has no layout");
  assertEquals(
    problem({ ...base, vmspliceBuffers: "halves", sameBuffer: true }),
    "",
    "halves of one buffer: --same_buffer",
  );
  const write = await blogParams("write_read");
  assertEquals(referenceFlags({ ...write, pipeSize: 1 << 20, poll: true, gift: true, touchPages: false }), [
    "--poll",
    "--gift",
    "--dont_touch_pages",
    "--buf_size=262144",
    "--pipe_size=1048576",
  ]);
});

Deno.test("--reference post: three members per case with the same bytes and no minimum duration", async () => {
  const { cases } = await loadScenarioFiles([BLOG]);
  const members = referenceCases(cases.slice(2, 3), fakeBuild, () => 512 << 20);
  assertEquals(members.map((c) => c.id), [
    "reference/vmsplice_read-pipespeed",
    "reference/vmsplice_read-program",
    "reference/vmsplice_read-program-cold",
  ]);
  assertEquals(new Set(members.map(referenceBlock)).size, 1);
  for (const m of members) assertEquals([m.params.bytes, m.params.duration], [512 << 20, 0]);
  // Independent runs, as many as asked: blog.yaml's turns and precision target would add rounds.
  for (const m of members) assertEquals([m.params.schedule, m.params.precision], ["runs", null]);
  const [pipespeed, warm, cold] = members;
  assertEquals(pipespeed.params.writer, "vmsplice");
  assertEquals(warm.params.writer, { command: ["/b/write", "--write_with_vmsplice", "--buf_size=262144"] });
  assertEquals(warm.params.reader, {
    command: ["/b/adapter", "--", "/b/read", "--write_with_vmsplice", "--buf_size=262144"],
  });
  assertEquals((cold.params.reader as { command: string[] }).command.slice(0, 3), ["/b/adapter", "--cold", "--"]);
});

Deno.test("bench:native --reference: options checked, turns refused", () => {
  const problem = (args: string[]) => problemWith((a: string[]) => parseNativeArgs(a), args);
  assertIncludes(problem(["--reference", "fizzbuzz"]), `the only reference is "post"`);
  assertIncludes(problem(["--bytes", "1GiB"]), "--bytes goes with --reference post");
  assertIncludes(problem(["--reference", "post", "--bytes", "1G"]), "--bytes:");
  assertIncludes(problem(["--reference", "post", "--seconds", "0"]), "--seconds:");
  assertIncludes(problem(["--reference", "post", "--turns"]), "cannot take turns");
  assertEquals(parseNativeArgs(["--reference", "post", "--reference-dir", "x", "--bytes", "64MiB"]).reference, {
    dir: "x",
    bytes: 64 << 20,
    seconds: 1,
  });
  const missing = findReferenceDir("/nonexistent-folder");
  assert(missing instanceof ReferenceUnavailable);
  assertIncludes(missing.message, "/nonexistent-folder: not the post's program (missing write.cpp, read.cpp");
});

function sample(repetition: number, gibPerSecond: number, seconds: number): Sample {
  return { repetition, gibPerSecond, seconds, pipeSize: 131072 } as Sample;
}

Deno.test("the window table: cold / warm per round and the start-up cost in ms", async () => {
  const { cases } = await loadScenarioFiles([BLOG]);
  const members = referenceCases(cases.slice(0, 1), fakeBuild, () => 1 << 30);
  // The program warm moves 1 GiB in 1 s, cold in 1.004 s; pipespeed 1% slower than warm, per round.
  const rates = { pipespeed: [0.99, 1.98, 0.99], program: [1, 2, 1], cold: [1 / 1.004, 2 / 1.004, 1 / 1.004] };
  const results = {
    seed: 1,
    cases: members.map((m, i) => {
      const values = [rates.pipespeed, rates.program, rates.cold][i];
      return {
        ...m,
        samples: values.map((v, r) => sample(r, v, 1 / v)),
        failures: [],
        stats: null,
        warnings: [],
      } as unknown as CaseResult;
    }),
  } as unknown as Results;
  const [row] = referenceRatios(results, 0.98);
  assert(Math.abs(row.paired!.ratio - 0.99) < 1e-9, JSON.stringify(row.paired));
  assertEquals(row.verdict, "met");
  assert(Math.abs(row.window!.ratio - 1 / 1.004) < 1e-9, JSON.stringify(row.window));
  assert(Math.abs(row.startupMs! - 4) < 1e-6, `${row.startupMs}`);
});

async function buildAdapter(dir: string): Promise<string> {
  const built = await new Deno.Command("cc", { args: ["-O2", "-o", `${dir}/adapter`, ADAPTER_SOURCE] }).output();
  assert(built.success, new TextDecoder().decode(built.stderr));
  return `${dir}/adapter`;
}

Deno.test("the adapter consumes exactly the warm-up, then hands the pipe to the reader and converts its CSV", async () => {
  if (skipUnless(findProgram("cc") !== null, "no C compiler (cc) to build native/reference-reader.c")) return;
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-adapter-" });
  try {
    const adapter = await buildAdapter(dir);
    // A stand-in for the post's reader: reports the first byte it sees and its arguments.
    const reader = `${dir}/reader.sh`;
    await Deno.writeTextFile(reader, '#!/bin/sh\nfirst=$(head -c 1)\necho "2.000000,$PIPESPEED_BYTES,$first,$*"\n');
    await Deno.chmod(reader, 0o755);
    // 1000 bytes of "a" (the warm-up), then "b"s, all in the pipe in one write before the adapter reads.
    await Deno.writeTextFile(`${dir}/data`, "a".repeat(1000) + "b".repeat(5000));
    const run = async (cold: boolean) => {
      const script = `cat ${dir}/data | ` +
        `PIPESPEED_WARMUP_BYTES=1000 PIPESPEED_BYTES=4096 ${adapter} ${cold ? "--cold " : ""}-- ${reader} --x`;
      const out = await new Deno.Command("sh", { args: ["-c", script], stderr: "piped" }).output();
      return { ...out, text: new TextDecoder().decode(out.stdout), error: new TextDecoder().decode(out.stderr) };
    };
    const warm = await run(false);
    assert(warm.success, warm.error);
    const result = JSON.parse(warm.text);
    assertEquals([result.side, result.bytes, result.warmupBytes], ["reader", 4096, 1000]);
    // 2.000000 "GiB/s" in the program's units is 2e9 / 0.931323 bytes per second.
    assert(Math.abs(result.seconds - 4096 / (2 / 0.931323 * 1e9)) < 1e-12, `${result.seconds}`);
    const cold = await run(true);
    assertEquals(JSON.parse(cold.text).warmupBytes, 0);
    // The stand-in printed its first byte in the CSV's third field: the adapter checks only two.
    await Deno.writeTextFile(reader, '#!/bin/sh\necho "1.5,4096,$(head -c 1),$*" >&2\nexit 3\n');
    const failed = await run(false);
    assertEquals(failed.code, 1);
    assertIncludes(failed.error, "ended with exit code 3");
    // What the stand-in saw: the first byte after the warm-up, and the flags the adapter adds.
    await Deno.writeTextFile(reader, '#!/bin/sh\necho "first=$(head -c 1) args=$*" >&2\necho 1.0,4096\n');
    const seen = await run(false);
    assertIncludes(seen.error, "first=b args=--x --bytes_to_pipe=4096 --csv");
    assertIncludes((await run(true)).error, "first=a");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bench:native --reference post, end to end on two cases with the post's program", async () => {
  // In CI a missing compiler fails; the program's folder is not part of the repository, so its
  // absence skips (with the reason) everywhere.
  if (skipUnless(findProgram("c++") !== null && findProgram("cc") !== null, "no c++/cc to build the post's program")) {
    return;
  }
  const dir = findReferenceDir(null);
  if (dir instanceof ReferenceUnavailable) {
    console.log(`  skipped: ${dir.message}`);
    return;
  }
  const out = await Deno.makeTempDir({ prefix: "pipespeed-reference-test-" });
  try {
    const args = parseNativeArgs([
      ...["--reference", "post", "--filter", "^(write_read|vmsplice_splice)$", "--bytes", "64MiB"],
      ...["--repetitions", "2", "--no-images", "--seed", "3"],
    ]);
    const code = await benchReference({ ...args, out }, args.reference!);
    assertEquals(code, 0);
    const markdown = await Deno.readTextFile(`${out}/reference.md`);
    for (const name of ["write_read", "vmsplice_splice"]) {
      const row = markdown.split("\n").find((line) => line.startsWith(`| ${name} |`));
      assert(row !== undefined, `no row for ${name}:\n${markdown}`);
      assertIncludes(markdown, `- ${name}: \`write `);
    }
    const results: Results = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
    const rows = referenceRatios(results, 0.98);
    assertEquals(rows.map((r) => r.name), ["write_read", "vmsplice_splice"]);
    for (const r of rows) {
      for (const ratio of [r.paired!.ratio, r.ratio!.ratio, r.window!.ratio, r.againstCold!.ratio]) {
        assert(Number.isFinite(ratio) && ratio > 0, `${r.name}: ${ratio}`);
      }
      assertEquals(r.paired!.pairs, 2);
      assertEquals(r.bytes, 64 << 20);
    }
    // With vmsplice both sides saw the program's pipe: half of 256 KiB.
    assertEquals(rows[1].pipeSize, { pipespeed: 131072, program: 131072 });
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
