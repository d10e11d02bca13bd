/**
 * `cpus` on a CPU this process may not run on: a located error at `cpus.writer`/`cpus.reader`
 * (file:line, the allowed CPUs) and exit 2 before anything runs — not a scenario that validates and
 * then fails every run (and the calibration) with EINVAL. Contention cases pin only the named two;
 * their other endpoints go to the other allowed CPUs, so sharing CPUs is no error.
 */
import { allowedCpus } from "../../ffi/cpu.ts";
import { withDefaults } from "../../model/params.ts";
import { caseRuleViolations, parseScenario } from "../../scenario/scenario.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const ALLOWED = allowedCpus();
/** A CPU number this process may not run on. */
const MISSING = Math.max(...ALLOWED) + 1;

const SCENARIO = `name: pinned
cases:
  - name: wr
    writer: write
    reader: read
    bytes: 4MiB
    repetitions: 1
    warmup: 0
    cpus: {writer: ${MISSING}, reader: ${ALLOWED[0]}}
  - name: contended
    writer: write
    reader: read
    writers: 3
    bytes: 4MiB
    repetitions: 1
    warmup: 0
    cpus:
      writer: ${ALLOWED[0]}
      reader: ${MISSING}
`;

Deno.test("cpus: a CPU outside the allowed ones is a problem at cpus.writer / cpus.reader, with the allowed CPUs", () => {
  const { problems } = parseScenario(SCENARIO, "pinned.yaml", { allowedCpus: [0, 1] });
  assertEquals(problems.map((p) => [p.path, p.line]), [["cases[0].cpus.writer", 9], ["cases[1].cpus.reader", 19]]);
  assertIncludes(problems[0].message, `the writer's CPU ${MISSING} is not available: this process may run on CPUs 0-1`);
  assertIncludes(problems[1].message, "(case `contended`)");
  // Without the machine's CPUs (list, or unknown): no such check.
  assertEquals(parseScenario(SCENARIO, "pinned.yaml", {}).problems, []);
  assertEquals(parseScenario(SCENARIO, "pinned.yaml", { allowedCpus: [] }).problems, []);
});

Deno.test("cpus: a contention case with more endpoints than CPUs is no error (its others share the allowed CPUs)", () => {
  const params = withDefaults({
    writer: "write",
    reader: "read",
    writers: 4,
    readers: 4,
    cpus: { writer: 0, reader: 1 },
  });
  assertEquals(caseRuleViolations(params, { allowedCpus: [0, 1] }), []);
  assertEquals(caseRuleViolations({ ...params, cpus: null }, { allowedCpus: [0] }), []);
  assertEquals(caseRuleViolations(params, { allowedCpus: [0] }).map((v) => [v.field, v.at]), [["cpus", ["reader"]]]);
});

Deno.test("cpus: validate and run refuse an unavailable CPU with exit 2, before calibrating or running", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-cpus-" });
  try {
    const file = `${dir}/pinned.yaml`;
    await Deno.writeTextFile(file, SCENARIO);
    for (const args of [["validate", file], ["run", file, "--no-report", "--out", `${dir}/out`]]) {
      const { code, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--no-prompt", `${ROOT}cli.ts`, ...args],
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output().then((o) => ({ code: o.code, stderr: new TextDecoder().decode(o.stderr) }));
      assertEquals(code, 2, `${args[0]}: ${stderr}`);
      assertIncludes(stderr, `${file}:9:`);
      assertIncludes(stderr, `cases[0].cpus.writer: the writer's CPU ${MISSING} is not available`);
      assertIncludes(stderr, `${file}:19:`);
      assertIncludes(stderr, "error: 2 problems in scenario files; nothing was run");
      assert(!stderr.includes("calibrat") && !stderr.includes("sched_setaffinity"), stderr);
    }
    assert(!(await Deno.stat(`${dir}/out`).then(() => true, () => false)), "nothing written");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
