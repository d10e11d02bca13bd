/**
 * What derives from the case fields' table (model/fields.ts): the field names in canonical order,
 * `CaseParams` and its stored schema, the scenario shape of every field, the defaults, the labels
 * used in names, and the fields each Deno endpoint receives. No field is named here.
 *
 * @module
 */
import type { z } from "zod";
import { CASE_FIELDS, type EndpointRule, type FieldSpec } from "./fields.ts";
import { looseObject } from "./schema-parts.ts";
import { formatDuration, formatSize } from "./sizes.ts";

type Fields = typeof CASE_FIELDS;

/** The name of a case field. */
export type FieldName = keyof Fields;

/** Case fields in their canonical order (also the order of `params`). */
export const FIELD_NAMES: readonly FieldName[] = Object.freeze(Object.keys(CASE_FIELDS) as FieldName[]);

const FIELD_NAME_SET: ReadonlySet<string> = new Set(FIELD_NAMES);

/** Whether `key` names a case field. */
export function isFieldName(key: string): key is FieldName {
  return FIELD_NAME_SET.has(key);
}

/** The fields' table as a list of `[name, spec]`, in canonical order. */
export function fieldEntries(): [FieldName, FieldSpec<z.ZodType, z.ZodType>][] {
  return FIELD_NAMES.map((name) => [name, CASE_FIELDS[name] as FieldSpec<z.ZodType, z.ZodType>]);
}

function mapFields<T>(pick: (spec: FieldSpec<z.ZodType, z.ZodType>, name: FieldName) => T): Record<FieldName, T> {
  return Object.fromEntries(fieldEntries().map(([name, spec]) => [name, pick(spec, name)])) as Record<FieldName, T>;
}

/** The case parameters as `results.json` stores them (resolved: sizes in bytes, durations in seconds). */
export const caseParamsSchema = looseObject(
  mapFields((spec) => spec.stored) as { [K in FieldName]: Fields[K]["stored"] },
);

/** Every parameter of one case, resolved: sizes in bytes, durations in seconds. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type CaseParams = z.output<typeof caseParamsSchema>;

/** Every case field as scenario files write it, each optional (defaults fill the gaps). */
export const caseFieldShape = mapFields((spec) => spec.input.optional()) as {
  [K in FieldName]: z.ZodOptional<Fields[K]["input"]>;
};

/** The fields with a plain default (all but the endpoints, required, and derived defaults). */
type DefaultedField = { [K in FieldName]: Fields[K]["default"] extends undefined ? never : K }[FieldName];

/** Defaults of every case field that has a plain one (not the endpoints, required, nor derived defaults). */
export const CASE_DEFAULTS: Readonly<Pick<CaseParams, DefaultedField>> = Object.freeze(
  Object.fromEntries(
    fieldEntries().filter(([, spec]) => spec.default !== undefined).map(([name, spec]) => [name, spec.default]),
  ) as Pick<CaseParams, DefaultedField>,
);

/**
 * Completes a case: plain defaults under `values`, then derived defaults, every
 * field copied (objects cloned) in canonical order. The endpoints must be set.
 *
 * @example
 * ```ts
 * Object.keys(withDefaults({ writer: "write", reader: "read" })).length; // every field
 * ```
 */
export function withDefaults(values: Partial<CaseParams> & Pick<CaseParams, "writer" | "reader">): CaseParams {
  const merged: Record<string, unknown> = { ...CASE_DEFAULTS };
  for (const [name, value] of Object.entries(values)) if (value !== undefined) merged[name] = value;
  for (const [name, spec] of fieldEntries()) {
    if (merged[name] === undefined && spec.derivedDefault !== undefined) merged[name] = spec.derivedDefault(merged);
  }
  return copyParams(merged as CaseParams);
}

/** A detached copy of `params`, fields in canonical order (the order of `list --json`). */
export function copyParams(params: CaseParams): CaseParams {
  return mapFields((_, name) => copyValue(params[name])) as CaseParams;
}

function copyValue(value: unknown): unknown {
  return value !== null && typeof value === "object" ? structuredClone(value) : value;
}

/** Whether `params[name]` is what the field would default to anyway (plain values: compared with `===`). */
export function isDefaultValue(name: FieldName, params: CaseParams): boolean {
  const spec = CASE_FIELDS[name] as FieldSpec<z.ZodType, z.ZodType>;
  const fallback = spec.derivedDefault?.(params) ?? spec.default;
  return params[name] === fallback;
}

/** A field's value as it appears in names and `{field}` templates: `256KiB`, `1s`, `0,1`. */
export function fieldLabel(name: FieldName, params: CaseParams): string {
  const spec = CASE_FIELDS[name] as FieldSpec<z.ZodType, z.ZodType>;
  const value = params[name];
  if (spec.label !== undefined) return spec.label(value);
  if (spec.unit === "bytes") return formatSize(value as number);
  if (spec.unit === "seconds") return formatDuration(value as number);
  return String(value);
}

type Rule<K extends FieldName> = Fields[K]["endpoint"];
type Reaches<K extends FieldName, Side> = Rule<K> extends { side: infer S } ? S extends Side | "both" ? true : false
  : false;
type EndpointKey<K extends FieldName> = Rule<K> extends { key: infer Key extends string } ? Key : K;
type EndpointValue<K extends FieldName, V = CaseParams[K]> = Rule<K> extends { take: "builtIn" }
  ? Exclude<V, { command: string[] }>
  : Rule<K> extends { take: "ownSide" } ? V extends { writer: infer Cpu } ? Cpu : V
  : V;

/**
 * The case fields one side's configuration carries (`both`: those every side carries), under their
 * configuration keys (`mode`, `minSeconds`, `cpu`...), as the table's `endpoint` rules say.
 */
export type EndpointFields<Side extends "writer" | "reader" | "both"> = {
  [K in FieldName as Reaches<K, Side> extends true ? EndpointKey<K> : never]: EndpointValue<K>;
};

/**
 * One side's configuration fields for a case, from the table's `endpoint` rules.
 *
 * @throws {Error} for a side that is an external program (it has no configuration).
 */
export function endpointFields<Side extends "writer" | "reader">(params: CaseParams, side: Side): EndpointFields<Side> {
  const fields: Record<string, unknown> = {};
  for (const [name, spec] of fieldEntries()) {
    const rule = spec.endpoint;
    if (rule === undefined || (rule.side !== "both" && rule.side !== side)) continue;
    fields[rule.key ?? name] = endpointValue(rule, params[name], side);
  }
  return fields as EndpointFields<Side>;
}

function endpointValue(rule: EndpointRule, value: unknown, side: "writer" | "reader"): unknown {
  switch (rule.take) {
    case "builtIn":
      if (typeof value !== "string") throw new Error(`external ${side}s have no ${side} config`);
      return value;
    case "ownSide":
      return (value as Record<string, unknown> | null)?.[side] ?? null;
    default:
      return value;
  }
}

/**
 * The words of the flags that are on (`huge`, `busy`, `locked`, `untouched`...), in table order,
 * from the fields' `naming: { flag }` rules: the one vocabulary of case names and reports.
 *
 * @example
 * ```ts
 * flagWords(withDefaults({ writer: "vmsplice", reader: "splice", hugePages: true })); // ["huge"]
 * ```
 */
export function flagWords(params: CaseParams): string[] {
  const words: string[] = [];
  for (const [name, spec] of fieldEntries()) {
    const rule = spec.naming as { flag?: string; when?: unknown; flagPerValue?: Record<string, string> } | undefined;
    if (rule?.flag !== undefined && params[name] === (rule.when ?? true)) words.push(rule.flag);
    const word = rule?.flagPerValue?.[String(params[name])];
    if (word !== undefined) words.push(word);
  }
  return words;
}

/**
 * The fields a `run` flag sets in every case (those with a `cli` rule in the table), in canonical
 * order: `--pipe-size`, `--bytes`, `--duration`, `--repetitions`, `--warmup`.
 */
export const OVERRIDABLE_FIELDS: readonly FieldName[] = Object.freeze(
  fieldEntries().filter(([, spec]) => spec.cli !== undefined).map(([name]) => name),
);

/**
 * A field's `run` flag: its name in kebab case.
 *
 * @example
 * ```ts
 * fieldFlag("pipeSize"); // "--pipe-size"
 * ```
 */
export function fieldFlag(name: FieldName): string {
  return "--" + name.replace(/[A-Z]/g, (letter) => "-" + letter.toLowerCase());
}

/**
 * The values `run` flags set in every case, as `results.json` records them (`options.overrides`):
 * each overridable field optional, in its stored form (bytes, seconds).
 */
export const caseOverridesSchema = looseObject(
  Object.fromEntries(
    fieldEntries().filter(([name]) => OVERRIDABLE_FIELDS.includes(name)).map((
      [name, spec],
    ) => [name, spec.stored.optional()]),
  ),
) as unknown as z.ZodType<Partial<CaseParams>>;
