/**
 * Scenario files: YAML that declares cases, explicitly (`cases`) or as a matrix (`matrix`, with
 * GitHub Actions `include`/`exclude` semantics), validated with a zod schema while keeping the
 * position of every node, so each problem reads `file:line:column: path: message`.
 *
 * @example
 * ```ts
 * import { formatProblem, loadScenarioFiles, ScenarioError } from "./scenario.ts";
 *
 * try {
 *   const { cases } = await loadScenarioFiles(["scenarios/blog.yaml"]);
 *   console.log(cases.map((c) => c.id)); // ["blog/write_read", ...]
 * } catch (error) {
 *   if (!(error instanceof ScenarioError)) throw error;
 *   for (const problem of error.problems) console.error(formatProblem(problem));
 * }
 * ```
 *
 * @module
 */
import process from "node:process";
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node as YamlNode,
  parseDocument,
} from "yaml";
import { z } from "zod";
import {
  ACCEPTED_DURATION_FORMS,
  ACCEPTED_SIZE_FORMS,
  DURATION_PATTERN,
  formatDuration,
  formatSize,
  MAX_REPETITIONS,
  parseDuration,
  parseSize,
  SIZE_PATTERN,
} from "../model/sizes.ts";
import { DEFAULT_WARMUP_BYTES } from "../bench/endpoint/protocol.ts";
import type { Case, CaseParams, CommandEndpoint, ScenarioInfo } from "../model/types.ts";

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** One thing wrong with a scenario file, located at the offending YAML node (1-based). */
export interface Problem {
  /** The file, as given to the loader. */
  file: string;
  /** 1-based line of the offending node. */
  line: number;
  /** 1-based column of the offending node. */
  column: number;
  /** Where in the document, e.g. `cases[2].bufferSize` (empty for the whole file). */
  path: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/** A scenario with its expanded cases. */
export type LoadedScenario = ScenarioInfo & { cases: Case[] };

/** Everything loaded from a set of scenario files. */
export interface LoadedScenarios {
  /** Each scenario, in the order of the files. */
  scenarios: LoadedScenario[];
  /** All cases of all scenarios, in order. */
  cases: Case[];
}

/** What the machine allows, to check pipe sizes against (omit it to skip those checks). */
export interface ScenarioContext {
  /** `/proc/sys/fs/pipe-max-size`, or `null`/absent when unknown. */
  pipeMaxSize?: number | null;
  /** The process may go above `pipeMaxSize` (it has CAP_SYS_RESOURCE, as root usually does). */
  mayExceedPipeMaxSize?: boolean;
}

/** The result of {@linkcode parseScenario}: the scenario (as far as it could be read) and its problems. */
export interface ParsedScenario {
  /** The scenario; its cases are those that resolved without problems. */
  scenario: LoadedScenario;
  /** Every problem found, sorted by position. */
  problems: Problem[];
}

/** A case as plain JSON: sizes in bytes, durations in seconds (for `list --json` and friends). */
export interface CaseJson {
  /** Stable id, `<scenario>/<slug>`. */
  id: string;
  /** Human name. */
  name: string;
  /** Scenario name. */
  scenario: string;
  /** Parameters, sizes in bytes, durations in seconds. */
  params: CaseParams;
}

/**
 * Thrown by {@linkcode loadScenarioFiles} with every problem of every file.
 *
 * @example
 * ```ts
 * try {
 *   await loadScenarioFiles(["broken.yaml"]);
 * } catch (error) {
 *   if (error instanceof ScenarioError) console.error(error.problems.map(formatProblem).join("\n"));
 * }
 * ```
 */
export class ScenarioError extends Error {
  /** Every problem, file by file, sorted by position. */
  readonly problems: Problem[];

  /** Builds the error; its message lists every problem, one a line. */
  constructor(problems: Problem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`${count} in scenario files:\n${problems.map(formatProblem).join("\n")}`);
    this.name = "ScenarioError";
    this.problems = problems;
  }
}

/**
 * Formats a problem the way compilers do, so editors and CI annotate the line.
 *
 * @example
 * ```ts
 * formatProblem({ file: "s.yaml", line: 4, column: 17, path: "cases[0].bufferSize", message: "bad" });
 * // "s.yaml:4:17: cases[0].bufferSize: bad"
 * ```
 */
export function formatProblem(problem: Problem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.path === "" ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}

// ---------------------------------------------------------------------------------------------
// Limits and defaults
// ---------------------------------------------------------------------------------------------

/** Bytes of a page: vmsplice halves and pipe sizes are counted in these. */
export const PAGE_BYTES = 4096;
/** Largest scenario file read, in bytes: scenario files are small, hostile ones are not. */
export const MAX_SCENARIO_FILE_BYTES = 256 * 1024;
/** Most cases one scenario may expand to. */
export const MAX_CASES_PER_SCENARIO = 1000;
/** Most aliases the YAML may expand (alias bombs are refused). */
export const MAX_YAML_ALIAS_COUNT = 100;
/** Most problems reported per file (the rest are counted). */
export const MAX_PROBLEMS_PER_FILE = 200;
/** Highest CPU number accepted for pinning (`CPU_SETSIZE` - 1). */
const MAX_CPU_INDEX = 1023;

/** Default `bufferOffset`: malloc's 16 bytes for ordinary buffers, 0 (2 MiB-aligned) with huge pages. */
export function defaultBufferOffset(hugePages: boolean): number {
  return hugePages ? 0 : MALLOC_BLOCK_OFFSET;
}

/** Where glibc's malloc puts a block it serves from its own mmap: past a 16-byte header. */
const MALLOC_BLOCK_OFFSET = 16;

/** Defaults of every case field except the endpoints (required) and `bufferOffset` (see above). */
export const CASE_DEFAULTS: Readonly<Omit<CaseParams, "writer" | "reader" | "bufferOffset">> = Object.freeze({
  hugePages: false,
  busyLoop: false,
  poll: false,
  gift: false,
  lockMemory: false,
  touchPages: true,
  sameBuffer: false,
  bufferSize: 256 * 1024,
  pipeSize: null,
  bytes: 1024 ** 3,
  duration: 1,
  repetitions: 5,
  warmup: 1,
  cpus: Object.freeze({ writer: 0, reader: 1 }),
  verify: false,
});

type FieldName = keyof CaseParams;

/** Case fields in their canonical order (also the order of `params`). */
const FIELD_NAMES: readonly FieldName[] = [
  "writer",
  "reader",
  "hugePages",
  "busyLoop",
  "poll",
  "gift",
  "lockMemory",
  "touchPages",
  "sameBuffer",
  "bufferSize",
  "bufferOffset",
  "pipeSize",
  "bytes",
  "duration",
  "repetitions",
  "warmup",
  "cpus",
  "verify",
];
const FIELD_NAME_SET: ReadonlySet<string> = new Set(FIELD_NAMES);

function isFieldName(key: string): key is FieldName {
  return FIELD_NAME_SET.has(key);
}

// ---------------------------------------------------------------------------------------------
// The schema
// ---------------------------------------------------------------------------------------------

const SCENARIO_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

function describeInput(input: unknown): string {
  if (input === undefined) return "nothing";
  if (input === null) return "null (an empty value)";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object") return "a mapping";
  if (typeof input === "string") return `the string ${quoteValue(input)}`;
  return `${typeof input} ${quoteValue(String(input))}`;
}

function quoteValue(value: string): string {
  return "`" + (value.length > 40 ? value.slice(0, 40) + "…" : value) + "`";
}

/** A zod error function: "missing" when the key is absent, else `expected …, got …`. */
function expected(what: string): (issue: { input?: unknown }) => string {
  return (issue) =>
    issue.input === undefined ? `missing: expected ${what}` : `expected ${what}, got ${describeInput(issue.input)}`;
}

/** Turns a throwing parser into a zod transform that reports its message. */
function parsedBy<Input, Output>(parse: (value: Input) => Output) {
  return (value: Input, context: z.RefinementCtx): Output => {
    try {
      return parse(value);
    } catch (error) {
      context.issues.push({ code: "custom", message: (error as Error).message, input: value });
      return z.NEVER;
    }
  };
}

function sizeSchema(description: string, minimumBytes: number, tooSmall: string) {
  return z.union([
    z.number().meta({ type: "integer", minimum: minimumBytes }),
    z.string().meta({ pattern: SIZE_PATTERN }),
  ], { error: expected(`a size: ${ACCEPTED_SIZE_FORMS}`) })
    .transform(parsedBy((value: string | number) => {
      const bytes = parseSize(value);
      if (bytes < minimumBytes) throw new RangeError(tooSmall.replace("{value}", formatSize(bytes)));
      return bytes;
    }))
    .meta({ description });
}

const durationSchema = z.union([
  z.number().meta({ minimum: 0 }),
  z.string().meta({ pattern: DURATION_PATTERN }),
], { error: expected(`a duration: ${ACCEPTED_DURATION_FORMS}`) })
  .transform(parsedBy(parseDuration))
  .meta({
    description: "Minimum measured seconds per run (a run lasts at least `bytes` and at least this); 0: bytes only.",
    examples: ["1s", "500ms", 0],
  });

function booleanSchema(description: string, defaultValue: boolean) {
  return z.boolean({
    error: (issue) => {
      const hint = typeof issue.input === "string" && /^(yes|no|on|off|y|n|true|false)$/i.test(issue.input)
        ? " (YAML 1.2 reads `yes`/`on` as strings: write true or false)"
        : "";
      return `${expected("true or false")(issue)}${hint}`;
    },
  }).meta({ description: `${description} Default ${defaultValue}.` });
}

function countSchema(description: string, minimum: number, maximum: number) {
  const message = `a whole number from ${minimum} to ${maximum}` +
    (maximum === MAX_REPETITIONS ? " (more is refused: a typo could blow this up)" : "");
  return z.int({ error: expected(message) })
    .min(minimum, { error: expected(message) })
    .max(maximum, { error: expected(message) })
    .meta({ description });
}

const commandSchema = z.strictObject({
  command: z.array(
    z.string({ error: expected("a program or argument (a string: quote numbers)") }).min(1, "an empty argument"),
    {
      error: expected("a list: [program, arguments...]"),
    },
  ).min(1, "the command needs at least a program").meta({
    description: "Program and arguments, run without a shell, e.g. [cat, /dev/zero].",
  }),
}, { error: expected("{command: [program, arguments...]}") })
  .meta({ description: "An external program as this end of the pipe." });

function endpointSchema(side: "writer" | "reader", modes: readonly [string, string], description: string) {
  const choices = `${modes[0]}, ${modes[1]} or {command: [program, arguments...]}`;
  return z.union([
    z.enum(modes, { error: (issue) => unknownChoiceMessage(issue.input, modes, choices) }),
    commandSchema,
  ], { error: expected(`the ${side}: ${choices}`) }).meta({ description });
}

function unknownChoiceMessage(input: unknown, choices: readonly string[], listed: string): string {
  const guess = typeof input === "string" ? closestName(input, choices) : null;
  const suggestion = guess === null ? "" : ` (did you mean \`${guess}\`?)`;
  return `expected ${listed}, got ${describeInput(input)}${suggestion}`;
}

const cpuIndexSchema = z.int({ error: expected(`a CPU number from 0 to ${MAX_CPU_INDEX}`) })
  .min(0, { error: expected(`a CPU number from 0 to ${MAX_CPU_INDEX}`) })
  .max(MAX_CPU_INDEX, { error: expected(`a CPU number from 0 to ${MAX_CPU_INDEX}`) });

const cpusSchema = z.union([
  z.literal("none", { error: expected("`none` or {writer: N, reader: N}") }).transform(() => null),
  z.strictObject({ writer: cpuIndexSchema, reader: cpuIndexSchema }),
], { error: expected("{writer: N, reader: N} (CPU numbers) or `none`") }).meta({
  description: "CPUs to pin each side to, or `none` for no pinning. Default {writer: 0, reader: 1}.",
});

/** Every case field, each optional (defaults fill the gaps). */
const caseFieldShape = {
  writer: endpointSchema(
    "writer",
    ["write", "vmsplice"],
    "`write` copies from a buffer; `vmsplice` maps pages into the pipe (double-buffered, pipe sized to half " +
      "the buffer); or an external program. Required (here or in defaults).",
  ).optional(),
  reader: endpointSchema(
    "reader",
    ["read", "splice"],
    "`read` copies into a buffer; `splice` moves pages to /dev/null; or an external program. Required.",
  ).optional(),
  hugePages: booleanSchema("2 MiB-aligned buffers advised MADV_HUGEPAGE (verified from smaps).", false).optional(),
  busyLoop: booleanSchema("Non-blocking calls retried on EAGAIN instead of sleeping in the kernel.", false)
    .optional(),
  poll: booleanSchema("poll() for readiness before every call.", false).optional(),
  gift: booleanSchema("SPLICE_F_GIFT on vmsplice / SPLICE_F_MOVE on splice.", false).optional(),
  lockMemory: booleanSchema("mlock() the buffers.", false).optional(),
  touchPages: booleanSchema("Fault the buffers in before the transfer.", true).optional(),
  sameBuffer: booleanSchema("vmsplice: one contiguous buffer split in two instead of two buffers.", false)
    .optional(),
  bufferSize: sizeSchema(
    "Buffer size (vmsplice: both halves together, a multiple of 8KiB). Default 256KiB.",
    1,
    "a buffer needs at least one byte",
  ).optional(),
  bufferOffset: countSchema(
    "Bytes past a page boundary (a 2 MiB boundary with huge pages) where each buffer starts. Default 16 " +
      "(where malloc puts a large block, as in the post's program), 0 with huge pages.",
    0,
    4095,
  ).optional(),
  pipeSize: sizeSchema(
    "Pipe capacity (F_SETPIPE_SZ; at least 4KiB, the kernel rounds up to a power-of-two number of pages), " +
      "or null for the kernel default. vmsplice sets half the buffer itself.",
    PAGE_BYTES,
    `{value} is below the smallest pipe, one page (${formatSize(PAGE_BYTES)}): use at least 4KiB`,
  ).nullable().optional(),
  bytes: sizeSchema(
    "Bytes measured per run, at least (a run lasts at least `bytes` and at least `duration`). Default 1GiB.",
    0,
    "",
  ).optional(),
  duration: durationSchema.optional(),
  repetitions: countSchema("Measured runs. Default 5.", 1, MAX_REPETITIONS).optional(),
  warmup: countSchema("Discarded runs before the measured ones. Default 1.", 0, MAX_REPETITIONS).optional(),
  cpus: cpusSchema.optional(),
  verify: booleanSchema("Check the integrity of every page on the reader (built-in endpoints only).", false)
    .optional(),
};

const caseNameSchema = z.string({ error: expected("a case name (a string)") })
  .min(1, "a case name cannot be empty")
  .meta({ description: "The case's name; its id is `<scenario>/<slug of the name>`." });

/** `defaults`: any case field. */
const defaultsSchema = z.strictObject(caseFieldShape, { error: expected("a mapping of case fields") })
  .meta({ description: "Values for every case of this file (a case or matrix entry overrides them)." });

/** One entry of `cases`. */
const caseEntrySchema = z.strictObject({ name: caseNameSchema, ...caseFieldShape }, {
  error: expected("a case: a mapping with a `name` and case fields"),
});

const includeEntrySchema = z.strictObject({ name: caseNameSchema.optional(), ...caseFieldShape }, {
  error: expected("a mapping of case fields"),
}).meta({
  description: "Extends every combination whose axis values it matches with its other keys, " +
    "or else adds a combination (GitHub Actions semantics).",
});

const excludeEntrySchema = z.strictObject(caseFieldShape, { error: expected("a mapping of axis values") }).meta({
  description: "Removes every combination that matches all its keys (axes only).",
});

function axisSchema<T extends z.ZodType>(field: string, schema: T) {
  return z.array(schema, {
    error: (issue) =>
      Array.isArray(issue.input)
        ? expected("a list of values")(issue)
        : `a matrix axis is a list of values, got ${describeInput(issue.input)}: write \`${field}: [...]\`, ` +
          "or put a single value in `defaults`",
  }).min(1, "an axis needs at least one value");
}

const matrixAxesShape = Object.fromEntries(
  Object.entries(caseFieldShape).map(([field, schema]) => [field, axisSchema(field, schema.unwrap()).optional()]),
) as {
  [K in keyof typeof caseFieldShape]: z.ZodOptional<z.ZodArray<ReturnType<(typeof caseFieldShape)[K]["unwrap"]>>>;
};

const matrixSchema = z.strictObject({
  name: z.string({ error: expected("a name template such as `{writer}→{reader} {bufferSize}`") }).meta({
    description: "Name template: `{field}` is replaced by the field's value, e.g. `{writer}→{reader} {bufferSize}`. " +
      "Default: writer→reader, the flags that are on, and the sizes that vary.",
  }).optional(),
  include: z.array(includeEntrySchema, { error: expected("a list of mappings") }).optional(),
  exclude: z.array(excludeEntrySchema, { error: expected("a list of mappings") }).optional(),
  ...matrixAxesShape,
}, { error: expected("a mapping of axes (lists of values), `include`, `exclude` and `name`") }).meta({
  description: "Cases as the cartesian product of the axes (case fields with lists of values), with " +
    "GitHub Actions `include`/`exclude` semantics.",
});

const scenarioNameSchema = z.string({ error: expected("a scenario name (a string)") })
  .regex(SCENARIO_NAME_PATTERN, {
    error: (issue) =>
      `expected a scenario name in lowercase letters, digits, \`_\` and \`-\` (e.g. \`buffer-sweep\`), got ${
        describeInput(issue.input)
      }`,
  })
  .meta({ description: "The scenario's name, a slug; case ids are `<name>/<case slug>`." });

const descriptionSchema = z.string({ error: expected("a description (a string)") }).nullable()
  .meta({ description: "What the scenario shows, in a sentence or two." });

/**
 * The zod schema of a scenario file (after YAML parsing). {@linkcode parseScenario} validates with
 * its parts so that every problem is found at once; this whole schema is what
 * {@linkcode scenarioJsonSchema} publishes for editors.
 */
export const scenarioSchema = z.strictObject({
  name: scenarioNameSchema,
  description: descriptionSchema.optional(),
  defaults: defaultsSchema.optional(),
  cases: z.array(caseEntrySchema, { error: expected("a list of cases") }).min(1, "`cases` is empty").meta({
    description: "Explicit cases, each with a `name`.",
  }).optional(),
  matrix: matrixSchema.optional(),
}, { error: expected("a mapping with `name` and `cases` and/or `matrix`") }).meta({
  title: "pipespeed scenario",
  description: "A pipespeed scenario: cases of Linux pipe throughput measurements.",
});

/** The top level with its sections left for the piecewise validation. */
const topLevelSchema = z.strictObject({
  name: scenarioNameSchema,
  description: descriptionSchema.optional(),
  defaults: z.unknown().optional(),
  cases: z.unknown().optional(),
  matrix: z.unknown().optional(),
});

/**
 * The JSON Schema (draft-07, what editors' YAML plugins read) of scenario files, generated from
 * {@linkcode scenarioSchema}; `scripts/gen-schema.ts` writes it to `scenarios/schema.json`.
 *
 * @example
 * ```ts
 * const schema = scenarioJsonSchema();
 * console.log(schema.title); // "pipespeed scenario"
 * ```
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, {
    io: "input",
    target: "draft-7",
    override: (context) => {
      if (context.zodSchema === scenarioSchema) {
        context.jsonSchema.anyOf = [{ required: ["cases"] }, { required: ["matrix"] }];
      }
    },
  }) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Suggestions
// ---------------------------------------------------------------------------------------------

/** Edit distance between two strings (insertions, deletions, substitutions). */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

function normalizedKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, "");
}

/** The candidate closest to `input`, if close enough to be a typo. */
function closestName(input: string, candidates: readonly string[]): string | null {
  if (input.length > 64) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(normalizedKey(input), normalizedKey(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  const allowed = Math.max(2, Math.floor((best?.length ?? 0) / 3));
  return bestDistance <= allowed ? best : null;
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const guess = closestName(key, known);
  if (guess !== null) return `unknown key ${quoteValue(key)}; did you mean \`${guess}\`?`;
  return `unknown key ${quoteValue(key)}; expected one of: ${known.join(", ")}`;
}

// ---------------------------------------------------------------------------------------------
// Schema walking (for the keys expected at a path)
// ---------------------------------------------------------------------------------------------

interface SchemaDefinition {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}

function definitionOf(schema: z.ZodType): SchemaDefinition {
  return (schema as unknown as { _zod: { def: SchemaDefinition } })._zod.def;
}

function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const definition = definitionOf(current);
    const inner = definition.innerType ?? definition.in;
    if (inner === undefined) return current;
    current = inner;
  }
}

function schemaChild(schema: z.ZodType, segment: PathSegment): z.ZodType | null {
  const definition = definitionOf(unwrapSchema(schema));
  if (definition.type === "object" && typeof segment === "string") return definition.shape?.[segment] ?? null;
  if (definition.type === "array" && typeof segment === "number") return definition.element ?? null;
  if (definition.type === "union") {
    for (const option of definition.options ?? []) {
      const child = schemaChild(option, segment);
      if (child !== null) return child;
    }
  }
  return null;
}

/** The keys the schema allows in the mapping at `path`. */
function keysExpectedAt(path: Path): string[] {
  let schema: z.ZodType | null = scenarioSchema;
  for (const segment of path) {
    schema = schema === null ? null : schemaChild(schema, segment);
  }
  if (schema === null) return [];
  const definition = definitionOf(unwrapSchema(schema));
  if (definition.type === "object") return Object.keys(definition.shape ?? {});
  for (const option of definition.options ?? []) {
    const optionDefinition = definitionOf(unwrapSchema(option));
    if (optionDefinition.type === "object") return Object.keys(optionDefinition.shape ?? {});
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------

type PathSegment = string | number;
type Path = readonly PathSegment[];

/** `cases[2].bufferSize` */
function pathToString(path: Path): string {
  let text = "";
  for (const segment of path) {
    text += typeof segment === "number" ? `[${segment}]` : text === "" ? segment : `.${segment}`;
  }
  return text;
}

/** The parsed YAML with what it takes to turn a path into a line and column. */
interface YamlSource {
  file: string;
  document: Document.Parsed | null;
  lineCounter: LineCounter;
}

function scalarKey(node: unknown): string {
  return isScalar(node) ? String(node.value) : String(node);
}

/** The node at `path` (its key node if `key`), or the deepest existing node on the way. */
function nodeAt(source: YamlSource, path: Path, key: boolean): YamlNode | null {
  let node = (source.document?.contents ?? null) as YamlNode | null;
  for (let index = 0; index < path.length && node !== null; index++) {
    const container: unknown = isAlias(node) ? node.resolve(source.document!) ?? node : node;
    const segment = path[index];
    const last = index === path.length - 1;
    if (isMap(container)) {
      const pair = container.items.find((item) => scalarKey(item.key) === String(segment));
      if (pair === undefined) return node;
      if (last && key) return pair.key as YamlNode;
      const value = pair.value as YamlNode | null;
      // An empty value has no text to point at: point at its key.
      if (value === null || (isScalar(value) && value.value === null && value.source === "")) {
        return pair.key as YamlNode;
      }
      node = value;
    } else if (isSeq(container) && typeof segment === "number") {
      const item = container.items[segment] as YamlNode | undefined;
      if (item === undefined) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

function positionOf(source: YamlSource, offset: number): { line: number; column: number } {
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

/** A problem about a whole case: at its key when it is a mapping's value (`matrix:`), else at its node. */
function originProblem(source: YamlSource, origin: Path, message: string): Problem {
  return problemAt(source, origin, message, { key: typeof origin[origin.length - 1] === "string" });
}

function problemAt(source: YamlSource, path: Path, message: string, options: { key?: boolean } = {}): Problem {
  const node = nodeAt(source, path, options.key ?? false);
  const offset = node?.range?.[0] ?? 0;
  return { file: source.file, ...positionOf(source, offset), path: pathToString(path), message };
}

// ---------------------------------------------------------------------------------------------
// Zod issues to problems
// ---------------------------------------------------------------------------------------------

type Issue = z.core.$ZodIssue;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}

/** A union branch rejected the input for its kind (a string given to the object branch...). */
function isKindMismatch(branch: Issue[], input: unknown): boolean {
  return branch.some((issue) =>
    issue.path.length === 0 &&
    (issue.code === "invalid_type" ||
      (issue.code === "invalid_value" && issue.values.every((value) => kindOf(value) !== kindOf(input))))
  );
}

function issueToProblems(source: YamlSource, root: unknown, base: Path, issue: Issue): Problem[] {
  const path = [...base, ...issue.path] as Path;
  if (issue.code === "invalid_union") {
    const input = valueAt(root, path);
    const fitting = issue.errors.filter((branch) => !isKindMismatch(branch, input));
    if (fitting.length === 1) return fitting[0].flatMap((inner) => issueToProblems(source, root, path, inner));
  }
  if (issue.code === "unrecognized_keys") {
    const known = keysExpectedAt(path);
    return issue.keys.map((key) => problemAt(source, [...path, key], unknownKeyMessage(key, known), { key: true }));
  }
  return [problemAt(source, path, issue.message)];
}

/** Validates `value` (found at `path` of the document) against a part of the schema. */
function validatePart<T extends z.ZodType>(
  source: YamlSource,
  root: unknown,
  path: Path,
  schema: T,
  problems: Problem[],
): z.output<T> | undefined {
  const result = schema.safeParse(valueAt(root, path));
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(...issueToProblems(source, root, path, issue));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// YAML parsing
// ---------------------------------------------------------------------------------------------

/**
 * `yaml` reads `process.env.LOG_TOKENS`/`LOG_STREAM` while parsing, which Deno refuses without
 * `--allow-env`. Without that permission, parse with an empty `process.env` (synchronously, so
 * nothing else can observe it).
 */
function withoutEnvironmentLookups<T>(parse: () => T): T {
  const state = Deno.permissions.querySync({ name: "env", variable: "LOG_TOKENS" }).state;
  if (state === "granted") return parse();
  const descriptor = Object.getOwnPropertyDescriptor(process, "env");
  if (descriptor === undefined || !descriptor.configurable) return parse();
  Object.defineProperty(process, "env", { value: {}, configurable: true, writable: true });
  try {
    return parse();
  } finally {
    Object.defineProperty(process, "env", descriptor);
  }
}

/** Parses the YAML; returns the plain data, or problems (syntax, empty, aliases) and `undefined`. */
function parseYaml(text: string, source: YamlSource, problems: Problem[]): unknown {
  const document = withoutEnvironmentLookups(() =>
    parseDocument(text, { lineCounter: source.lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: "error" })
  );
  source.document = document;
  for (const error of [...document.errors, ...document.warnings]) {
    problems.push({ file: source.file, ...positionOf(source, error.pos[0]), path: "", message: yamlMessage(error) });
  }
  problems.push(...complexKeyProblems(source));
  if (problems.length > 0) return undefined;
  if (document.contents === null) {
    problems.push({
      file: source.file,
      line: 1,
      column: 1,
      path: "",
      message: "the file is empty: a scenario needs a `name` and `cases` or a `matrix`",
    });
    return undefined;
  }
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    problems.push(aliasProblem(source, error as Error));
    return undefined;
  }
}

function yamlMessage(error: { code: string; message: string; name: string }): string {
  const kind = error.name === "YAMLWarning" ? "YAML warning" : "YAML syntax error";
  const message = /call stack/i.test(error.message) ? "the YAML nests too deeply" : error.message.split("\n")[0];
  return `${kind}: ${message}`;
}

/** Every node of the document, depth first, without recursion (hostile nesting is deep). */
function* yamlNodes(root: unknown): Generator<unknown> {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    yield node;
    if (isMap(node)) { for (const pair of [...node.items].reverse()) stack.push(pair.value, pair.key); }
    else if (isSeq(node)) stack.push(...[...node.items].reverse());
  }
}

function aliasProblem(source: YamlSource, error: Error): Problem {
  if (!/alias/i.test(error.message)) {
    return { file: source.file, line: 1, column: 1, path: "", message: `cannot read the YAML: ${error.message}` };
  }
  let offset = 0;
  for (const node of yamlNodes(source.document?.contents)) {
    if (isAlias(node)) {
      offset = node.range?.[0] ?? 0;
      break;
    }
  }
  return {
    file: source.file,
    ...positionOf(source, offset),
    path: "",
    message: `the aliases expand to too much data (more than ${MAX_YAML_ALIAS_COUNT} aliased nodes): ` +
      "alias bombs are refused; write the values out or use `defaults`",
  };
}

/** Keys that are lists or mappings (`? [a, b]`) would be stringified: refuse them. */
function complexKeyProblems(source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  for (const node of yamlNodes(source.document?.contents)) {
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      if (isScalar(pair.key) || isAlias(pair.key)) continue;
      const offset = (pair.key as YamlNode | null)?.range?.[0] ?? 0;
      problems.push({
        file: source.file,
        ...positionOf(source, offset),
        path: "",
        message: "a key must be a plain word, not a list or a mapping",
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Drafts: cases before defaults
// ---------------------------------------------------------------------------------------------

type FieldValues = Partial<CaseParams>;
type FieldSources = Partial<Record<FieldName, Path>>;
type CaseFields = z.output<typeof defaultsSchema>;
type MatrixData = z.output<typeof matrixSchema>;

/** A case as written, before defaults: its values and where each came from. */
interface Draft {
  /** Explicit name (case entry, include entry), else named from the matrix. */
  name: string | null;
  /** Where the explicit name is. */
  nameSource: Path | null;
  values: FieldValues;
  sources: FieldSources;
  /** The node that stands for the whole case (a case entry, `matrix`, an include entry). */
  origin: Path;
  /** Drafts from the same matrix share this (for naming by the fields that vary). */
  group: "cases" | "matrix";
}

/** A case with every field resolved. */
interface Resolved extends Draft {
  params: CaseParams;
}

function fieldsOf(entry: CaseFields, base: Path): { values: FieldValues; sources: FieldSources } {
  const values: Record<string, unknown> = {};
  const sources: FieldSources = {};
  for (const field of FIELD_NAMES) {
    if (entry[field] === undefined) continue;
    values[field] = entry[field];
    sources[field] = [...base, field];
  }
  return { values: values as FieldValues, sources };
}

function caseDraft(entry: z.output<typeof caseEntrySchema>, index: number): Draft {
  const { name, ...fields } = entry;
  return {
    name,
    nameSource: ["cases", index, "name"],
    ...fieldsOf(fields, ["cases", index]),
    origin: ["cases", index],
    group: "cases",
  };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Present keys of a parsed entry, in document order. */
function presentFields(entry: CaseFields, rawEntry: unknown): FieldName[] {
  const order = rawEntry !== null && typeof rawEntry === "object" ? Object.keys(rawEntry) : [];
  return order.filter((key): key is FieldName => isFieldName(key) && entry[key] !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Matrix expansion (GitHub Actions semantics)
// ---------------------------------------------------------------------------------------------

interface Combination {
  values: Record<string, unknown>;
  sources: FieldSources;
  name: string | null;
  nameSource: Path | null;
  origin: Path;
}

interface MatrixInput {
  matrix: MatrixData;
  rawMatrix: Record<string, unknown>;
  source: YamlSource;
  problems: Problem[];
}

/** Axis names in document order, with duplicate values reported and dropped. */
function matrixAxes(input: MatrixInput): { axis: FieldName; values: { value: unknown; index: number }[] }[] {
  const axes = Object.keys(input.rawMatrix).filter(isFieldName).filter((axis) => input.matrix[axis] !== undefined);
  return axes.map((axis) => {
    const values: { value: unknown; index: number }[] = [];
    (input.matrix[axis] as unknown[]).forEach((value, index) => {
      const first = values.find((seen) => deepEqual(seen.value, value));
      if (first === undefined) values.push({ value, index });
      else {
        input.problems.push(
          problemAt(input.source, ["matrix", axis, index], `duplicate value (same as item ${first.index})`),
        );
      }
    });
    return { axis, values };
  });
}

function cartesianProduct(axes: ReturnType<typeof matrixAxes>): Combination[] {
  if (axes.length === 0) return [];
  let combinations: Combination[] = [{ values: {}, sources: {}, name: null, nameSource: null, origin: ["matrix"] }];
  for (const { axis, values } of axes) {
    combinations = combinations.flatMap((combination) =>
      values.map(({ value, index }) => ({
        ...combination,
        values: { ...combination.values, [axis]: value },
        sources: { ...combination.sources, [axis]: ["matrix", axis, index] },
      }))
    );
  }
  return combinations;
}

function applyExcludes(input: MatrixInput, axisNames: FieldName[], combinations: Combination[]): Combination[] {
  let kept = combinations;
  (input.matrix.exclude ?? []).forEach((entry, index) => {
    const path = ["matrix", "exclude", index];
    const keys = presentFields(entry, valueAt(input.rawMatrix, ["exclude", index]));
    const strays = keys.filter((key) => !axisNames.includes(key));
    for (const key of strays) {
      const axes = axisNames.length === 0 ? "there are none" : axisNames.join(", ");
      input.problems.push(
        problemAt(input.source, [...path, key], `exclude can only name matrix axes (${axes}); \`${key}\` is not one`, {
          key: true,
        }),
      );
    }
    if (keys.length === 0) {
      input.problems.push(problemAt(input.source, path, "an empty exclude entry would remove every combination"));
    }
    if (strays.length > 0 || keys.length === 0) return;
    const matches = (combination: Combination) => keys.every((key) => deepEqual(combination.values[key], entry[key]));
    kept = kept.filter((combination) => !matches(combination));
    if (!combinations.some(matches)) {
      input.problems.push(problemAt(input.source, path, "this exclude matches no combination (a typo?)"));
    }
  });
  return kept;
}

function applyIncludes(input: MatrixInput, axisNames: FieldName[], originals: Combination[]): Combination[] {
  const added: Combination[] = [];
  (input.matrix.include ?? []).forEach((entry, index) => {
    const path = ["matrix", "include", index];
    const keys = presentFields(entry, valueAt(input.rawMatrix, ["include", index]));
    const axisKeys = keys.filter((key) => axisNames.includes(key));
    const extraKeys = keys.filter((key) => !axisNames.includes(key));
    const nameSource = entry.name === undefined ? null : [...path, "name"];
    let matched = false;
    for (const combination of originals) {
      if (!axisKeys.every((key) => deepEqual(combination.values[key], entry[key]))) continue;
      matched = true;
      for (const key of extraKeys) {
        combination.values[key] = entry[key];
        combination.sources[key] = [...path, key];
      }
      if (entry.name !== undefined) [combination.name, combination.nameSource] = [entry.name, nameSource];
    }
    if (!matched) {
      const { values, sources } = fieldsOf(entry, path);
      added.push({ values, sources, name: entry.name ?? null, nameSource, origin: path });
    }
  });
  return [...originals, ...added];
}

/** The combinations of a matrix, as drafts. */
function matrixDrafts(input: MatrixInput): Draft[] {
  const axes = matrixAxes(input);
  const count = axes.reduce((product, { values }) => product * values.length, axes.length === 0 ? 0 : 1);
  if (count > MAX_CASES_PER_SCENARIO) {
    input.problems.push(
      problemAt(input.source, ["matrix"], `the matrix has ${count} combinations, more than ${MAX_CASES_PER_SCENARIO}`),
    );
    return [];
  }
  if (axes.length === 0 && (input.matrix.include ?? []).length === 0) {
    input.problems.push(problemAt(input.source, ["matrix"], "the matrix has no axes and no `include`: no cases"));
    return [];
  }
  const axisNames = axes.map(({ axis }) => axis);
  const kept = applyExcludes(input, axisNames, cartesianProduct(axes));
  return applyIncludes(input, axisNames, kept).map((combination) => ({
    name: combination.name,
    nameSource: combination.nameSource,
    values: combination.values as FieldValues,
    sources: combination.sources,
    origin: combination.origin,
    group: "matrix",
  }));
}

// ---------------------------------------------------------------------------------------------
// Resolution and rules
// ---------------------------------------------------------------------------------------------

function resolveDraft(draft: Draft, defaults: CaseFields, source: YamlSource, problems: Problem[]): Resolved | null {
  const merged: Record<string, unknown> = { ...CASE_DEFAULTS };
  const sources: FieldSources = {};
  for (const field of FIELD_NAMES) {
    if (defaults[field] !== undefined) [merged[field], sources[field]] = [defaults[field], ["defaults", field]];
    if (draft.values[field] !== undefined) {
      [merged[field], sources[field]] = [draft.values[field], draft.sources[field]];
    }
  }
  merged.bufferOffset ??= defaultBufferOffset(merged.hugePages === true);
  let complete = true;
  for (const side of ["writer", "reader"] as const) {
    if (merged[side] !== undefined) continue;
    complete = false;
    const choices = side === "writer" ? "write, vmsplice" : "read, splice";
    const where = draft.group === "matrix"
      ? "in this include entry, in `defaults` or as a matrix axis"
      : "here or in `defaults`";
    problems.push(
      originProblem(source, draft.origin, `\`${side}\` is missing: set it ${where} (${choices} or {command: [...]})`),
    );
  }
  if (!complete) return null;
  const params = Object.fromEntries(
    FIELD_NAMES.map((field) => [field, copyValue(merged[field])]),
  ) as unknown as CaseParams;
  return { ...draft, sources, params };
}

function copyValue(value: unknown): unknown {
  return value !== null && typeof value === "object" ? structuredClone(value) : value;
}

function isCommand(endpoint: CaseParams["writer"] | CaseParams["reader"]): endpoint is CommandEndpoint {
  return typeof endpoint === "object";
}

/** A rule broken by a case, blamed on one field. */
interface Violation {
  field: FieldName;
  message: string;
}

/** `head -c N`: the bytes it stops after, if it is that command. */
function headByteCount(endpoint: CaseParams["writer"]): number | null {
  if (!isCommand(endpoint) || endpoint.command[0]?.split("/").pop() !== "head") return null;
  const args = endpoint.command.slice(1);
  for (let index = 0; index < args.length; index++) {
    const argument = args[index];
    let count: string | undefined;
    if (argument === "-c" || argument === "--bytes") count = args[index + 1];
    else if (argument.startsWith("--bytes=")) count = argument.slice("--bytes=".length);
    else if (/^-c\d/.test(argument)) count = argument.slice(2);
    if (count !== undefined && /^\d+$/.test(count)) return Number(count);
  }
  return null;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

function vmspliceViolations(params: CaseParams): Violation[] {
  if (params.writer !== "vmsplice") return [];
  const violations: Violation[] = [];
  const half = params.bufferSize / 2;
  if (params.bufferSize % (2 * PAGE_BYTES) !== 0) {
    const lower = Math.max(2 * PAGE_BYTES, Math.floor(params.bufferSize / (2 * PAGE_BYTES)) * 2 * PAGE_BYTES);
    const upper = Math.ceil(params.bufferSize / (2 * PAGE_BYTES)) * 2 * PAGE_BYTES;
    const choices = lower === upper ? formatSize(lower) : `${formatSize(lower)} or ${formatSize(upper)}`;
    violations.push({
      field: "bufferSize",
      message: `\`writer: vmsplice\` splits the buffer into two halves of whole ${PAGE_BYTES}-byte pages, so ` +
        `bufferSize must be even and a multiple of the page size twice over (8KiB); ` +
        `${params.bufferSize} bytes is not: try ${choices}`,
    });
  } else if (!isPowerOfTwo(half / PAGE_BYTES)) {
    const pages = half / PAGE_BYTES;
    const below = 2 ** Math.floor(Math.log2(pages)) * 2 * PAGE_BYTES;
    violations.push({
      field: "bufferSize",
      message: `\`writer: vmsplice\` sizes the pipe to one half (${formatSize(half)}, ${pages} pages), but the ` +
        "kernel rounds a pipe up to a power-of-two number of pages, so the pipe would hold more than a half and " +
        `a half could be rewritten while still in it: use ${formatSize(below)} or ${formatSize(below * 2)}`,
    });
  } else if (params.pipeSize !== null && params.pipeSize !== half) {
    violations.push({
      field: "pipeSize",
      message: `\`writer: vmsplice\` sets the pipe size itself to half the buffer (${formatSize(half)}), so the ` +
        "pipe holds one half while the other is refilled; remove `pipeSize` or set it to " + formatSize(half),
    });
  }
  return violations;
}

function pipeLimitViolations(params: CaseParams, context: ScenarioContext): Violation[] {
  const limit = context.pipeMaxSize;
  if (limit === undefined || limit === null || context.mayExceedPipeMaxSize === true) return [];
  const vmsplice = params.writer === "vmsplice";
  const wanted = vmsplice ? params.bufferSize / 2 : params.pipeSize;
  if (wanted === null || wanted <= limit) return [];
  const what = vmsplice
    ? `vmsplice's pipe of half the buffer (${formatSize(wanted)})`
    : `pipeSize ${formatSize(wanted)}`;
  return [{
    field: vmsplice ? "bufferSize" : "pipeSize",
    message: `${what} is above this machine's /proc/sys/fs/pipe-max-size (${formatSize(limit)}, ${limit} bytes), ` +
      `the limit without CAP_SYS_RESOURCE: run as root (with that capability) or raise it with ` +
      `\`sudo sysctl fs.pipe-max-size=${wanted}\``,
  }];
}

function endpointViolations(params: CaseParams): Violation[] {
  const violations: Violation[] = [];
  if (params.gift && params.writer !== "vmsplice" && params.reader !== "splice") {
    violations.push({
      field: "gift",
      message: "`gift` sets SPLICE_F_GIFT on vmsplice or SPLICE_F_MOVE on splice: it needs `writer: vmsplice` " +
        "or `reader: splice`",
    });
  }
  if (params.sameBuffer && params.writer !== "vmsplice") {
    violations.push({
      field: "sameBuffer",
      message: "`sameBuffer` splits the vmsplice buffer in two halves: it needs `writer: vmsplice`",
    });
  }
  if (params.verify && (isCommand(params.writer) || isCommand(params.reader))) {
    violations.push({
      field: "verify",
      message: "`verify` checks the page pattern of the built-in writer on the built-in reader: it is not allowed " +
        "with an external command",
    });
  } else if (params.verify && params.reader === "splice") {
    violations.push({
      field: "verify",
      message: "`verify` checks every page as it is read: it needs `reader: read` (splice moves the pages to " +
        "/dev/null without looking at them)",
    });
  }
  return violations;
}

function boundViolations(params: CaseParams): Violation[] {
  const violations: Violation[] = [];
  if (params.bytes === 0 && params.duration === 0) {
    violations.push({ field: "bytes", message: "a run needs an end: `bytes` and `duration` are both 0" });
  }
  const headBytes = headByteCount(params.writer);
  if (headBytes !== null && params.bytes + DEFAULT_WARMUP_BYTES > headBytes) {
    violations.push({
      field: "bytes",
      message: `the writer \`head -c ${headBytes}\` stops after ${formatSize(headBytes)} but the case measures ` +
        `${formatSize(params.bytes)} plus the reader's ${formatSize(DEFAULT_WARMUP_BYTES)} warm-up: lower \`bytes\` ` +
        "or raise the count",
    });
  }
  if (headBytes !== null && params.duration > 0) {
    violations.push({
      field: "duration",
      message: `the writer \`head -c ${headBytes}\` ends on its own, so a minimum duration cannot be guaranteed: ` +
        "set `duration: 0`",
    });
  }
  return violations;
}

/** Every rule of the post the case breaks. */
function ruleViolations(params: CaseParams, context: ScenarioContext): Violation[] {
  return [
    ...vmspliceViolations(params),
    ...pipeLimitViolations(params, context),
    ...endpointViolations(params),
    ...boundViolations(params),
  ];
}

/**
 * What stops a case from running on this machine (a pipe above `pipe-max-size` without root), as
 * messages; empty when it can run. For callers that load without a context and would rather skip
 * such cases than refuse the whole file.
 *
 * @example
 * ```ts
 * const { cases } = await loadScenarioFiles(["scenarios/buffer-sweep.yaml"]);
 * const runnable = cases.filter((c) => caseMachineProblems(c, { pipeMaxSize: 1048576 }).length === 0);
 * ```
 */
export function caseMachineProblems(c: Case, context: ScenarioContext): string[] {
  return pipeLimitViolations(c.params, context).map((violation) => violation.message);
}

/** Reports each broken rule once per place, naming the cases that break it there. */
function reportViolations(resolved: Resolved[], context: ScenarioContext, source: YamlSource, problems: Problem[]) {
  const groups = new Map<string, { path: Path; message: string; cases: string[]; isField: boolean }>();
  for (const draft of resolved) {
    for (const violation of ruleViolations(draft.params, context)) {
      const path = draft.sources[violation.field] ?? draft.origin;
      const key = `${pathToString(path)}\n${violation.message}`;
      const group = groups.get(key) ?? { path, message: violation.message, cases: [], isField: path !== draft.origin };
      group.cases.push(draft.name ?? "?");
      groups.set(key, group);
    }
  }
  for (const { path, message, cases, isField } of groups.values()) {
    const shown = cases.slice(0, 3).map((name) => `\`${name}\``).join(", ");
    const more = cases.length > 3 ? ` and ${cases.length - 3} more` : "";
    const which = cases.length === 1 ? `case ${shown}` : `cases ${shown}${more}`;
    const text = `${message} (${which})`;
    problems.push(isField ? problemAt(source, path, text) : originProblem(source, path, text));
  }
}

// ---------------------------------------------------------------------------------------------
// Names and ids
// ---------------------------------------------------------------------------------------------

function endpointLabel(endpoint: CaseParams["writer"] | CaseParams["reader"]): string {
  return isCommand(endpoint) ? endpoint.command.join(" ") : endpoint;
}

/** A field's value as it appears in names. */
function fieldLabel(field: FieldName, params: CaseParams): string {
  switch (field) {
    case "writer":
    case "reader":
      return endpointLabel(params[field]);
    case "bufferSize":
    case "bytes":
      return formatSize(params[field]);
    case "pipeSize":
      return params.pipeSize === null ? "default" : formatSize(params.pipeSize);
    case "duration":
      return formatDuration(params.duration);
    case "cpus":
      return params.cpus === null ? "none" : `${params.cpus.writer},${params.cpus.reader}`;
    default:
      return String(params[field]);
  }
}

const FLAG_WORDS: readonly { word: string; isOn: (params: CaseParams) => boolean }[] = [
  { word: "huge", isOn: (params) => params.hugePages },
  { word: "busy", isOn: (params) => params.busyLoop },
  { word: "poll", isOn: (params) => params.poll },
  { word: "gift", isOn: (params) => params.gift },
  { word: "locked", isOn: (params) => params.lockMemory },
  { word: "untouched", isOn: (params) => !params.touchPages },
  { word: "same-buffer", isOn: (params) => params.sameBuffer },
  { word: "verify", isOn: (params) => params.verify },
];

const VARYING_WORDS: readonly { field: FieldName; label: (params: CaseParams) => string }[] = [
  { field: "bufferSize", label: (params) => fieldLabel("bufferSize", params) },
  { field: "pipeSize", label: (params) => `pipe ${fieldLabel("pipeSize", params)}` },
  { field: "bytes", label: (params) => `bytes ${fieldLabel("bytes", params)}` },
  { field: "duration", label: (params) => `min ${fieldLabel("duration", params)}` },
  { field: "repetitions", label: (params) => `reps ${params.repetitions}` },
  { field: "warmup", label: (params) => `warmup ${params.warmup}` },
  { field: "cpus", label: (params) => params.cpus === null ? "unpinned" : `cpus ${fieldLabel("cpus", params)}` },
];

/**
 * The default name of a matrix case: `writer→reader`, the flags that are on, then the other
 * fields that vary across the matrix, e.g. `vmsplice→splice huge 256KiB`.
 */
function defaultCaseName(params: CaseParams, varying: ReadonlySet<FieldName>): string {
  const words = [`${endpointLabel(params.writer)}→${endpointLabel(params.reader)}`];
  for (const { word, isOn } of FLAG_WORDS) if (isOn(params)) words.push(word);
  for (const { field, label } of VARYING_WORDS) if (varying.has(field)) words.push(label(params));
  // Named only when it is not what the huge-page setting implies anyway.
  if (params.bufferOffset !== defaultBufferOffset(params.hugePages)) words.push(`offset ${params.bufferOffset}`);
  return words.join(" ");
}

function varyingFields(cases: readonly Resolved[]): Set<FieldName> {
  return new Set(
    FIELD_NAMES.filter((field) => cases.some((other) => !deepEqual(other.params[field], cases[0].params[field]))),
  );
}

const TEMPLATE_PLACEHOLDER = /\{([^{}]*)\}/g;

function checkTemplate(template: string, source: YamlSource, problems: Problem[]): boolean {
  const unknown = [...template.matchAll(TEMPLATE_PLACEHOLDER)].map((match) => match[1]).filter((name) =>
    !isFieldName(name)
  );
  for (const name of unknown) {
    const guess = closestName(name, FIELD_NAMES);
    const hint = guess === null ? `use one of: ${FIELD_NAMES.join(", ")}` : `did you mean \`{${guess}}\`?`;
    problems.push(problemAt(source, ["matrix", "name"], `unknown field \`{${name}}\` in the name template; ${hint}`));
  }
  return unknown.length === 0;
}

function renderTemplate(template: string, params: CaseParams): string {
  return template.replace(TEMPLATE_PLACEHOLDER, (_, field: FieldName) => fieldLabel(field, params));
}

/**
 * The slug of a case name, as used in ids: lowercase, `→` becomes `-to-`, anything but letters,
 * digits and `_` becomes `-`, repeats collapsed.
 *
 * @example
 * ```ts
 * caseSlug("vmsplice→splice huge 256KiB"); // "vmsplice-to-splice-huge-256kib"
 * ```
 */
export function caseSlug(name: string): string {
  return name.toLowerCase()
    .replaceAll("→", "-to-")
    .replace(/[^a-z0-9_]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}

function nameMatrixCases(matrixCases: Resolved[], template: string | null) {
  const varying = varyingFields(matrixCases);
  for (const resolved of matrixCases) {
    if (resolved.name !== null) continue;
    resolved.name = template === null
      ? defaultCaseName(resolved.params, varying)
      : renderTemplate(template, resolved.params);
  }
}

/** Builds the cases, reporting empty slugs and duplicate ids. */
function buildCases(
  scenarioName: string,
  resolved: Resolved[],
  template: string | null,
  source: YamlSource,
  problems: Problem[],
): Case[] {
  const seen = new Map<string, Resolved>();
  const cases: Case[] = [];
  for (const draft of resolved) {
    const name = draft.name ?? "";
    const where = nameLocation(draft, template);
    const slug = caseSlug(name);
    if (slug === "") {
      const message = `the case name ${quoteValue(name)} has no letter or digit to make an id from`;
      problems.push(caseProblem(source, draft, where, message));
      continue;
    }
    const id = `${scenarioName}/${slug}`;
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push(caseProblem(source, draft, where, duplicateMessage(name, id, first, template, source)));
      continue;
    }
    seen.set(id, draft);
    cases.push({ id, name, scenario: scenarioName, params: draft.params });
  }
  return cases;
}

/** A problem about a case's name: at its value, or at the case itself. */
function caseProblem(source: YamlSource, draft: Draft, where: Path, message: string): Problem {
  return where === draft.origin ? originProblem(source, where, message) : problemAt(source, where, message);
}

/** Where a case's name comes from: its `name`, the matrix's template, or the case itself. */
function nameLocation(draft: Resolved, template: string | null): Path {
  if (draft.nameSource !== null) return draft.nameSource;
  return draft.group === "matrix" && template !== null ? ["matrix", "name"] : draft.origin;
}

function duplicateMessage(
  name: string,
  id: string,
  first: Resolved,
  template: string | null,
  source: YamlSource,
): string {
  const firstAt = caseProblem(source, first, nameLocation(first, template), "");
  const where = `${firstAt.path} (line ${firstAt.line})`;
  let fix = "; rename one";
  if (first.group === "matrix" && first.nameSource === null) {
    fix = template === null
      ? "; give the matrix a `name` template (or include entries a `name`) that tells them apart"
      : "; the `name` template must tell the combinations apart: add the fields that vary, e.g. `{bufferSize}`";
  }
  if (first.name === name) return `duplicate case name ${quoteValue(name)}, first at ${where}${fix}`;
  return `case ${quoteValue(name)} gets the id \`${id}\`, like ${quoteValue(first.name ?? "")} at ${where}${fix}`;
}

// ---------------------------------------------------------------------------------------------
// parseScenario
// ---------------------------------------------------------------------------------------------

interface ScenarioParts {
  name: string | null;
  description: string | null;
  defaults: CaseFields | undefined;
  drafts: Draft[];
  template: string | null;
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readParts(root: Record<string, unknown>, source: YamlSource, problems: Problem[]): ScenarioParts {
  validatePart(source, root, [], topLevelSchema, problems);
  const parts: ScenarioParts = {
    name: typeof root.name === "string" && SCENARIO_NAME_PATTERN.test(root.name) ? root.name : null,
    description: typeof root.description === "string" ? root.description : null,
    defaults: {},
    drafts: [],
    template: null,
  };
  if (root.defaults !== undefined) parts.defaults = validatePart(source, root, ["defaults"], defaultsSchema, problems);
  readCases(root, source, problems, parts);
  readMatrix(root, source, problems, parts);
  if (root.cases === undefined && root.matrix === undefined) {
    problems.push(problemAt(source, [], "a scenario needs `cases` (a list of named cases) or a `matrix`"));
  }
  return parts;
}

function readCases(root: Record<string, unknown>, source: YamlSource, problems: Problem[], parts: ScenarioParts) {
  if (root.cases === undefined) return;
  if (!Array.isArray(root.cases)) {
    validatePart(source, root, ["cases"], z.array(z.unknown(), { error: expected("a list of cases") }), problems);
    return;
  }
  if (root.cases.length === 0) problems.push(problemAt(source, ["cases"], "`cases` is empty"));
  root.cases.forEach((_, index) => {
    const entry = validatePart(source, root, ["cases", index], caseEntrySchema, problems);
    if (entry !== undefined) parts.drafts.push(caseDraft(entry, index));
  });
}

function readMatrix(root: Record<string, unknown>, source: YamlSource, problems: Problem[], parts: ScenarioParts) {
  if (root.matrix === undefined) return;
  const matrix = validatePart(source, root, ["matrix"], matrixSchema, problems);
  if (matrix === undefined || !isPlainMapping(root.matrix)) return;
  if (matrix.name !== undefined && checkTemplate(matrix.name, source, problems)) parts.template = matrix.name;
  parts.drafts.push(...matrixDrafts({ matrix, rawMatrix: root.matrix, source, problems }));
}

function emptyScenario(file: string, parts?: ScenarioParts): LoadedScenario {
  return { name: parts?.name ?? "", description: parts?.description ?? null, file, cases: [] };
}

function sortAndCap(problems: Problem[]): Problem[] {
  const unique = new Map(problems.map((problem) => [formatProblem(problem), problem]));
  const sorted = [...unique.values()].sort((a, b) => a.line - b.line || a.column - b.column);
  if (sorted.length <= MAX_PROBLEMS_PER_FILE) return sorted;
  const rest = sorted.length - MAX_PROBLEMS_PER_FILE;
  const last = sorted[MAX_PROBLEMS_PER_FILE - 1];
  return [...sorted.slice(0, MAX_PROBLEMS_PER_FILE), { ...last, path: "", message: `… and ${rest} more problems` }];
}

/** parseScenario plus where the scenario's name is, for cross-file checks. */
function parseScenarioWithSource(
  text: string,
  file: string,
  context: ScenarioContext,
): ParsedScenario & { source: YamlSource } {
  const source: YamlSource = { file, document: null, lineCounter: new LineCounter() };
  const problems: Problem[] = [];
  const done = (scenario: LoadedScenario) => ({ scenario, problems: sortAndCap(problems), source });
  if (text.length > MAX_SCENARIO_FILE_BYTES) {
    const message = `the file is ${text.length} characters, more than a scenario may have (${MAX_SCENARIO_FILE_BYTES})`;
    problems.push({ file, line: 1, column: 1, path: "", message });
    return done(emptyScenario(file));
  }
  const root = parseYaml(text, source, problems);
  if (root === undefined) return done(emptyScenario(file));
  if (!isPlainMapping(root)) {
    problems.push(
      problemAt(
        source,
        [],
        `the top level must be a mapping (name, description, defaults, cases, matrix), not ${describeInput(root)}`,
      ),
    );
    return done(emptyScenario(file));
  }
  const parts = readParts(root, source, problems);
  // Without valid defaults every merged value is a guess: report the schema problems only.
  if (parts.defaults === undefined) return done(emptyScenario(file, parts));
  const cases = expandParts(parts, source, problems, context);
  return done({ ...emptyScenario(file, parts), cases });
}

function expandParts(parts: ScenarioParts, source: YamlSource, problems: Problem[], context: ScenarioContext): Case[] {
  if (parts.drafts.length > MAX_CASES_PER_SCENARIO) {
    problems.push(
      problemAt(source, [], `the scenario has ${parts.drafts.length} cases, more than ${MAX_CASES_PER_SCENARIO}`),
    );
    return [];
  }
  const resolved = parts.drafts.map((draft) => resolveDraft(draft, parts.defaults ?? {}, source, problems))
    .filter((draft): draft is Resolved => draft !== null);
  const matrixCases = resolved.filter((draft) => draft.group === "matrix");
  if (matrixCases.length > 0) nameMatrixCases(matrixCases, parts.template);
  reportViolations(resolved, context, source, problems);
  return parts.name === null ? [] : buildCases(parts.name, resolved, parts.template, source, problems);
}

/**
 * Parses and validates one scenario file's text and expands its cases. Pure: no file access.
 * Never throws for bad input; every problem is returned, each with its line and column.
 *
 * @param text The YAML.
 * @param file The name to put in problems and in `scenario.file`.
 * @param context What the machine allows (`pipeMaxSize`, `mayExceedPipeMaxSize`), to check pipe sizes against.
 *
 * @example
 * ```ts
 * const { scenario, problems } = parseScenario("name: demo\ncases:\n  - {name: plain, writer: write, reader: read}\n", "demo.yaml");
 * problems; // []
 * scenario.cases[0].id; // "demo/plain"
 * scenario.cases[0].params.bufferSize; // 262144
 * ```
 */
export function parseScenario(text: string, file: string, context: ScenarioContext = {}): ParsedScenario {
  const { scenario, problems } = parseScenarioWithSource(text, file, context);
  return { scenario, problems };
}

/**
 * Reads, validates and expands scenario files.
 *
 * @throws {ScenarioError} with every problem of every file (unreadable files, YAML errors,
 * schema errors, broken rules, duplicate scenario names); never anything else.
 *
 * @example
 * ```ts
 * const { scenarios, cases } = await loadScenarioFiles(["scenarios/blog.yaml"], { pipeMaxSize: 1048576 });
 * console.log(scenarios[0].name, cases.length); // "blog" 7
 * ```
 */
export async function loadScenarioFiles(paths: string[], context: ScenarioContext = {}): Promise<LoadedScenarios> {
  const problems: Problem[] = [];
  const scenarios: LoadedScenario[] = [];
  const firstByName = new Map<string, string>();
  for (const path of paths) {
    let text: string;
    try {
      text = await readScenarioText(path);
    } catch (error) {
      problems.push({
        file: path,
        line: 1,
        column: 1,
        path: "",
        message: `cannot read the file: ${(error as Error).message}`,
      });
      continue;
    }
    const parsed = parseScenarioWithSource(text, path, context);
    problems.push(...parsed.problems);
    const name = parsed.scenario.name;
    const first = firstByName.get(name);
    if (name !== "" && first !== undefined) {
      problems.push(
        problemAt(parsed.source, ["name"], `another scenario is named \`${name}\` (${first}); names must be unique`),
      );
    } else if (name !== "") firstByName.set(name, path);
    scenarios.push(parsed.scenario);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return { scenarios, cases: scenarios.flatMap((scenario) => scenario.cases) };
}

async function readScenarioText(path: string): Promise<string> {
  const info = await Deno.stat(path);
  if (!info.isFile) throw new Error("not a file");
  if (info.size > MAX_SCENARIO_FILE_BYTES) {
    throw new Error(`${info.size} bytes, more than a scenario file may have (${MAX_SCENARIO_FILE_BYTES})`);
  }
  return await Deno.readTextFile(path);
}

/**
 * A case as plain JSON data (`{id, name, scenario, params}`, sizes in bytes, durations in
 * seconds), detached from the loaded case.
 *
 * @example
 * ```ts
 * const { cases } = await loadScenarioFiles(["scenarios/blog.yaml"]);
 * console.log(JSON.stringify(cases.map(caseToJson)));
 * ```
 */
export function caseToJson(c: Case): CaseJson {
  const params = Object.fromEntries(FIELD_NAMES.map((field) => [field, copyValue(c.params[field])]));
  return { id: c.id, name: c.name, scenario: c.scenario, params: params as unknown as CaseParams };
}
