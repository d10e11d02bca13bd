/**
 * The scenario loader, the package's `./scenario` entry: read YAML scenario files, validate them
 * (every problem located at `file:line:column`), expand their matrices into cases. Light: it does
 * not load the engine, the reports, Plotly or playwright-core.
 *
 * @example
 * ```ts
 * import { formatProblem, loadScenarioFiles, ScenarioError } from "./mod.ts";
 *
 * try {
 *   const { cases } = await loadScenarioFiles(["scenarios/blog.yaml"]);
 *   console.log(cases.map((c) => c.id));
 * } catch (error) {
 *   if (!(error instanceof ScenarioError)) throw error;
 *   for (const problem of error.problems) console.error(formatProblem(problem));
 * }
 * ```
 *
 * @module
 */
export {
  type CaseJson,
  caseToJson,
  formatProblem,
  type LoadedScenario,
  type LoadedScenarios,
  loadScenarioFiles,
  type ParsedScenario,
  parseScenario,
  type Problem,
  type ScenarioContext,
  ScenarioError,
  scenarioJsonSchema,
} from "./scenario.ts";
