/**
 * Runs the test suite (`deno test` with the permissions the tests need), streams its output,
 * and ends with one plain line `N passed, N failed` that CI can read. Exits non-zero on failure.
 *
 * Usage: deno task test [deno test args, e.g. a file or --filter NAME]
 */
const TEST_FLAGS = [
  "test",
  "--allow-ffi",
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
  "--allow-sys",
  "--allow-net=127.0.0.1",
];

const args = Deno.args.length > 0 ? Deno.args : ["tests/"];
const child = new Deno.Command(Deno.execPath(), {
  args: [...TEST_FLAGS, ...args],
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
const passed = summary ? Number(summary[1]) : 0;
let failed = summary ? Number(summary[2]) : 0;
if (code !== 0 && failed === 0) failed = 1; // a crash or type error before any test ran
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(code === 0 && failed === 0 ? 0 : 1);
