/**
 * One scenario file's text to its cases: YAML, the top level, `defaults`, `cases` and `matrix`
 * validated piecewise (so every problem is found at once), drafts resolved against the defaults,
 * rules checked, matrix cases named, ids built.
 *
 * @module
 */
import { LineCounter } from "yaml";
import { z } from "zod";
import { FIELD_NAMES, withDefaults } from "../model/params.ts";
import { describeInput, expected } from "../model/schema-parts.ts";
import type { Case } from "../model/types.ts";
import { validatePart } from "./_issues.ts";
import { ENDPOINT_MODES } from "../model/fields.ts";
import { fieldsOf, matrixDrafts, MAX_CASES_PER_SCENARIO } from "./_matrix.ts";
import { buildCases, checkTemplate, nameMatrixCases } from "./_naming.ts";
import { originProblem, type Problem, problemAt, sortAndCap, type YamlSource } from "./_problems.ts";
import { reportViolations } from "./_rules.ts";
import { caseEntrySchema, defaultsSchema, matrixSchema, SCENARIO_NAME_PATTERN, topLevelSchema } from "./_schema.ts";
import type {
  CaseFields,
  Draft,
  FieldSources,
  LoadedScenario,
  ParsedScenario,
  Resolved,
  ScenarioContext,
} from "./_types.ts";
import { parseYaml } from "./_yaml.ts";

/** Largest scenario file read, in bytes: scenario files are small, hostile ones are not. */
export const MAX_SCENARIO_FILE_BYTES = 256 * 1024;

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

/** A draft with every field resolved: its own values over `defaults` over the fields' defaults. */
function resolveDraft(draft: Draft, defaults: CaseFields, source: YamlSource, problems: Problem[]): Resolved | null {
  const merged: Record<string, unknown> = {};
  const sources: FieldSources = {};
  for (const field of FIELD_NAMES) {
    if (defaults[field] !== undefined) [merged[field], sources[field]] = [defaults[field], ["defaults", field]];
    if (draft.values[field] !== undefined) {
      [merged[field], sources[field]] = [draft.values[field], draft.sources[field]];
    }
  }
  let complete = true;
  for (const side of ["writer", "reader"] as const) {
    if (merged[side] !== undefined) continue;
    complete = false;
    const choices = ENDPOINT_MODES[side].join(", ");
    const where = draft.group === "matrix"
      ? "in this include entry, in `defaults` or as a matrix axis"
      : "here or in `defaults`";
    problems.push(
      originProblem(source, draft.origin, `\`${side}\` is missing: set it ${where} (${choices} or {command: [...]})`),
    );
  }
  if (!complete) return null;
  return { ...draft, sources, params: withDefaults(merged as Parameters<typeof withDefaults>[0]) };
}

function emptyScenario(file: string, parts?: ScenarioParts): LoadedScenario {
  return { name: parts?.name ?? "", description: parts?.description ?? null, file, cases: [] };
}

/** parseScenario plus where the scenario's name is, for cross-file checks. */
export function parseScenarioWithSource(
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
