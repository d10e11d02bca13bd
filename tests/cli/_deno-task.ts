/**
 * Running pipespeed's tasks from tests as a user runs them: `deno task <task> args…` with the
 * task's own scoped permissions, without the `INIT_CWD` of a task the tests may themselves run
 * under (`deno task test`), which the child would keep.
 */

/** The project's folder, with a trailing slash. */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** `deno task <task> args…` from `cwd` (default: the project), with `NO_COLOR` set. */
export async function denoTask(
  task: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const inherited = Object.entries(Deno.env.toObject()).filter(([name]) => name !== "INIT_CWD");
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "--config", `${ROOT}deno.json`, task, ...args],
    cwd: options.cwd ?? ROOT,
    clearEnv: true,
    env: { ...Object.fromEntries(inherited), NO_COLOR: "1", ...options.env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** Whether anything is at `path`. */
export function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
