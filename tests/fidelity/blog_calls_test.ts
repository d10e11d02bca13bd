/**
 * Call-level fidelity: each case of scenarios/blog.yaml, run with pipespeed's endpoints (the Deno
 * ones, and the C ones of `bench:native`), makes the calls the post's program makes for the same
 * case of its `measure.py`. All run under
 * `strace -ff -e trace=read,write,vmsplice,splice`, pinned as `measure.py` pins (writer on CPU 0,
 * reader on CPU 1), and the histograms of (call, requested length, returned length) of each side
 * are compared (tests/fidelity/strace.ts says how, and what timing is allowed to change).
 *
 * Same bytes on both: pipespeed moves its 32 MiB warm-up and then 256 MiB; the program is given
 * the sum as `--bytes_to_pipe`. Start-up calls on other descriptors are not counted.
 *
 * Skipped, with the reason, without the program's source (`$PIPESPEED_REFERENCE` or
 * `shared/reference/pipes-speed-test` beside the repository or a parent folder), in CI too; without
 * `strace`, `c++` or `cc` it is skipped, except in CI where it fails.
 */
import { cpuProblem, denoEndpointArgv, findProgram, pinned, readerConfig, writerConfig } from "../../bench/runner.ts";
import { DEFAULT_WARMUP_BYTES, MIB_BYTES } from "../../model/sizes.ts";
import { loadScenarioFiles } from "../../scenario/scenario.ts";
import { nativeCommands } from "../../native/commands.ts";
import { assert, assertEquals, skipUnless, withNativeEndpoint } from "../helpers.ts";
import { buildProgram, MEASURE_CASES, measureFlags, REFERENCE_ENV, referenceFolder } from "./post_program.ts";
import {
  allCalls,
  compareSides,
  histogram,
  mainWriterBuffers,
  type Side,
  straceArgv,
  type TracedRun,
  traceRun,
} from "./strace.ts";

const MEASURED_BYTES = 256 * MIB_BYTES;
const TIMEOUT_MS = 60_000;
const BLOG = new URL("../../scenarios/blog.yaml", import.meta.url).pathname;

/** Both sides' histograms next to each other, most frequent first (the test's log). */
function table(name: string, side: Side, runs: Record<string, TracedRun>): string {
  const counts = Object.values(runs).map((run) => histogram(allCalls(run[side])));
  const keys = [...new Set(counts.flatMap((h) => [...h.keys()]))]
    .sort((x, y) => Math.max(...counts.map((h) => h.get(y) ?? 0)) - Math.max(...counts.map((h) => h.get(x) ?? 0)));
  const rows = keys.slice(0, 12).map((key) =>
    `    ${counts.map((h) => String(h.get(key) ?? 0).padStart(6)).join(" ")}  ${key}`
  );
  const more = keys.length > 12 ? [`    … ${keys.length - 12} more`] : [];
  return [`  ${name} ${side} (${Object.keys(runs).join(", ")}):`, ...rows, ...more].join("\n");
}

Deno.test("fidelity: blog.yaml's cases make the calls of the post's program (strace histograms)", async () => {
  const folder = referenceFolder();
  if (folder === null) {
    // Not a tool that CI can install: the program's source is not part of this repository.
    console.log(`  skipped: the post's program is not here (set ${REFERENCE_ENV} to its folder)`);
    return;
  }
  const strace = findProgram("strace");
  if (skipUnless(strace !== null, "no strace to trace the calls")) return;
  if (skipUnless(findProgram("c++") !== null, "no c++ to build the post's program")) return;

  await withNativeEndpoint(async (native) => {
    const dir = await Deno.makeTempDir({ prefix: "pipespeed-fidelity-" });
    try {
      const program = await buildProgram(folder, dir);
      const { cases } = await loadScenarioFiles([BLOG]);
      assertEquals(cases.map((c) => c.name), [...MEASURE_CASES], "blog.yaml has measure.py's cases");
      const problems: string[] = [];
      for (const c of cases) {
        const params = { ...c.params, bytes: MEASURED_BYTES, duration: 0 };
        const cpus = cpuProblem(params.cpus) === null ? params.cpus : null;
        const run = async (tag: string, writer: string[], reader: string[]) => {
          const out = `${dir}/${c.name}-${tag}`;
          await Deno.mkdir(out);
          return await traceRun(
            pinned([...straceArgv(strace!, `${out}/w`), ...writer], cpus?.writer),
            pinned([...straceArgv(strace!, `${out}/r`), ...reader], cpus?.reader),
            out,
            TIMEOUT_MS,
          );
        };
        const flags = measureFlags(c.name, DEFAULT_WARMUP_BYTES + MEASURED_BYTES);
        const theirs = await run("program", [program.write, ...flags], [program.read, ...flags]);
        // strace is the endpoints' parent here, not the runner: no parent check.
        const deno = await run(
          "deno",
          denoEndpointArgv("writer", { ...writerConfig(params, DEFAULT_WARMUP_BYTES), parentPid: undefined }),
          denoEndpointArgv("reader", { ...readerConfig(params, DEFAULT_WARMUP_BYTES), parentPid: undefined }),
        );
        const cArgv = nativeCommands(native, params);
        const runs = { deno, c: await run("c", cArgv.writer, cArgv.reader), program: theirs };
        const raced = Object.values(runs).map((r) => mainWriterBuffers(r.writer).raced);
        console.log(`  ${c.name}: buffers sent in another sequence (timing): ${raced.join(", ")}`);
        for (const side of ["writer", "reader"] as const) {
          console.log(table(c.name, side, runs));
          for (const ours of ["deno", "c"] as const) {
            const allowance = Math.max(mainWriterBuffers(runs[ours].writer).raced, raced[2]);
            problems.push(
              ...compareSides(side, runs[ours][side], theirs[side], allowance).map((p) => `${c.name} (${ours}): ${p}`),
            );
          }
        }
      }
      assert(problems.length === 0, `the calls differ:\n${problems.join("\n")}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});
