/**
 * The shapes the scenario loader hands around: what it returns (public, re-exported by
 * scenario/scenario.ts) and the drafts of cases between its steps.
 *
 * @module
 */
import type { z } from "zod";
import type { CaseParams, FieldName } from "../model/params.ts";
import type { Case, ScenarioInfo } from "../model/types.ts";
import type { Path, Problem } from "./_problems.ts";
import type { defaultsSchema, matrixSchema } from "./_schema.ts";

/** A scenario with its expanded cases. */
export type LoadedScenario = ScenarioInfo & { cases: Case[] };

/** Everything loaded from a set of scenario files. */
export interface LoadedScenarios {
  /** Each scenario, in the order of the files. */
  scenarios: LoadedScenario[];
  /** All cases of all scenarios, in order. */
  cases: Case[];
}

/** What the machine allows, to check pipe sizes and CPUs against (omit it to skip those checks). */
export interface ScenarioContext {
  /** `/proc/sys/fs/pipe-max-size`, or `null`/absent when unknown. */
  pipeMaxSize?: number | null;
  /** The process may go above `pipeMaxSize` (it has CAP_SYS_RESOURCE, as root usually does). */
  mayExceedPipeMaxSize?: boolean;
  /** The CPUs this process may run on (its affinity), to check `cpus` against; absent or empty when unknown. */
  allowedCpus?: readonly number[] | null;
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

/** Case field values as written, before defaults. */
export type FieldValues = Partial<CaseParams>;
/** Where each written value is in the document. */
export type FieldSources = Partial<Record<FieldName, Path>>;
/** A mapping of case fields, as validated (`defaults`, a case entry without its name...). */
export type CaseFields = z.output<typeof defaultsSchema>;
/** A `matrix`, as validated. */
export type MatrixData = z.output<typeof matrixSchema>;

/** A case as written, before defaults: its values and where each came from. */
export interface Draft {
  /** Explicit name (case entry, include entry), else named from the matrix. */
  name: string | null;
  /** Where the explicit name is. */
  nameSource: Path | null;
  /** Its values as written. */
  values: FieldValues;
  /** Where each value is. */
  sources: FieldSources;
  /** The node that stands for the whole case (a case entry, `matrix`, an include entry). */
  origin: Path;
  /** Drafts from the same matrix share this (for naming by the fields that vary). */
  group: "cases" | "matrix";
}

/** A case with every field resolved. */
export interface Resolved extends Draft {
  /** Every field, defaults filled in. */
  params: CaseParams;
}
