/**
 * The zod building blocks of case fields and results: each kind of value (size, duration, flag,
 * count, endpoint, CPU pair) as a scenario authors write it — with the messages they read when
 * they get it wrong — and as `results.json` stores it.
 *
 * @module
 */
import { z } from "zod";
import {
  ACCEPTED_DURATION_FORMS,
  ACCEPTED_SIZE_FORMS,
  DURATION_PATTERN,
  formatSize,
  MAX_REPETITIONS,
  parseDuration,
  parseSize,
  SIZE_PATTERN,
} from "./sizes.ts";
import { closestName } from "./suggest.ts";

/** Highest CPU number accepted for pinning (`CPU_SETSIZE` - 1). */
const MAX_CPU_INDEX = 1023;

/** What a value is, for messages: `a list`, ``the string `x` ``, ``number `3` ``... */
export function describeInput(input: unknown): string {
  if (input === undefined) return "nothing";
  if (input === null) return "null (an empty value)";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object") return "a mapping";
  if (typeof input === "string") return `the string ${quoteValue(input)}`;
  return `${typeof input} ${quoteValue(String(input))}`;
}

/** A value in backquotes, cut at 40 characters. */
export function quoteValue(value: string): string {
  return "`" + (value.length > 40 ? value.slice(0, 40) + "…" : value) + "`";
}

/** A zod error function: "missing" when the key is absent, else `expected …, got …`. */
export function expected(what: string): (issue: { input?: unknown }) => string {
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

// ---- As written in scenario files ----------------------------------------------------------

/** A size (`256KiB`, `1GiB`, a number of bytes), at least `minimumBytes`; `tooSmall` may name `{value}`. */
export function sizeSchema(description: string, minimumBytes: number, tooSmall: string) {
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

/** A duration (`1s`, `500ms`, a number of seconds). */
export function durationSchema(description: string, examples: unknown[]) {
  return z.union([
    z.number().meta({ minimum: 0 }),
    z.string().meta({ pattern: DURATION_PATTERN }),
  ], { error: expected(`a duration: ${ACCEPTED_DURATION_FORMS}`) })
    .transform(parsedBy(parseDuration))
    .meta({ description, examples });
}

/** The accepted form of a percentage, for messages. */
const PERCENT_FORM = "a percentage such as 2% (more than 0, below 100)";

/** `2.5%` as a fraction: 0.025. */
function percentFraction(text: string): number {
  return Number(text.replace("%", "").trim()) / 100;
}

/** A percentage written `2%` (or `2.5%`), stored as a fraction (0.02). */
export function percentSchema(description: string) {
  return z.string({ error: expected(PERCENT_FORM) })
    .regex(/^\s*\d+(\.\d+)?\s*%\s*$/, { error: expected(PERCENT_FORM) })
    // The range is checked on the text, before the transform, so an error quotes `150%` as typed.
    .refine((text) => percentFraction(text) > 0 && percentFraction(text) < 1, { error: expected(PERCENT_FORM) })
    .transform(percentFraction)
    .meta({ description, examples: ["2%", "0.5%"] });
}

/** A flag; its description ends with its default. */
export function booleanSchema(description: string, defaultValue: boolean) {
  return z.boolean({
    error: (issue) => {
      const hint = typeof issue.input === "string" && /^(yes|no|on|off|y|n|true|false)$/i.test(issue.input)
        ? " (YAML 1.2 reads `yes`/`on` as strings: write true or false)"
        : "";
      return `${expected("true or false")(issue)}${hint}`;
    },
  }).meta({ description: `${description} Default ${defaultValue}.` });
}

/** A whole number from `minimum` to `maximum`. */
export function countSchema(description: string, minimum: number, maximum: number) {
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

/** One end of the pipe: one of the built-in modes, or an external program. */
export function endpointSchema<const Modes extends readonly [string, ...string[]]>(
  side: "writer" | "reader",
  modes: Modes,
  description: string,
) {
  const choices = `${modes.join(", ")} or {command: [program, arguments...]}`;
  return z.union([
    z.enum(modes, { error: (issue) => unknownChoiceMessage(issue.input, modes, choices) }),
    commandSchema,
  ], { error: expected(`the ${side}: ${choices}`) }).meta({ description });
}

/** One of a few words (`halves`, `whole`); a misspelt word gets a "did you mean". */
export function choiceSchema<const Choices extends readonly [string, ...string[]]>(
  choices: Choices,
  description: string,
) {
  const listed = choices.slice(0, -1).join(", ") + (choices.length > 1 ? " or " : "") + choices.at(-1);
  return z.enum(choices, { error: (issue) => unknownChoiceMessage(issue.input, choices, listed) })
    .meta({ description });
}

function unknownChoiceMessage(input: unknown, choices: readonly string[], listed: string): string {
  const guess = typeof input === "string" ? closestName(input, choices) : null;
  const suggestion = guess === null ? "" : ` (did you mean \`${guess}\`?)`;
  return `expected ${listed}, got ${describeInput(input)}${suggestion}`;
}

const cpuIndexSchema = z.int({ error: expected(`a CPU number from 0 to ${MAX_CPU_INDEX}`) })
  .min(0, { error: expected(`a CPU number from 0 to ${MAX_CPU_INDEX}`) })
  .max(MAX_CPU_INDEX, { error: expected(`a CPU number from 0 to ${MAX_CPU_INDEX}`) });

/** A CPU for each side, or `none` (read as `null`). */
export function cpuPairSchema(description: string) {
  return z.union([
    z.literal("none", { error: expected("`none` or {writer: N, reader: N}") }).transform(() => null),
    z.strictObject({ writer: cpuIndexSchema, reader: cpuIndexSchema }),
  ], { error: expected("{writer: N, reader: N} (CPU numbers) or `none`") }).meta({ description });
}

// ---- As stored in results.json ------------------------------------------------------------

/** A finite number. */
export const finite = z.number().refine(Number.isFinite, "not a finite number");
/** A whole number, 0 or more. */
export const count = z.number().int().min(0);

/**
 * An object that accepts and keeps unknown keys (a newer pipespeed may add fields without
 * breaking older readers), typed as exactly its known keys: the types derived from the results
 * schema stay as strict as hand-written interfaces (no index signature hides a typo).
 */
export function looseObject<const Shape extends z.core.$ZodLooseShape>(shape: Shape): z.ZodObject<Shape> {
  return z.looseObject(shape) as unknown as z.ZodObject<Shape>;
}

/** One end of the pipe as stored: a built-in mode or `{command: [...]}`. */
export function storedEndpoint<const Modes extends readonly [string, ...string[]]>(modes: Modes) {
  return z.union([z.enum(modes), looseObject({ command: z.array(z.string()).min(1) })]);
}
