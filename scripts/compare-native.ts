/**
 * Side-by-side measurement of pipespeed's Deno endpoints against the C yardstick
 * (`../shared/native/pipe-native.c`, or the file given with --source), interleaved in one run on
 * one machine: for every case of scenarios/blog.yaml, `--repetitions` rounds of one Deno run and
 * one C run in alternation, then the median of each and their ratio.
 *
 * The C reader times from its first read (no warm-up) and the C writer starts in a millisecond, so
 * runs are long (2 GiB for write→read, 8 GiB for vmsplice, 32 GiB busy-looping) to make start-up
 * negligible on both sides. Needs `cc`.
 *
 * Usage: deno run -A scripts/compare-native.ts [--repetitions 5] [--source path/to/pipe-native.c]
 */
import { runOnce } from "../bench/runner.ts";
import { loadScenarioFiles } from "../bench/scenario.ts";
import { median } from "../bench/stats.ts";
import type { CaseParams } from "../bench/types.ts";

const GiB = 1024 ** 3;
const args = Deno.args;
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const repetitions = Number(option("--repetitions", "5"));
const source = option("--source", new URL("../../shared/native/pipe-native.c", import.meta.url).pathname);

const dir = await Deno.makeTempDir({ prefix: "pipespeed-native-" });
const binary = `${dir}/pipe-native`;
const built = await new Deno.Command("cc", { args: ["-O2", "-o", binary, source] }).output();
if (!built.success) throw new Error(`cc failed: ${new TextDecoder().decode(built.stderr)}`);

function bytesFor(params: CaseParams): number {
  return params.busyLoop ? 32 * GiB : params.writer === "write" ? 2 * GiB : 8 * GiB;
}

function nativeCommand(params: CaseParams, bytes: number): string {
  const common = [params.hugePages ? "--huge" : "", params.busyLoop ? "--busy" : "", `--buf ${params.bufferSize}`];
  const writer = [binary, "write", params.writer === "vmsplice" ? "--vmsplice" : "", ...common, "--cpu 0"];
  const reader = [
    binary,
    "read",
    params.reader === "splice" ? "--splice" : "",
    ...common,
    "--cpu 1",
    `--bytes ${bytes}`,
  ];
  return `${writer.join(" ")} | ${reader.join(" ")}`;
}

async function runNative(params: CaseParams, bytes: number): Promise<number> {
  const out = await new Deno.Command("sh", { args: ["-c", nativeCommand(params, bytes)], stdout: "piped" }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).gibps;
}

const { cases } = await loadScenarioFiles([new URL("../scenarios/blog.yaml", import.meta.url).pathname]);
const deno: number[][] = cases.map(() => []);
const native: number[][] = cases.map(() => []);
for (let round = 0; round < repetitions; round++) {
  for (const [i, c] of cases.entries()) {
    const params = { ...c.params, bytes: bytesFor(c.params), duration: 0 };
    const outcome = await runOnce(params);
    if (!outcome.ok) throw new Error(`${c.id}: ${outcome.failure.reason}`);
    deno[i].push(outcome.sample.gibPerSecond);
    native[i].push(await runNative(params, params.bytes));
  }
  console.error(`round ${round + 1}/${repetitions} done`);
}

console.log("| case | Deno GiB/s (median) | C GiB/s (median) | Deno / C |");
console.log("|---|---:|---:|---:|");
for (const [i, c] of cases.entries()) {
  const d = median(deno[i]);
  const n = median(native[i]);
  console.log(`| ${c.name} | ${d.toFixed(2)} | ${n.toFixed(2)} | ${(d / n).toFixed(2)} |`);
}
console.error(JSON.stringify({ deno, native }));
await Deno.remove(dir, { recursive: true });
