/**
 * Matrix expansion with GitHub Actions semantics: the cartesian product of the axes, then
 * `exclude` removes the combinations it matches, then `include` extends the ones whose axis values
 * it matches or adds one of its own.
 *
 * @module
 */
import { FIELD_NAMES, type FieldName, isFieldName } from "../model/params.ts";
import { valueAt } from "./_issues.ts";
import { type Path, type Problem, problemAt, type YamlSource } from "./_problems.ts";
import type { CaseFields, Draft, FieldSources, FieldValues, MatrixData } from "./_types.ts";

/** Most cases one scenario may expand to. */
export const MAX_CASES_PER_SCENARIO = 1000;

/** The present fields of an entry, with where each is. */
export function fieldsOf(entry: CaseFields, base: Path): { values: FieldValues; sources: FieldSources } {
  const values: Record<string, unknown> = {};
  const sources: FieldSources = {};
  for (const field of FIELD_NAMES) {
    if (entry[field] === undefined) continue;
    values[field] = entry[field];
    sources[field] = [...base, field];
  }
  return { values: values as FieldValues, sources };
}

/** Structural equality of plain data. */
export function deepEqual(a: unknown, b: unknown): boolean {
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

interface Combination {
  values: Record<string, unknown>;
  sources: FieldSources;
  name: string | null;
  nameSource: Path | null;
  origin: Path;
}

export interface MatrixInput {
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
export function matrixDrafts(input: MatrixInput): Draft[] {
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
