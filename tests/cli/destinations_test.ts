/**
 * Output destinations through `deno task` (its scoped permissions included): `--out` and every
 * `--export-*` are checked before anything runs — a path the task may not write, a folder that is
 * not there, a folder given for a file, an empty path — exit 2, with what a task user can do
 * instead of Deno's "run again with the --allow-read flag" (which they cannot).
 */
import { assert, assertEquals, assertIncludes } from "../helpers.ts";
import { denoTask, exists, ROOT } from "./_deno-task.ts";
import { tinyScenario } from "../reliability/_cli.ts";

/** Outside the project, /tmp and the folder the task starts from: the task may not write there. */
const OUTSIDE = "/nonexistent-pipespeed-out";

/** `deno task pipespeed args…` from the project, as a user runs it. */
const pipespeed = (args: string[]) => denoTask("pipespeed", args);

/** Runs `run` of a one-run scenario with `flags`; expects exit 2 before anything ran; returns stderr. */
async function refusedRun(dir: string, flags: string[]): Promise<string> {
  const out = `${dir}/out`;
  const { code, stderr } = await pipespeed(["run", tinyScenario(dir, 1), "--no-report", "--out", out, ...flags]);
  assertEquals(code, 2, `${flags.join(" ")}: ${stderr}`);
  assert(!exists(out), `${flags.join(" ")}: the output folder was made, so the check came late: ${stderr}`);
  assert(!stderr.includes("run again with the --allow"), `Deno's hint, which a task user cannot follow: ${stderr}`);
  assert(!/^\s+at /m.test(stderr), stderr);
  return stderr;
}

Deno.test("run: every output destination is checked before anything runs, exit 2, with what a task user can do", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-destinations-" });
  try {
    for (const flag of ["--export-csv", "--export-markdown", "--export-json", "--export-jsonl"]) {
      const stderr = await refusedRun(dir, [flag, `${OUTSIDE}/x.out`]);
      assertIncludes(stderr, `error: ${flag} ${OUTSIDE}/x.out: cannot write: \`deno task\` lets pipespeed write only`);
      assertIncludes(stderr, `cd ${OUTSIDE} && deno task --config ${ROOT}deno.json pipespeed … x.out`);
      assertIncludes(stderr, `deno run -A ${ROOT}cli.ts … ${OUTSIDE}/x.out`);
    }
    const action = await refusedRun(dir, ["--export-benchmark-action", `${OUTSIDE}/bench.json`]);
    assertIncludes(action, `--export-benchmark-action ${OUTSIDE}/bench.json: cannot write`);

    const missing = await refusedRun(dir, ["--export-csv", `${dir}/nonexist/x.csv`]);
    assertIncludes(
      missing,
      `--export-csv ${dir}/nonexist/x.csv: cannot write: the folder ${dir}/nonexist does not exist`,
    );
    const folder = await refusedRun(dir, ["--export-json", dir]);
    assertIncludes(folder, `--export-json ${dir}: cannot write: it is a folder`);
    assertIncludes(await refusedRun(dir, ["--export-jsonl", ""]), "--export-jsonl: an empty path");

    // The last --out wins: the folder refused is this one.
    const out = await refusedRun(dir, ["--out", `${OUTSIDE}/run`]);
    assertIncludes(out, `error: --out ${OUTSIDE}/run: cannot write: \`deno task\` lets pipespeed write only`);
    assertIncludes(out, `cd ${OUTSIDE} && deno task --config ${ROOT}deno.json pipespeed … run`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--out '' is a usage error (it used to fall back to results/<time>-<host>/), for run, check-noise and ab", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-destinations-" });
  try {
    const before = exists(`${ROOT}results`) ? [...Deno.readDirSync(`${ROOT}results`)].length : 0;
    const scenario = tinyScenario(dir, 1);
    for (const args of [["run"], ["check-noise"], ["ab", "--base", "HEAD"]]) {
      const { code, stderr } = await pipespeed([...args, scenario, "--quick", "--no-images", "--out", ""]);
      assertEquals(code, 2, `${args[0]}: ${stderr}`);
      assertIncludes(stderr, "error: --out: an empty path; give a folder, or leave --out out for the default");
    }
    const after = exists(`${ROOT}results`) ? [...Deno.readDirSync(`${ROOT}results`)].length : 0;
    assertEquals(after, before, "nothing written under results/");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
