/**
 * Regenerates the published JSON Schemas from their zod schemas: `scenarios/schema.json` (editors
 * check scenario files with it; from `scenario/scenario.ts`) and `model/results.schema.json` (the
 * format of results.json; from `model/results-schema.ts`). Tests fail when either is stale.
 *
 * ```sh
 * deno run --allow-write=scenarios,model scripts/gen-schema.ts
 * ```
 *
 * @module
 */
import { resultsJsonSchema } from "../model/results-schema.ts";
import { scenarioJsonSchema } from "../scenario/scenario.ts";

/** Where the schema lives, next to the scenario files that reference it. */
export const SCHEMA_PATH: URL = new URL("../scenarios/schema.json", import.meta.url);

/** The exact text of `scenarios/schema.json`: two-space JSON and a final newline. */
export function schemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + "\n";
}

/** Where the results schema lives, next to the code that writes results. */
export const RESULTS_SCHEMA_PATH: URL = new URL("../model/results.schema.json", import.meta.url);

/** The exact text of `model/results.schema.json`. */
export function resultsSchemaText(): string {
  return JSON.stringify(resultsJsonSchema(), null, 2) + "\n";
}

if (import.meta.main) {
  await Deno.writeTextFile(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH.pathname}`);
  await Deno.writeTextFile(RESULTS_SCHEMA_PATH, resultsSchemaText());
  console.log(`wrote ${RESULTS_SCHEMA_PATH.pathname}`);
}
