/**
 * Names and ids of cases: the default name of a matrix case (from the fields' naming rules in
 * model/fields.ts), `{field}` templates, slugs, and the problems of empty or duplicate ids.
 *
 * @module
 */
import { CASE_FIELDS, type FieldSpec, type NameRule } from "../model/fields.ts";
import {
  type CaseParams,
  FIELD_NAMES,
  fieldLabel,
  type FieldName,
  flagWords,
  isDefaultValue,
  isFieldName,
} from "../model/params.ts";
import { quoteValue } from "../model/schema-parts.ts";
import { closestName } from "../model/suggest.ts";
import type { Case } from "../model/types.ts";
import { deepEqual } from "./_matrix.ts";
import { originProblem, type Path, type Problem, problemAt, type YamlSource } from "./_problems.ts";
import type { Draft, Resolved } from "./_types.ts";

const NAME_RULES: readonly [FieldName, NameRule<unknown>][] = FIELD_NAMES.flatMap((field) => {
  const rule = (CASE_FIELDS[field] as FieldSpec<never, never>).naming as NameRule<unknown> | undefined;
  return rule === undefined ? [] : [[field, rule] as [FieldName, NameRule<unknown>]];
});

/**
 * The default name of a matrix case: `writer→reader`, the flags that are on, then the other
 * fields that vary across the matrix, then those that are not their default, e.g.
 * `vmsplice→splice huge 256KiB`.
 */
function defaultCaseName(params: CaseParams, varying: ReadonlySet<FieldName>): string {
  const head: string[] = [];
  const varied: string[] = [];
  const unusual: string[] = [];
  for (const [field, rule] of NAME_RULES) {
    const value = params[field];
    if ("head" in rule) head.push(fieldLabel(field, params));
    else if ("flag" in rule || "flagPerValue" in rule) continue;
    else if ("varying" in rule) { if (varying.has(field)) varied.push(rule.varying(fieldLabel(field, params), value)); }
    else if (!isDefaultValue(field, params)) unusual.push(rule.unlessDefault(fieldLabel(field, params)));
  }
  return [head.join("→"), ...flagWords(params), ...varied, ...unusual].join(" ");
}

function varyingFields(cases: readonly Resolved[]): Set<FieldName> {
  return new Set(
    FIELD_NAMES.filter((field) => cases.some((other) => !deepEqual(other.params[field], cases[0].params[field]))),
  );
}

const TEMPLATE_PLACEHOLDER = /\{([^{}]*)\}/g;

export function checkTemplate(template: string, source: YamlSource, problems: Problem[]): boolean {
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

export function nameMatrixCases(matrixCases: Resolved[], template: string | null) {
  const varying = varyingFields(matrixCases);
  for (const resolved of matrixCases) {
    if (resolved.name !== null) continue;
    resolved.name = template === null
      ? defaultCaseName(resolved.params, varying)
      : renderTemplate(template, resolved.params);
  }
}

/** Builds the cases, reporting empty slugs and duplicate ids. */
export function buildCases(
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
