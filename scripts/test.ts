/**
 * Runs the test suite, streams its output, and ends with one plain line `N passed, N failed` that
 * CI can read. Exits non-zero on any failure.
 *
 * Two invocations of `deno test`: everything but the browser tests with the permissions the tests
 * need, then `tests/browser/` with `-A` (playwright-core probes /proc/sys/fs/binfmt_misc
 * when it loads, which Deno permits only with --allow-all).
 *
 * Usage: deno task test [deno test args, e.g. a file or --filter NAME]
 */
const TEST_FLAGS = [
  "--allow-ffi",
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
  "--allow-sys",
];
/** Tests that drive Chromium through playwright-core: `tests/browser/`. */
const BROWSER_TESTS = "tests/browser/";

const invocations = Deno.args.length > 0
  ? [[...TEST_FLAGS, ...Deno.args]]
  : [[...TEST_FLAGS, `--ignore=${BROWSER_TESTS}`, "tests/"], ["-A", BROWSER_TESTS]];

let passed = 0;
let failed = 0;
for (const args of invocations) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "--no-prompt", ...args],
    stdout: "piped",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).spawn();
  let tail = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    await Deno.stdout.write(chunk);
    tail = (tail + decoder.decode(chunk, { stream: true })).slice(-4096);
  }
  const { code } = await child.status;
  const summary = [...tail.matchAll(/(\d+) passed[^\n]*?\| (\d+) failed/g)].at(-1);
  passed += summary ? Number(summary[1]) : 0;
  const failures = summary ? Number(summary[2]) : 0;
  // A crash or type error before any test ran still counts as a failure.
  failed += code !== 0 && failures === 0 ? 1 : failures;
}
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(failed === 0 ? 0 : 1);
