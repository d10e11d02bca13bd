/**
 * `check-noise` end to end, small: two tiny runs of two cases through the real CLI (in turns),
 * compared; a threshold no noise can cross gives no false verdict and exit 0.
 */
import type { Results } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("check-noise: the same plan twice (same seed), compared; no false verdict: exit 0", async () => {
  const out = await Deno.makeTempDir({ prefix: "pipespeed-aa-" });
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${ROOT}cli.ts`,
      "check-noise",
      "blog",
      "--filter",
      "^(write_read|vmsplice_splice)$",
      "--bytes",
      "8MiB",
      "--duration",
      "0",
      "--repetitions",
      "3",
      "--warmup",
      "0",
      "--warmup-bytes",
      "4MiB",
      "--schedule",
      "turns",
      "--threshold",
      "90%",
      "--no-report",
      "--quiet",
      "--out",
      out,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(stdout);
  assertEquals(code, 0, `${text}\n${new TextDecoder().decode(stderr)}`);
  assertIncludes(text, "A/A: no false verdict over 2 case(s)");
  const [a, b] = ["a", "b"].map((name): Results => JSON.parse(Deno.readTextFileSync(`${out}/${name}/results.json`)));
  assertEquals(a.seed, b.seed, "one seed: the same plan twice");
  assertEquals(a.cases.map((c) => c.samples.length), [3, 3]);
  assert(a.cases.every((c) => c.params.schedule === "turns"));
  Deno.statSync(`${out}/compare/compare.html`);
});
