/**
 * The command line as a user types it, through `deno task` (its scoped permissions included): the
 * flags that set a field in every case, `list` of the library, `--color`, and the messages of a
 * mistyped option, no command, an unreadable file.
 */
import { checkResults } from "../../model/results-schema.ts";
import type { Results } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";
import { denoTask, exists, ROOT } from "./_deno-task.ts";

const MiB = 1024 * 1024;
const ESCAPE = "\x1b[";

const task = denoTask;

async function withTempDir(use: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-flags-" });
  try {
    await use(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the example of issue 13 runs one sample of one case, of the size asked, and records the flags", async () => {
  await withTempDir(async (dir) => {
    const args = ["--filter", "^vmsplice_splice$", "--repetitions", "1", "--warmup", "0", "--bytes", "64MiB"];
    const { code, stdout, stderr } = await task("bench", [...args, "--duration", "0", "--no-report", "--out", dir]);
    assertEquals(code, 0, stderr);
    assertIncludes(stderr, "[1/1] blog/vmsplice_splice: ", "one run, no warm-up run");
    assertIncludes(stdout, "vmsplice_splice");
    const results: Results = JSON.parse(await Deno.readTextFile(`${dir}/results.json`));
    assert(checkResults(results).ok, "results.json keeps its schema");
    assertEquals(results.cases.map((c) => c.id), ["blog/vmsplice_splice"]);
    const bytes = results.cases[0].samples.map((s) => s.bytes);
    assert(bytes.length === 1 && bytes[0] >= 64 * MiB && bytes[0] < 64 * MiB + 256 * 1024, `measured ${bytes}`);
    assertEquals(results.options.overrides, { bytes: 64 * MiB, duration: 0, repetitions: 1, warmup: 0 });
  });
});

Deno.test("--quick then the flags: explicit flags win over the quick form", async () => {
  await withTempDir(async (dir) => {
    const args = ["--quick", "--repetitions", "2", "--bytes", "16MiB", "--filter", "^write_read$", "--no-report"];
    const { code, stdout, stderr } = await task("bench", [...args, "--out", dir, "--color", "always"]);
    assertEquals(code, 0, stderr);
    const results: Results = JSON.parse(await Deno.readTextFile(`${dir}/results.json`));
    const bytes = results.cases[0].samples.map((s) => s.bytes);
    assert(bytes.length === 2 && bytes.every((b) => b >= 16 * MiB && b < 16 * MiB + 256 * 1024), `two runs: ${bytes}`);
    assertEquals(results.cases[0].params.warmup, 0, "what no flag sets keeps the quick form");
    assertEquals(results.options.quick, true);
    assertIncludes(stdout, ESCAPE, "--color always colours the table although NO_COLOR is set");
  });
});

Deno.test("a bad flag value is refused like the scenario field, naming the flag: exit 2, nothing run", async () => {
  await withTempDir(async (dir) => {
    const cases: [string[], string][] = [
      [["--bytes", "x"], "--bytes: `x` is not a size; write a whole number of bytes"],
      [["--repetitions", "0"], "--repetitions: expected a whole number from 1 to 10000"],
      [["--duration", "2h"], "--duration: `2h` is above the 1h limit per run"],
      [["--pipe-size", "1KiB"], "--pipe-size: 1KiB is below the smallest pipe"],
      [["--warmup", "-1"], "--warmup: expected a whole number from 0 to 10000"],
      // The case rules, checked again once the flags are applied.
      [["--pipe-size", "4KiB"], "--pipe-size 4KiB: `writer: vmsplice` sets the pipe size itself"],
      [["--bytes", "0", "--duration", "0"], "--bytes 0B: a run needs an end"],
      [["--warmup-bytes", "3"], "--warmup-bytes: 3B is less than one buffer of blog/write_read (256KiB)"],
      [["--resume", dir, "--bytes", "1MiB"], "--resume takes the plan from the journal"],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await task("bench", [...args, "--out", `${dir}/out`, "--no-report"]);
      assertEquals(code, 2, `${args.join(" ")}: ${stderr}`);
      assertIncludes(stderr, message, args.join(" "));
      assert(!stderr.includes("    at "), `no stack trace: ${stderr}`);
      assert(!exists(`${dir}/out`), `${args.join(" ")}: nothing written`);
    }
    const { stderr } = await task("bench", ["--pipe-size", "4KiB", "--no-report", "--out", `${dir}/out`]);
    assertIncludes(stderr, "`blog/vmsplice_read`", "the broken rule names its cases");
    assertIncludes(stderr, "error: 1 problem with the flags; nothing was run");
  });
});

Deno.test("--pipe-size null is the kernel default, as in a scenario file; a size sets every case's pipe", async () => {
  await withTempDir(async (dir) => {
    const args = ["--filter", "^write_read$", "--quick", "--bytes", "4MiB", "--pipe-size", "128KiB", "--no-report"];
    const { code, stderr } = await task("bench", [...args, "--out", dir]);
    assertEquals(code, 0, stderr);
    const results: Results = JSON.parse(await Deno.readTextFile(`${dir}/results.json`));
    assertEquals(results.cases[0].params.pipeSize, 128 * 1024);
    const { code: nullCode, stderr: nullError } = await task("bench", [
      ...args.slice(0, -3),
      "--pipe-size",
      "null",
      "--no-report",
      "--out",
      `${dir}/null`,
    ]);
    assertEquals(nullCode, 0, nullError);
    const kernel: Results = JSON.parse(await Deno.readTextFile(`${dir}/null/results.json`));
    assertEquals(kernel.cases[0].params.pipeSize, null);
  });
});

Deno.test("a mistyped option: one line and the near miss, no help page, exit 2", async () => {
  const { code, stdout, stderr } = await task("pipespeed", ["run", "--repetiton", "3"]);
  assertEquals(code, 2);
  assertEquals(stdout, "");
  assertEquals(stderr.trim().split("\n"), ["error: unknown option '--repetiton'", "(Did you mean --repetitions?)"]);
});

Deno.test("no command: the usage on stderr, exit 2", async () => {
  const { code, stderr } = await task("pipespeed", []);
  assertEquals(code, 2);
  assertIncludes(stderr, "Usage: pipespeed [options] [command]");
  for (const command of ["run", "list", "validate", "report", "compare", "merge", "sysinfo"]) {
    assertIncludes(stderr, `\n  ${command} `, command);
  }
});

Deno.test("list with no file shows every scenario of the library, grouped; --filter keeps cases", async () => {
  const library = [...Deno.readDirSync(`${ROOT}scenarios`)].map((e) => e.name).filter((n) => n.endsWith(".yaml"));
  const { code, stdout, stderr } = await task("pipespeed", ["list"]);
  assertEquals(code, 0, stderr);
  for (const file of library) {
    const name = file.replace(/\.yaml$/, "");
    assert(new RegExp(`^${name}  \\(\\d+ cases?, scenarios/${file}\\)$`, "m").test(stdout), `header of ${name}`);
    assert(stdout.includes(`\n  ${name}/`), `cases of ${name}, indented under it`);
  }
  const filtered = await task("pipespeed", ["list", "--filter", "^vmsplice_splice$"]);
  assertEquals(filtered.code, 0, filtered.stderr);
  const lines = filtered.stdout.split("\n").filter((line) => /^ {2}\S+\/\S+ {2}/.test(line));
  assert(lines.length >= 2, filtered.stdout);
  assert(lines.every((line) => /\/\S+\s+vmsplice_splice$/.test(line)), filtered.stdout);
  const json = await task("pipespeed", ["list", "--json", "--filter", "^blog/write_read$"]);
  assertEquals(JSON.parse(json.stdout).map((c: { id: string }) => c.id), ["blog/write_read"]);
  assertEquals((await task("pipespeed", ["list", "--filter", "zzz"])).code, 2);
});

Deno.test("--color always/never win over NO_COLOR/FORCE_COLOR", async () => {
  const always = await task("pipespeed", ["list", "blog", "--color", "always"], { env: { NO_COLOR: "1" } });
  assertIncludes(always.stdout, ESCAPE);
  const never = await task("pipespeed", ["list", "blog", "--color", "never"], {
    env: { NO_COLOR: "", FORCE_COLOR: "1" },
  });
  assertEquals(never.code, 0, never.stderr);
  assert(!never.stdout.includes(ESCAPE), never.stdout);
  const auto = await task("pipespeed", ["list", "blog"], { env: { NO_COLOR: "1" } });
  assert(!auto.stdout.includes(ESCAPE), "auto follows NO_COLOR");
  const bad = await task("pipespeed", ["list", "--color", "sometimes"]);
  assertEquals(bad.code, 2);
  assertIncludes(bad.stderr, "Allowed choices are auto, always, never");
});

Deno.test("scenario problems are counted in words: 1 problem, 2 problems", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/one.yaml`, "name: one\ncases: 3\n");
    await Deno.writeTextFile(`${dir}/two.yaml`, "name: two\ncases:\n  - {name: a, writer: wrte, reader: raed}\n");
    const one = await task("pipespeed", ["validate", `${dir}/one.yaml`]);
    assertIncludes(one.stderr, "error: 1 problem in scenario files; nothing was run");
    const two = await task("pipespeed", ["validate", `${dir}/two.yaml`]);
    assertIncludes(two.stderr, "error: 2 problems in scenario files; nothing was run");
    assertIncludes((await task("pipespeed", ["validate", "blog"])).stdout, "ok: 1 scenario, 7 cases");
  });
});

Deno.test("a glob under deno task's scoped --allow-read expands (it used to need read access to /)", async () => {
  const { code, stdout, stderr } = await task("pipespeed", ["list", "--json", "scenarios/[!b]*.yaml"]);
  assertEquals(code, 0, stderr);
  const scenarios = new Set(JSON.parse(stdout).map((c: { scenario: string }) => c.scenario));
  assert(scenarios.has("ci") && !scenarios.has("blog") && !scenarios.has("buffer-sweep"), [...scenarios].join());
});

Deno.test("a file deno task may not read: the hint says what a task user can do", async () => {
  // Outside the project, /tmp and the folder the task starts from: /var/tmp, when it is writable here.
  let dir: string;
  try {
    dir = await Deno.makeTempDir({ dir: "/var/tmp", prefix: "pipespeed-flags-" });
  } catch {
    console.log("skipped: /var/tmp is not writable");
    return;
  }
  try {
    await Deno.copyFile(`${ROOT}scenarios/ci.yaml`, `${dir}/mine.yaml`);
    const { code, stderr } = await task("pipespeed", ["list", `${dir}/mine.yaml`]);
    assertEquals(code, 2);
    assertIncludes(stderr, `cannot read ${dir}/mine.yaml: \`deno task\` lets pipespeed read only`);
    assertIncludes(stderr, `cd ${dir} && deno task --config ${ROOT}deno.json pipespeed … mine.yaml`);
    assertIncludes(stderr, `deno run -A ${ROOT}cli.ts … ${dir}/mine.yaml`);
    assert(!stderr.includes("run again with the --allow-read flag"), stderr);
    // The first way works as the hint says.
    const fromThere = await task("pipespeed", ["list", "mine.yaml"], { cwd: dir });
    assertEquals(fromThere.code, 0, fromThere.stderr);
    assertIncludes(fromThere.stdout, "ci/write_read");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the pipespeed task's description names every command", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  for (const command of ["run", "list", "validate", "report", "compare", "merge", "sysinfo"]) {
    assertIncludes(config.tasks.pipespeed.description, command);
  }
});

Deno.test("README's field table has a row for every case field; run --help says what turns and max-time do now", async () => {
  const { FIELD_NAMES } = await import("../../model/params.ts");
  const readme = Deno.readTextFileSync(new URL("../../README.md", import.meta.url));
  const missing = FIELD_NAMES.filter((name) => !readme.includes(`| \`${name}\``));
  assertEquals(missing, [], "fields without a README row");
  assert(readme.includes("built-in `write`/`splice`/`sendfile`"), "writers: sendfile works with contention too");
  for (const file of ["latency.yaml", "latency-load.yaml"]) assert(readme.includes(`\`${file}\``), `library: ${file}`);
  const { overrideOptions } = await import("../../cli/overrides.ts");
  const help = new Map(overrideOptions().map((o) => [o.long, o.description.replace(/\s+/g, " ")]));
  assertIncludes(help.get("--schedule")!, "socket and tee sinks and latency cases are measured in runs");
  assertIncludes(help.get("--schedule")!, "a contention case refuses turns");
  assertIncludes(help.get("--max-time")!, "a round of repetitions is added only when it is expected to end within it");
  assert(!help.get("--max-time")!.includes("no repetition is added once"), help.get("--max-time")!);
  assertIncludes(help.get("--bytes")!, "every throughput case:");
});
