/**
 * The real `deno task` commands on a pseudo-terminal (`script -qec`), with Chromium present: no
 * command may stop at a permission prompt (Deno prompts only on a terminal, so piped tests never
 * saw it), and each must finish, write its images and print its table.
 */
import { findChromium } from "../../reports/images.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const IN_CI = Deno.env.get("CI") === "true";
/** Long enough for a quick run and a Chromium start on a slow VM; a prompt waits forever. */
const TIMEOUT_MS = 180_000;

function hasScript(): boolean {
  try {
    return new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

const CHROMIUM = findChromium();
const MISSING = !hasScript()
  ? "`script` (util-linux) not found"
  : CHROMIUM === null
  ? "no Chromium found (install with scripts/install-chromium.sh): the prompt came from the image export"
  : null;
if (MISSING !== null && !IN_CI) console.log(`terminal tests skipped: ${MISSING}`);

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Runs `deno task <args>` on a pseudo-terminal; kills it (and fails) after {@link TIMEOUT_MS}. */
async function onTerminal(args: string[]): Promise<{ code: number; output: string }> {
  const command = [Deno.execPath(), "task", ...args].map(shellQuote).join(" ");
  const child = new Deno.Command("script", {
    args: ["-qec", command, "/dev/null"],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    // A terminal with colours, as a user has it.
    env: { TERM: "xterm-256color", NO_COLOR: "", CI: "" },
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // script runs the command in its own session: end the whole of it.
    new Deno.Command("pkill", { args: ["-KILL", "-s", String(child.pid)] }).outputSync();
    child.kill("SIGKILL");
  }, TIMEOUT_MS);
  const { code, stdout, stderr } = await child.output();
  clearTimeout(timer);
  const output = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  assert(!output.includes("Deno requests"), `a permission prompt appeared:\n${output.slice(-1500)}`);
  assert(
    !timedOut,
    `deno task ${args.join(" ")} did not finish within ${TIMEOUT_MS / 1000} s:\n${output.slice(-1500)}`,
  );
  return { code, output };
}

function terminalTest(name: string, fn: (dir: string) => Promise<void>): void {
  Deno.test({
    name,
    ignore: MISSING !== null && !IN_CI,
    fn: async () => {
      if (MISSING !== null) throw new Error(`CI=true requires the terminal tests to run: ${MISSING}`);
      const dir = await Deno.makeTempDir({ prefix: "pipespeed-tty-" });
      try {
        await fn(dir);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

function images(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
}

terminalTest(
  "on a terminal with Chromium: bench --quick, report, compare and merge finish without a prompt",
  async (dir) => {
    const run = await onTerminal(["bench", "--quick", "--seed", "5", "--out", `${dir}/run`]);
    assertEquals(run.code, 0, `bench exit code; output:\n${run.output.slice(-1500)}`);
    assertIncludes(run.output, "busy_loop_huge", "the result table");
    assertIncludes(run.output, "images to", "the image export");
    assert(images(`${dir}/run/charts`).some((name) => name.endsWith(".png")), "PNG charts written");

    const report = await onTerminal(["pipespeed", "report", `${dir}/run/results.json`, "--out", `${dir}/report`]);
    assertEquals(report.code, 0, `report exit code; output:\n${report.output.slice(-1500)}`);
    assert(images(`${dir}/report/charts`).some((name) => name.endsWith(".svg")), "SVG charts written by report");

    const results = `${dir}/run/results.json`;
    const compare = await onTerminal(["pipespeed", "compare", results, results, "--out", `${dir}/compare`]);
    assertEquals(compare.code, 0, `compare exit code; output:\n${compare.output.slice(-1500)}`);
    assertIncludes(compare.output, "vmsplice_splice", "the compare table");

    const merge = await onTerminal(["pipespeed", "merge", results, results, "--out", `${dir}/merge`]);
    assertEquals(merge.code, 0, `merge exit code; output:\n${merge.output.slice(-1500)}`);
    assert(Deno.statSync(`${dir}/merge/report.html`).isFile, "the merged report written");
  },
);

Deno.test("every deno task that runs Deno passes --no-prompt, and so does every Deno child the code spawns", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)) as {
    tasks: Record<string, { command: string }>;
  };
  for (const [name, task] of Object.entries(config.tasks)) {
    for (const invocation of task.command.matchAll(/\bdeno (run|test)\b[^&|;]*/g)) {
      assertIncludes(invocation[0], "--no-prompt", `task ${name}`);
    }
  }
  // Code that starts Deno itself: the image-export child, the test runner, the runner's endpoints.
  for (const file of ["reports/images.ts", "scripts/test.ts", "bench/_launch.ts"]) {
    assertIncludes(await Deno.readTextFile(`${ROOT}${file}`), '"--no-prompt"', file);
  }
});
