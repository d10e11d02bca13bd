/**
 * The `pipespeed` command line: `run`, `check-noise`, `list`, `validate`, `report`, `compare`, `ab`,
 * `merge`, `sysinfo`. This file only wires commander to the actions in `cli/`, which return exit codes.
 * `run`'s flags that set a case field in every case (`--bytes`, `--repetitions`...) come from the
 * fields' table (cli/overrides.ts).
 *
 * Exit codes: 0 success; 1 some run failed; 2 usage or validation error (nothing ran);
 * 130 interrupted by Ctrl-C (what completed is written).
 *
 * @module
 */
import { Command, CommanderError, Option } from "@commander-js/extra-typings";
import { abAction, DEFAULT_AB_THRESHOLD } from "./cli/ab.ts";
import pc from "picocolors";
import config from "./deno.json" with { type: "json" };
import { parseInteger, parseTimeout, UsageError } from "./cli/args.ts";
import { COLOR_CHOICES, setColor } from "./cli/color.ts";
import { compareAction, mergeAction } from "./cli/compare.ts";
import { listAction, sysinfoAction, validateAction } from "./cli/inspect.ts";
import { reportAction } from "./cli/report.ts";
import { withOverrideOptions } from "./cli/overrides.ts";
import { runAction } from "./cli/run.ts";
import { checkNoiseAction } from "./cli/check-noise.ts";
import { OutputError } from "./model/write-file.ts";

/** The commander program; each action hands its exit code to `done`. */
function program(done: (code: number) => void): Command {
  const program = new Command()
    .name("pipespeed")
    .description("How fast are Linux pipes on this machine, and why? Declarative scenarios, real syscalls, reports.")
    .version(config.version)
    .addOption(
      new Option("--color <when>", "colours: auto (a terminal, without NO_COLOR), always or never")
        .choices(COLOR_CHOICES).default("auto" as const),
    )
    // A mistyped option gets one line and the near miss ("Did you mean --bytes?"), not the whole help.
    .showSuggestionAfterError()
    .exitOverride()
    .hook("preAction", (command) => setColor(command.opts().color));

  withOverrideOptions(
    program.command("run")
      .description("run scenario files (default: scenarios/blog.yaml) and write results and a report")
      .argument("[files...]", "scenario files or globs")
      .option("-o, --out <dir>", "output folder (default: results/<UTC time>-<host>)")
      .option("--quick", "smoke mode: 64 MiB per run, one repetition, no warm-up runs (flags below win over it)"),
  )
    .option("--filter <regex>", "only cases whose id or name matches")
    .option("--seed <n>", "seed of the run order and the bootstrap (default: random)", parseInteger("--seed"))
    .option("--timeout <seconds>", "kill a run after this long (default: from the case's size)", parseTimeout)
    .option(
      "--warmup-bytes <size>",
      "bytes moved before the reader's clock starts, at least one buffer (default 32MiB)",
    )
    .option("--no-images", "skip the static SVG/PNG chart export")
    .option("--no-report", "skip report.html and summary.md")
    .option(
      "--trace-fast-path",
      "diagnostic: record which measured bytes went through V8's fast FFI path (slows the calls; do not quote)",
    )
    .option("-q, --quiet", "print only the final table")
    .option("--json", "print results.json to stdout instead of the table")
    .option("--export-csv <file>", "also write one CSV row per sample (columns named as the JSON fields)")
    .option("--export-markdown <file>", "also write the summary's tables (throughput, latency) as Markdown")
    .option("--export-json <file>", 'also write one JSON document: {"runId", "results": [one object per case]}')
    .option("--export-jsonl <file>", "also write the same objects as JSON Lines, one per case")
    .option(
      "--export-benchmark-action <file>",
      "also write github-action-benchmark customBiggerIsBetter JSON (latency cases: customSmallerIsBetter, " +
        "p50 and p99 in µs, in <file>-latency.json beside it); a file with no entry is not written",
    )
    .option(
      "--resume <dir>",
      "finish an interrupted run from <dir>/journal.ndjson: its plan and the commands stored in it, not the files",
    )
    .option("--no-retry-failed", "with --resume: keep failed runs as failed (default: retry each, 3 attempts at most)")
    .option("--profile", "record one measured run per case with perf (cpu-clock, call chains) on the pinned CPUs")
    .option("--recalibrate", "measure the calibration probes again instead of taking this boot's cached ones")
    .action(async (files, options) => done(await runAction(files, options)));

  withOverrideOptions(
    program.command("check-noise")
      .description("A/A check: run the same plan twice and compare; any slower/faster verdict is a false one (exit 1)")
      .argument("[files...]", "scenario files or globs")
      .option(
        "-o, --out <dir>",
        "output folder: <dir>/a, <dir>/b, <dir>/compare (default: results/<UTC time>-<host>-aa)",
      )
      .option("--quick", "smoke mode: 64 MiB per run, one repetition, no warm-up runs (flags below win over it)"),
  )
    .option("--filter <regex>", "only cases whose id or name matches")
    .option("--seed <n>", "seed of both runs' order and bootstrap (default: random)", parseInteger("--seed"))
    .option("--timeout <seconds>", "kill a run after this long (default: from the case's size)", parseTimeout)
    .option(
      "--warmup-bytes <size>",
      "bytes moved before the reader's clock starts, at least one buffer (default 32MiB)",
    )
    .option("--threshold <percent>", "changes smaller than this never count (as compare)", "5%")
    .option("--no-images", "skip the static SVG/PNG chart export")
    .option("--no-report", "skip each run's report.html and summary.md")
    .option("-q, --quiet", "print only the tables")
    .action(async (files, options) => done(await checkNoiseAction(files, options)));

  program.command("list")
    .description("print the cases the scenario files expand to (default: every scenario of the library)")
    .argument("[files...]", "scenario files or globs")
    .option("--filter <regex>", "only cases whose id or name matches")
    .option("--json", "an array of {id, name, scenario, params} (sizes in bytes, durations in seconds)")
    .action(async (files, options) => done(await listAction(files, options)));

  program.command("validate")
    .description("check scenario files; report every problem as file:line:column: path: message")
    .argument("<files...>", "scenario files or globs")
    .action(async (files) => done(await validateAction(files)));

  program.command("report")
    .description("re-render report.html, summary.md and charts from results files (no benchmark runs)")
    .argument("[results...]", "results.json files")
    .option("-o, --out <dir>", "output folder (default: beside each results file)")
    .option("--from-journal <dir>", "rebuild results.json from <dir>/journal.ndjson first (after a crash)")
    .option("--no-images", "skip the static SVG/PNG chart export")
    .action(async (paths, options) => done(await reportAction(paths, options)));

  program.command("compare")
    .description("compare two results files case by case: ratio of medians with CI, Mann–Whitney p, verdict")
    .argument("<base>", "results.json of the baseline")
    .argument("<current>", "results.json to judge")
    .option("--threshold <percent>", "changes smaller than this never count", "5%")
    .option("--fail-on-regression", "exit 1 when any case is significantly slower beyond the threshold")
    .option(
      "--family-wise",
      "one question over all cases: Holm–Bonferroni keeps the chance of any false verdict at 5% (ab, check-noise)",
    )
    .option("-o, --out <dir>", "where compare.html and compare.md go (default: compare/ beside <current>)")
    .option("--label-base <label>", "label of the base run (default: host and kernel)")
    .option("--label-current <label>", "label of the current run (default: host and kernel)")
    .option("--no-images", "skip the static SVG/PNG chart export")
    .action(async (base, current, options) => done(await compareAction(base, current, options)));

  withOverrideOptions(
    program.command("ab")
      .description("run the same plan against two versions, interleaved run by run, and compare them")
      .argument("[files...]", "scenario files or globs (default: scenarios/blog.yaml)")
      .option("--base <ref|folder>", "the base version: a git ref of this repository, or another checkout's folder")
      .option("--head <ref|folder>", "the version to judge (default: this working tree)")
      .option("--base-writer <command>", "external writers: the base side's command (words, or a JSON array)")
      .option("--base-reader <command>", "external readers: the base side's command (words, or a JSON array)")
      .option("-o, --out <dir>", "output folder (default: results/<UTC time>-<host>-ab)")
      .option("--threshold <percent>", "changes smaller than this never count", DEFAULT_AB_THRESHOLD)
      .option("--fail-on-regression", "exit 1 when any case is significantly slower beyond the threshold")
      .option("--quick", "smoke mode: 64 MiB per run, one repetition, no warm-up runs (flags below win over it)"),
  )
    .option("--filter <regex>", "only cases whose id or name matches")
    .option("--seed <n>", "seed of the run order and the bootstrap (default: random)", parseInteger("--seed"))
    .option("--timeout <seconds>", "kill a run after this long (default: from the case's size)", parseTimeout)
    .option("--warmup-bytes <size>", "bytes moved before the reader's clock starts, at least one buffer")
    .option("--no-images", "skip the static SVG/PNG chart export")
    .option("-q, --quiet", "print only the final table")
    .action(async (files, options) => done(await abAction(files, options)));

  program.command("merge")
    .description("one report over results from several machines, kernels or commits")
    .argument("<results...>", "results.json files")
    .requiredOption("-o, --out <dir>", "output folder")
    .option("--label <labels...>", "one label per results file, in order (default: host and kernel)")
    .option("--no-images", "skip the static SVG/PNG chart export")
    .action(async (paths, options) => done(await mergeAction(paths, options)));

  program.command("sysinfo")
    .description("print the system metadata recorded with every run, and what will make numbers noisy")
    .addOption(new Option("--json", "machine-readable"))
    .action(async (options) => done(await sysinfoAction(options)));

  return program;
}

/** Runs the CLI with `args`; returns the exit code (it never exits the process itself). */
export async function main(args: string[]): Promise<number> {
  let code = 0;
  try {
    await program((actionCode) => (code = actionCode)).parseAsync(args, { from: "user" });
    return code;
  } catch (error) {
    // --help and --version end with 0; a usage error, or no command at all (commander then prints
    // the help to stderr), with 2.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      console.error(pc.red("error: ") + error.message);
      return 2;
    }
    // An output that could not be written (a full disk): one line, the previous file left whole.
    if (error instanceof OutputError) {
      console.error(pc.red("error: ") + error.message);
      return 1;
    }
    console.error(pc.red("error: ") + (error instanceof Error ? error.stack ?? error.message : String(error)));
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
