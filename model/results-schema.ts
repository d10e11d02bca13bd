/**
 * The schema of `results.json`, as a zod schema: one definition that validates files read back
 * (`report`, and later `compare`/`merge`) with a precise message, and that generates the published
 * JSON Schema `model/results.schema.json` (`deno run --allow-write=model scripts/gen-schema.ts`).
 * Objects are loose: a newer pipespeed may add fields without breaking older readers; a change
 * that breaks them bumps `schemaVersion`.
 *
 * @module
 */
import { z } from "zod";
import type { Results } from "./types.ts";

const finite = z.number().refine(Number.isFinite, "not a finite number");
const count = z.number().int().min(0);
const nullableNumber = finite.nullable();

const usage = z.looseObject({
  userSeconds: finite,
  systemSeconds: finite,
  voluntaryContextSwitches: count,
  involuntaryContextSwitches: count,
  minorPageFaults: count,
  majorPageFaults: count,
});

const hugePages = z.looseObject({ requestedBytes: count, backedBytes: count });
const side = z.looseObject({
  usage,
  hugePages,
  cpu: count.nullable(),
  fastPath: z.looseObject({ bytes: count, fastBytes: count }).optional(),
});
const endpoint = <T extends readonly [string, ...string[]]>(names: T) =>
  z.union([z.enum(names), z.looseObject({ command: z.array(z.string()).min(1) })]);

const params = z.looseObject({
  writer: endpoint(["write", "vmsplice"]),
  reader: endpoint(["read", "splice"]),
  hugePages: z.boolean(),
  busyLoop: z.boolean(),
  poll: z.boolean(),
  gift: z.boolean(),
  lockMemory: z.boolean(),
  touchPages: z.boolean(),
  sameBuffer: z.boolean(),
  bufferSize: count,
  bufferOffset: count,
  pipeSize: count.nullable(),
  bytes: count,
  duration: finite,
  repetitions: count,
  warmup: count,
  cpus: z.looseObject({ writer: count, reader: count }).nullable(),
  verify: z.boolean(),
});

const sample = z.looseObject({
  run: count,
  repetition: count,
  bytes: count,
  seconds: finite,
  gibPerSecond: finite,
  warmupBytes: count,
  pipeSize: count,
  wallSeconds: finite,
  reader: side,
  writer: side.nullable(),
});

const summary = z.looseObject({
  n: count,
  median: finite,
  mean: finite,
  stddev: finite,
  min: finite,
  max: finite,
  cv: finite,
  ci95Low: finite,
  ci95High: finite,
});

const caseResult = z.looseObject({
  id: z.string(),
  name: z.string(),
  scenario: z.string(),
  params,
  samples: z.array(sample),
  failures: z.array(z.looseObject({ run: count, side: z.enum(["writer", "reader", "runner"]), reason: z.string() })),
  stats: z.looseObject({ throughputGibPerSecond: summary, outliers: z.array(count) }).nullable(),
  warnings: z.array(z.string()),
});

const system = z.looseObject({
  hostname: z.string(),
  kernelRelease: z.string(),
  architecture: z.string(),
  cpuModel: z.string(),
  onlineCpus: count,
  allowedCpus: z.array(count),
  transparentHugePages: z.looseObject({ enabled: z.string().nullable(), defrag: z.string().nullable() }),
  pipeMaxSize: count.nullable(),
  hypervisor: z.boolean(),
  cpufreqGovernor: z.string().nullable(),
  loadAverage: z.looseObject({ start: z.array(finite), end: z.array(finite).nullable() }),
  versions: z.looseObject({
    deno: z.string(),
    v8: z.string(),
    typescript: z.string(),
    pipespeed: z.string(),
    gitCommit: z.string().nullable(),
  }),
  memoryBytes: nullableNumber,
  isRoot: z.boolean(),
  canExceedPipeMaxSize: z.boolean(),
});

/** The zod schema of `results.json` (schemaVersion 1). */
export const resultsSchema = z.looseObject({
  schemaVersion: z.literal(1),
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  seed: count,
  options: z.looseObject({ quick: z.boolean(), filter: z.string().nullable() }),
  system,
  scenarios: z.array(z.looseObject({ name: z.string(), description: z.string().nullable(), file: z.string() })),
  cases: z.array(caseResult),
  warnings: z.array(z.string()),
  interrupted: z.boolean(),
}).meta({
  title: "pipespeed results",
  description: "results.json written by `pipespeed run`: system metadata, cases, samples and statistics.",
});

/** The published JSON Schema of `results.json`. */
export function resultsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(resultsSchema, { target: "draft-07", io: "input" }) as Record<string, unknown>;
}

/**
 * Checks that `value` is a results document; returns it typed, or the problems as
 * `path: message` lines (at most 10).
 *
 * @example
 * ```ts
 * const checked = checkResults(JSON.parse(text));
 * if (!checked.ok) console.error(checked.problems.join("\n"));
 * ```
 */
export function checkResults(value: unknown): { ok: true; results: Results } | { ok: false; problems: string[] } {
  const parsed = resultsSchema.safeParse(value);
  if (parsed.success) return { ok: true, results: value as Results };
  const problems = parsed.error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.map((part) => typeof part === "number" ? `[${part}]` : `.${String(part)}`).join("")
      .replace(/^\./, "");
    return `${path || "(top level)"}: ${issue.message}`;
  });
  if (parsed.error.issues.length > 10) problems.push(`… and ${parsed.error.issues.length - 10} more`);
  return { ok: false, problems };
}
