/**
 * The progress bar on a real pseudo-terminal (`script -qec`): it is taken down — the line cleared,
 * autowrap and the cursor given back — before the first line of the outputs, and never drawn again
 * after it (drawn after them, it erased the "wrote" line it sat on and left autowrap off while the
 * table printed, cutting long lines at the terminal's width).
 */
import { assert, assertEquals, inCi } from "../helpers.ts";
import { tinyScenario } from "../reliability/_cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const ESC = "\x1b";
/** What cli-progress writes when it draws the bar (autowrap off) and when it stops (autowrap on). */
const AUTOWRAP_OFF = `${ESC}[?7l`;
const AUTOWRAP_ON = `${ESC}[?7h`;

function hasScript(): boolean {
  try {
    return new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

const SCRIPT = hasScript();
if (!SCRIPT && !inCi) console.log("progress tty tests skipped: `script` (util-linux) not found");

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** `cli.ts args` on a pseudo-terminal: what the terminal received (stdout and stderr, in order). */
async function onTerminal(args: string[]): Promise<{ code: number; output: string }> {
  const command = [Deno.execPath(), "run", "-A", "--no-prompt", `${ROOT}cli.ts`, ...args].map(shellQuote).join(" ");
  const { code, stdout } = await new Deno.Command("script", {
    args: ["-qec", command, "/dev/null"],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { TERM: "xterm-256color", NO_COLOR: "", CI: "" },
  }).output();
  return { code, output: new TextDecoder().decode(stdout) };
}

Deno.test({
  name: "run on a terminal: the bar is taken down before the first 'wrote' line and never drawn after",
  ignore: !SCRIPT && !inCi,
  fn: async () => {
    if (!SCRIPT) throw new Error("CI=true requires the progress tty test to run: `script` not found");
    const dir = await Deno.makeTempDir({ prefix: "pipespeed-progress-tty-" });
    try {
      const { code, output } = await onTerminal(["run", tinyScenario(dir), "--no-images", "--out", `${dir}/out`]);
      const tail = JSON.stringify(output.slice(-1500));
      assertEquals(code, 0, tail);
      const firstOutput = output.indexOf("wrote ");
      assert(firstOutput > 0, `no "wrote" line: ${tail}`);
      assert(output.lastIndexOf("runs | ETA", firstOutput) > 0, `the bar was never drawn: ${tail}`);
      const stopped = output.lastIndexOf(AUTOWRAP_ON, firstOutput);
      assert(stopped > output.lastIndexOf("runs | ETA", firstOutput), `the bar still up at "wrote": ${tail}`);
      const after = output.slice(firstOutput);
      assert(!after.includes("runs | ETA") && !after.includes(AUTOWRAP_OFF), `the bar drawn after "wrote": ${tail}`);
      // The outputs reach the terminal whole: the table, then where they are.
      assert(after.includes("GiB/s (median)") && after.includes("results: "), tail);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
