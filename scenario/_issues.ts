/**
 * zod's issues as scenario problems: each at its YAML node, a union's issue narrowed to the branch
 * that fits the value's kind, and unknown keys with the closest known key.
 *
 * @module
 */
import type { z } from "zod";
import { quoteValue } from "../model/schema-parts.ts";
import { closestName } from "../model/suggest.ts";
import { type Path, type PathSegment, type Problem, problemAt, type YamlSource } from "./_problems.ts";
import { scenarioSchema } from "./_schema.ts";

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const guess = closestName(key, known);
  if (guess !== null) return `unknown key ${quoteValue(key)}; did you mean \`${guess}\`?`;
  return `unknown key ${quoteValue(key)}; expected one of: ${known.join(", ")}`;
}

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

type Issue = z.core.$ZodIssue;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

export function valueAt(root: unknown, path: Path): unknown {
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
export function validatePart<T extends z.ZodType>(
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
