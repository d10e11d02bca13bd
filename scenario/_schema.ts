/**
 * The zod schema of a scenario file (after YAML parsing), built on the case fields' shapes
 * (model/fields.ts), and the JSON Schema editors read, generated from it.
 *
 * @module
 */
import { z } from "zod";
import { caseFieldShape } from "../model/params.ts";
import { describeInput, expected } from "../model/schema-parts.ts";

/** A scenario's name: a slug. */
export const SCENARIO_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

const caseNameSchema = z.string({ error: expected("a case name (a string)") })
  .min(1, "a case name cannot be empty")
  .meta({ description: "The case's name; its id is `<scenario>/<slug of the name>`." });

/** `defaults`: any case field. */
export const defaultsSchema = z.strictObject(caseFieldShape, { error: expected("a mapping of case fields") })
  .meta({ description: "Values for every case of this file (a case or matrix entry overrides them)." });

/** One entry of `cases`. */
export const caseEntrySchema = z.strictObject({ name: caseNameSchema, ...caseFieldShape }, {
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

export const matrixSchema = z.strictObject({
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
export const topLevelSchema = z.strictObject({
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
