/**
 * A run's cases by scenario: the scenario order (first case first) and the groups, as every run
 * renderer lays them out.
 *
 * @module
 */
import type { CaseResult, Results } from "../../model/types.ts";

/** The scenario names of the results, in the order their first case appears. */
export function scenarioOrder(results: Results): string[] {
  const names = new Set<string>();
  for (const scenario of results.scenarios) names.add(scenario.name);
  const order: string[] = [];
  for (const result of results.cases) {
    if (!order.includes(result.scenario)) order.push(result.scenario);
  }
  for (const name of names) if (!order.includes(name)) order.push(name);
  return order;
}

/** The cases grouped by scenario, in results order. */
export function casesByScenario(results: Results): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const result of results.cases) {
    const group = groups.get(result.scenario);
    if (group) group.push(result);
    else groups.set(result.scenario, [result]);
  }
  return groups;
}
