/**
 * Regenerates `scenarios/schema.json`, the JSON Schema editors use to check scenario files, from
 * the zod schema in `bench/scenario.ts`. `tests/scenario_test.ts` fails when the file is stale.
 *
 * ```sh
 * deno run --allow-write=scenarios scripts/gen-schema.ts
 * ```
 *
 * @module
 */
import { scenarioJsonSchema } from "../bench/scenario.ts";

/** Where the schema lives, next to the scenario files that reference it. */
export const SCHEMA_PATH: URL = new URL("../scenarios/schema.json", import.meta.url);

/** The exact text of `scenarios/schema.json`: two-space JSON and a final newline. */
export function schemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + "\n";
}

if (import.meta.main) {
  await Deno.writeTextFile(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH.pathname}`);
}
