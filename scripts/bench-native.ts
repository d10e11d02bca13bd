/**
 * `deno task bench:native`: pipespeed's Deno endpoints against the same endpoints in C
 * (`scripts/native/pipe-endpoint.c`: same syscalls, options, buffer placement and result line),
 * each step of scenarios/blog.yaml run both ways, interleaved in one plan on this machine. Prints
 * the Deno/C ratio of medians per case and writes results and a report like `run` does.
 *
 * Without a C compiler it says so and exits 0 with nothing compared.
 *
 * Usage: deno task bench:native [--quick] [--out DIR] [--seed N]
 *
 * @module
 */
import pc from "picocolors";
import { quickCase } from "../bench/plan.ts";
import { findProgram } from "../bench/runner.ts";
import { loadScenarioFiles } from "../bench/scenario.ts";
import { runSession } from "../bench/session.ts";
import { collectSystemInfo, loadAverageNow } from "../bench/system.ts";
import type { Case, CaseParams, Results } from "../bench/types.ts";
import { formatTable } from "../reports/terminal.ts";
import { writeReport } from "../reports/write.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const SOURCE = `${ROOT}scripts/native/pipe-endpoint.c`;

/** The C endpoints' argv for a case's writer and reader. */
export function nativeCommands(binary: string, params: CaseParams): { writer: string[]; reader: string[] } {
  const common = [
    ...(params.hugePages ? ["--huge"] : []),
    ...(params.busyLoop ? ["--busy"] : []),
    "--buf",
    String(params.bufferSize),
    "--offset",
    String(params.bufferOffset),
  ];
  return {
    writer: [binary, "write", ...(params.writer === "vmsplice" ? ["--vmsplice"] : []), ...common],
    reader: [
      binary,
      "read",
      ...(params.reader === "splice" ? ["--splice"] : []),
      ...common,
      "--bytes",
      String(params.bytes),
      "--min-seconds",
      String(params.duration),
    ],
  };
}

/** Each blog case twice — Deno endpoints and C endpoints — in one scenario named `native`. */
export function nativeCases(blog: Case[], binary: string, warmupBytes: number): Case[] {
  return blog.flatMap((c) => {
    const slug = c.id.slice(c.id.indexOf("/") + 1);
    const commands = nativeCommands(binary, c.params);
    commands.reader.push("--warmup", String(warmupBytes));
    return [
      { ...c, id: `native/${slug}-deno`, name: `${c.name} · Deno`, scenario: "native" },
      {
        ...c,
        id: `native/${slug}-c`,
        name: `${c.name} · C`,
        scenario: "native",
        params: { ...c.params, writer: { command: commands.writer }, reader: { command: commands.reader } },
      },
    ];
  });
}

/** `| case | Deno | C | Deno / C |` from the results of {@link nativeCases}. */
export function ratioTable(results: Results): string {
  const lines = ["| case | Deno GiB/s (median) | C GiB/s (median) | Deno / C |", "|---|---:|---:|---:|"];
  for (let i = 0; i + 1 < results.cases.length; i += 2) {
    const deno = results.cases[i].stats?.throughputGibPerSecond.median;
    const native = results.cases[i + 1].stats?.throughputGibPerSecond.median;
    const name = results.cases[i].name.replace(/ · Deno$/, "");
    const ratio = deno !== undefined && native !== undefined ? (deno / native).toFixed(3) : "—";
    lines.push(`| ${name} | ${deno?.toFixed(2) ?? "—"} | ${native?.toFixed(2) ?? "—"} | ${ratio} |`);
  }
  return lines.join("\n");
}

if (import.meta.main) {
  const args = Deno.args;
  const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const cc = findProgram("cc");
  if (cc === null) {
    console.log("no C compiler (cc) found: nothing compared. Install one (e.g. apt-get install gcc) to compare.");
    Deno.exit(0);
  }
  const system = await collectSystemInfo();
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const runId = `${stamp}-${system.hostname}-native`;
  const from = Deno.env.get("INIT_CWD");
  const out = value("--out");
  const outDir = out ? (out.startsWith("/") || !from ? out : `${from}/${out}`) : `${ROOT}results/${runId}`;
  await Deno.mkdir(outDir, { recursive: true });
  const binary = `${outDir}/pipe-endpoint`;
  const built = await new Deno.Command(cc, { args: ["-O2", "-o", binary, SOURCE] }).output();
  if (!built.success) {
    console.error(`cc failed to build ${SOURCE}:\n${new TextDecoder().decode(built.stderr)}`);
    Deno.exit(1);
  }
  const warmupBytes = 32 * 1024 * 1024;
  let { cases } = await loadScenarioFiles([`${ROOT}scenarios/blog.yaml`]);
  if (args.includes("--quick")) cases = cases.map(quickCase);
  const seed = Number(value("--seed") ?? Math.floor(Math.random() * 2 ** 31));
  if (!Number.isSafeInteger(seed) || seed < 0) {
    console.error(`--seed: expected a non-negative integer, got ${value("--seed")}`);
    Deno.exit(2);
  }
  const results = await runSession({
    cases: nativeCases(cases, binary, warmupBytes),
    scenarios: [{ name: "native", description: "blog.yaml, Deno endpoints against C endpoints", file: SOURCE }],
    outDir,
    runId,
    seed,
    options: { quick: args.includes("--quick"), filter: null },
    system,
    runOptions: { warmupBytes },
    loadAverageNow,
    events: {
      runFinished: (run, total, c, outcome) =>
        console.error(
          `[${run.index + 1}/${total}] ${c.name}: ${
            outcome.ok ? `${outcome.sample.gibPerSecond.toFixed(2)} GiB/s` : pc.red(outcome.failure.reason)
          }`,
        ),
    },
  });
  const report = await writeReport(results, outDir, { images: !args.includes("--no-images") });
  console.log("\n" + formatTable(results, { color: Deno.stdout.isTerminal() }));
  console.log("\n" + ratioTable(results));
  console.log(`\nresults: ${outDir}/results.json\nreport:  ${report.html}`);
  if (results.cases.some((c) => c.failures.length > 0)) Deno.exit(1);
}
