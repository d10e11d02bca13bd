/**
 * Fuzzing the scenario loader: thousands of mutated scenario files (byte flips, truncations,
 * type swaps, huge and negative numbers, deep nesting, alias bombs) must each end as a scenario or
 * as located problems — never an exception, a hang or a runaway. Seed corpus: the shipped scenarios
 * and the error fixtures. Deterministic (seeded); FUZZ_CASES sets how many (default 2000).
 */
import { parseScenario } from "../../scenario/scenario.ts";
import { seededRandom } from "../../stats/stats.ts";
import { assert } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url);
const corpus = ["scenarios/", "tests/fixtures/scenarios/"].flatMap((dir) =>
  [...Deno.readDirSync(new URL(dir, ROOT))]
    .filter((entry) => entry.name.endsWith(".yaml"))
    .map((entry) => Deno.readTextFileSync(new URL(dir + entry.name, ROOT)))
);

const SWAPS = [
  "true",
  "-1",
  "1e308",
  "99999999999999999999TiB",
  "[]",
  "{}",
  "null",
  '"x"',
  "0x10",
  "~",
  "&a [*a]",
  "!!binary AA",
];

function mutate(text: string, random: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const at = Math.floor(random() * (text.length + 1));
  switch (Math.floor(random() * 7)) {
    case 0: { // flip a byte
      const code = Math.floor(random() * 128);
      return text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1);
    }
    case 1: // truncate
      return text.slice(0, at);
    case 2: { // swap a scalar value for another type
      const lines = text.split("\n");
      const i = Math.floor(random() * lines.length);
      lines[i] = lines[i].replace(/:\s*(.+)$/, `: ${pick(SWAPS)}`);
      return lines.join("\n");
    }
    case 3: // huge or negative numbers
      return text.replace(/\b\d+\b/, pick(["-5", "1e400", "123456789012345678901234567890", "NaN", "-0"]));
    case 4: // deep nesting
      return text + `\nextra: ${"[".repeat(200 + Math.floor(random() * 2000))}`;
    case 5: // alias bomb
      return [
        "a: &a [x, x, x, x, x, x, x, x, x, x]",
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
        "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
        text,
      ].join("\n");
    default: // duplicate a random slice
      return text.slice(0, at) + text.slice(Math.floor(random() * text.length));
  }
}

Deno.test("fuzz: mutated scenario files end as a scenario or located problems, never an exception", () => {
  const count = Number(Deno.env.get("FUZZ_CASES") ?? 2000);
  const random = seededRandom(20261126);
  let valid = 0;
  let rejected = 0;
  let slowest = 0;
  for (let i = 0; i < count; i++) {
    let text = corpus[Math.floor(random() * corpus.length)];
    for (let rounds = 1 + Math.floor(random() * 3); rounds > 0; rounds--) text = mutate(text, random);
    const started = performance.now();
    let parsed: ReturnType<typeof parseScenario>;
    try {
      parsed = parseScenario(text, `fuzz-${i}.yaml`, { pipeMaxSize: 1 << 20, mayExceedPipeMaxSize: false });
    } catch (error) {
      throw new Error(`input ${i} threw ${error}:\n${text.slice(0, 2000)}`);
    }
    slowest = Math.max(slowest, performance.now() - started);
    assert(performance.now() - started < 2000, `input ${i} took too long`);
    for (const problem of parsed.problems) {
      assert(problem.line >= 1 && problem.column >= 1, `input ${i}: unlocated problem ${JSON.stringify(problem)}`);
      assert(problem.message.length > 0 && problem.file === `fuzz-${i}.yaml`, `input ${i}: ${JSON.stringify(problem)}`);
    }
    if (parsed.problems.length === 0) {
      valid++;
      assert(parsed.scenario.cases.length > 0, `input ${i}: valid but no cases`);
    } else rejected++;
  }
  console.log(
    `  ${count} mutated files: ${valid} valid, ${rejected} rejected with located problems; slowest ${
      slowest.toFixed(0)
    } ms`,
  );
  assert(valid > 0 && rejected > 0, "the mutations exercise both outcomes");
});
