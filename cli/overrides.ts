/**
 * The `run` flags that set one case field in every case (hyperfine's `--runs`/`--warmup`, fio's
 * command-line form of a job option): `--pipe-size`, `--bytes`, `--duration`, `--repetitions`,
 * `--warmup`. Each derives from its field's entry in model/fields.ts (the `cli` rule): the flag is
 * the field's name in kebab case, its help is the field's description, and its value is read as a
 * scenario file would read it (a YAML scalar, then the field's own zod `input` shape), so a flag
 * accepts and refuses exactly what a scenario field does. The cases' rules are checked again once
 * the flags are applied, and so is `--warmup-bytes` against each case's buffer.
 *
 * With `--quick`, the quick form of each case comes first and the flags are applied over it:
 * explicit flags win (`--quick --repetitions 3` runs three 64 MiB repetitions).
 *
 * @module
 */
import { Option } from "@commander-js/extra-typings";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { CASE_FIELDS, type FieldSpec } from "../model/fields.ts";
import { type CaseParams, fieldFlag, type FieldName, OVERRIDABLE_FIELDS } from "../model/params.ts";
import { isLatencyCase, STREAM_FIELDS } from "../model/latency.ts";
import { formatSize } from "../model/sizes.ts";
import type { Case } from "../model/types.ts";
import { caseRuleViolations, type ScenarioContext } from "../scenario/scenario.ts";
import { UsageError } from "./args.ts";

/** The values of the override flags given, by field (absent: not given). */
export type CaseOverrides = Partial<CaseParams>;

/** The override flags as commander hands them over: checked, but as typed (see overridesOf). */
export type OverrideFlags = Partial<Record<FieldName, string>>;

function specOf(name: FieldName): FieldSpec<z.ZodType, z.ZodType> {
  return CASE_FIELDS[name] as FieldSpec<z.ZodType, z.ZodType>;
}

/** The field's description (from its `input` shape, a nullable one unwrapped), for the help. */
function fieldDescription(schema: z.ZodType): string {
  const own = schema.meta()?.description;
  if (typeof own === "string") return own;
  const inner = (schema as { unwrap?: () => z.ZodType }).unwrap?.();
  return inner === undefined ? "" : fieldDescription(inner);
}

/**
 * A flag's value as a scenario file would hold it: a YAML scalar (`3` a number, `null` null,
 * `64KiB` a string), so that the field's `input` shape judges it as it judges the file.
 */
function scalarOf(value: string): unknown {
  try {
    const read = parseYaml(value);
    return read === undefined ? value : read;
  } catch {
    return value;
  }
}

/**
 * Reads one override flag's value with its field's `input` shape.
 *
 * @throws {UsageError} `--bytes: <the field's message>` for a value the field refuses.
 */
export function parseOverride(name: FieldName, value: string): unknown {
  const parsed = specOf(name).input.safeParse(scalarOf(value));
  if (parsed.success) return parsed.data;
  throw new UsageError(`${fieldFlag(name)}: ${parsed.error.issues[0]?.message ?? "not a valid value"}`);
}

/** The commander options of the override flags, in the table's order. */
export function overrideOptions(): Option[] {
  return OVERRIDABLE_FIELDS.map((name) => {
    const spec = specOf(name);
    const help = fieldDescription(spec.input).replaceAll("`", "");
    const option = new Option(
      `${fieldFlag(name)} ${spec.cli?.value ?? "<value>"}`,
      // A stream's size applies to throughput cases only (applyOverrides leaves latency cases alone).
      `${(STREAM_FIELDS as readonly string[]).includes(name) ? "every throughput case" : "every case"}: ${
        help.charAt(0).toLowerCase()
      }${help.slice(1)}`,
    )
      // Checked here, so that a bad value stops the command before anything runs; kept as typed,
      // since commander turns a parser's `null` (`--pipe-size null`) into "". overridesOf reads it.
      .argParser((value: string) => (parseOverride(name, value), value));
    // The value lands under the field's own name (`--pipe-size` → `pipeSize`), which overridesOf reads.
    if (option.attributeName() !== name) throw new Error(`${option.long} would land as ${option.attributeName()}`);
    return option as unknown as Option;
  });
}

/** Adds the override flags to a command (keeping its type, so that the chain goes on). */
export function withOverrideOptions<C extends { addOption(option: Option): unknown }>(command: C): C {
  for (const option of overrideOptions()) command.addOption(option);
  return command;
}

/** The values of the override flags given among commander's options, read by their fields. */
export function overridesOf(options: Readonly<OverrideFlags>): CaseOverrides {
  const overrides: Record<string, unknown> = {};
  for (const name of OVERRIDABLE_FIELDS) {
    const value = options[name];
    if (value !== undefined) overrides[name] = parseOverride(name, value);
  }
  return overrides as CaseOverrides;
}

/** `--bytes 4GiB --warmup 0`, as the user would write them again. */
function describeFlags(overrides: CaseOverrides): string {
  return OVERRIDABLE_FIELDS.filter((name) => name in overrides).map((name) => {
    const value = overrides[name];
    const spec = specOf(name);
    const shown = value === null ? "null" : spec.unit === "bytes" ? formatSize(value as number) : String(value);
    return `${fieldFlag(name)} ${shown}`;
  }).join(" ");
}

/** "case `a`", "cases `a`, `b`, `c` and 2 more". */
function caseList(ids: string[]): string {
  const shown = ids.slice(0, 3).map((id) => `\`${id}\``).join(", ");
  const more = ids.length > 3 ? ` and ${ids.length - 3} more` : "";
  return ids.length === 1 ? `case ${shown}` : `cases ${shown}${more}`;
}

/**
 * Sets the overridden fields in every case, then checks the cases' rules again (a flag can break
 * one: `--pipe-size` on a vmsplice case, above pipe-max-size, `--bytes 0 --duration 0`). Each
 * broken rule is printed once, naming the flag and the cases. `--bytes` and `--duration` leave
 * latency cases as they are (they time messages), and `note` says so once.
 *
 * @throws {UsageError} when a rule is broken: nothing is run.
 */
export function applyOverrides(
  cases: readonly Case[],
  overrides: CaseOverrides,
  context: ScenarioContext,
  warmupBytes?: number,
  note: (line: string) => void = (line) => console.error(`note: ${line}`),
): Case[] {
  if (Object.keys(overrides).length === 0) return [...cases];
  // Repetitions asked for on the command line are what is run: a scenario's precision target does not
  // add rounds to them, unless --precision is given too.
  const exact = "repetitions" in overrides && !("precision" in overrides) ? { precision: null } : {};
  // A stream's size (--bytes, --duration) means nothing to a latency case, which times messages:
  // it applies to the throughput cases, and the latency cases are left as they are (said once).
  const forLatency: CaseOverrides = Object.fromEntries(
    Object.entries(overrides).filter(([name]) => !(STREAM_FIELDS as readonly string[]).includes(name)),
  );
  const changed = cases.map((c) => ({
    ...c,
    params: { ...c.params, ...(isLatencyCase(c.params) ? forLatency : overrides), ...exact },
  }));
  const left = Object.keys(overrides).length - Object.keys(forLatency).length;
  const latency = cases.filter((c) => isLatencyCase(c.params)).map((c) => c.id);
  if (left > 0 && latency.length > 0) {
    const flags = describeFlags(Object.fromEntries(
      Object.entries(overrides).filter(([name]) => !(name in forLatency)),
    ) as CaseOverrides);
    const lead = latency.length === cases.length
      ? `${flags} changes nothing here: every case is a latency case (${caseList(latency)})`
      : `${flags} applies to the throughput cases only; the latency ${caseList(latency)} keep their own`;
    note(`${lead} (they time round trips or messages: roundTrips, messages)`);
  }
  const broken = new Map<string, string[]>();
  for (const c of changed) {
    for (const violation of caseRuleViolations(c.params, context, warmupBytes)) {
      const blamed = violation.field in overrides
        ? describeFlags({ [violation.field]: overrides[violation.field] })
        : describeFlags(overrides);
      const key = `${blamed}: ${violation.message}`;
      broken.set(key, [...broken.get(key) ?? [], c.id]);
    }
  }
  if (broken.size === 0) return changed;
  for (const [message, ids] of broken) console.error(`${message} (${caseList(ids)})`);
  throw new UsageError(
    `${broken.size === 1 ? "1 problem" : `${broken.size} problems`} with the flags; nothing was run`,
  );
}

/**
 * Refuses a reader's warm-up smaller than one buffer of some case: it would start the clock before
 * a single buffer went through the pipe (`--warmup-bytes 3` measured cold pages and faults).
 *
 * @throws {UsageError} naming the cases and their buffer sizes.
 */
export function checkWarmupBytes(cases: readonly Case[], warmupBytes: number | undefined): void {
  if (warmupBytes === undefined) return;
  // A latency case's warm-up is in round trips (model/latency.ts), not the reader's warm-up bytes.
  const short = cases.filter((c) => !isLatencyCase(c.params) && c.params.bufferSize > warmupBytes);
  if (short.length === 0) return;
  const largest = Math.max(...short.map((c) => c.params.bufferSize));
  const named = short.slice(0, 3).map((c) => `${c.id} (${formatSize(c.params.bufferSize)})`).join(", ");
  const more = short.length > 3 ? ` and ${short.length - 3} more` : "";
  throw new UsageError(
    `--warmup-bytes: ${formatSize(warmupBytes)} is less than one buffer of ${named}${more}: the warm-up must ` +
      `move at least one buffer of each case; use --warmup-bytes ${formatSize(largest)} or more`,
  );
}
