/**
 * `--profile` under `schedule: turns` (blog.yaml's, the default `deno task bench`), through the
 * real CLI: a session of turns never goes through the run function the profiler wraps, so each
 * case gets its profile from one extra run after the sessions — recorded with real perf, kept out
 * of the samples, the journal and the statistics, and said so.
 */
import type { Results } from "../../../model/types.ts";
import { perfAvailable } from "../../../bench/profile/perf.ts";
import { allowedCpus } from "../../../ffi/cpu.ts";
import { assert, assertEquals, assertIncludes, skipUnless } from "../../helpers.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;

Deno.test("profile under turns: one extra run per case gives each its profile, outside the samples", async () => {
  const available = perfAvailable(Deno.uid() === 0);
  if (
    skipUnless("path" in available && allowedCpus().length >= 2, "reason" in available ? available.reason : "two CPUs")
  ) {
    return;
  }
  const out = await Deno.makeTempDir({ prefix: "pipespeed-profile-turns-" });
  try {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        `${ROOT}cli.ts`,
        "run",
        "blog",
        "--filter",
        "^(write_read|vmsplice_splice)$",
        "--bytes",
        "16MiB",
        "--duration",
        "0",
        "--repetitions",
        "2",
        "--warmup",
        "0",
        "--warmup-bytes",
        "4MiB",
        "--schedule",
        "turns",
        "--profile",
        "--no-images",
        "--out",
        out,
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const [text, errors] = [stdout, stderr].map((bytes) => new TextDecoder().decode(bytes));
    assertEquals(code, 0, `${text}\n${errors}`);
    const results: Results = JSON.parse(Deno.readTextFileSync(`${out}/results.json`));
    assertEquals(results.cases.map((c) => c.name), ["write_read", "vmsplice_splice"]);
    const planned = new Set<number>();
    for (const c of results.cases) {
      assert(c.params.schedule === "turns", `${c.name} measured in turns`);
      const profile = c.profile;
      assert(profile !== undefined, `${c.name} has a profile (warnings: ${JSON.stringify(c.warnings)})`);
      assertEquals([profile.source, profile.run], ["extra run", null]);
      assert(profile.writer !== null && profile.reader !== null, `${c.name}: both sides sampled`);
      assertEquals([profile.writer.window, profile.reader.window], ["measured", "measured"]);
      // The extra run's sample is in no statistic: the two planned repetitions only.
      assertEquals(c.samples.map((s) => s.repetition).sort(), [0, 1]);
      assertEquals(c.stats?.throughputGibPerSecond.n, 2);
      c.samples.forEach((s) => planned.add(s.run));
      assertEquals(c.warnings, []);
    }
    const journaled = Deno.readTextFileSync(`${out}/journal.ndjson`).trim().split("\n").map((line) => JSON.parse(line))
      .filter((entry) => entry.type === "sample");
    assertEquals(journaled.length, 4, "no sample journaled for the extra runs");
    assertEquals(planned.size, 4);
    assertIncludes(errors, "one extra run per case");
    assertIncludes(text, "note: profiles of the cases measured in turns: from one extra run per case");
    assertIncludes(Deno.readTextFileSync(`${out}/summary.md`), "from one extra run per case after the sessions");
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
