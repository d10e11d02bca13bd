/** The override flags derive from the fields' table: names, help, and values read by the field's own shape. */
import { overrideOptions, parseOverride } from "../../cli/overrides.ts";
import { CASE_FIELDS } from "../../model/fields.ts";
import { fieldFlag, OVERRIDABLE_FIELDS } from "../../model/params.ts";
import { assert, assertEquals, assertIncludes, problemWith } from "../helpers.ts";

Deno.test("one flag per field with a cli rule, named after it, its help the field's description", () => {
  assertEquals([...OVERRIDABLE_FIELDS], [
    "pipeSize",
    "bytes",
    "duration",
    "repetitions",
    "warmup",
    "schedule",
    "precision",
    "maxTime",
  ]);
  const options = overrideOptions();
  assertEquals(options.map((o) => o.long), [
    "--pipe-size",
    "--bytes",
    "--duration",
    "--repetitions",
    "--warmup",
    "--schedule",
    "--precision",
    "--max-time",
  ]);
  assertEquals(options.map((o) => o.attributeName()), [...OVERRIDABLE_FIELDS], "values land under the field names");
  assertIncludes(options[3].description, "every case: measured runs. Default 5.");
  assertEquals(fieldFlag("bufferOffset"), "--buffer-offset");
});

Deno.test("a flag's value is read as the scenario field reads it (a YAML scalar, then its zod shape)", () => {
  assertEquals(parseOverride("bytes", "4GiB"), 4 * 1024 ** 3);
  assertEquals(parseOverride("bytes", "4096"), 4096);
  assertEquals(parseOverride("duration", "500ms"), 0.5);
  assertEquals(parseOverride("duration", "0"), 0);
  assertEquals(parseOverride("pipeSize", "null"), null);
  assertEquals(parseOverride("repetitions", "3"), 3);
  assertEquals(parseOverride("schedule", "turns"), "turns");
  assertEquals(parseOverride("precision", "2%"), 0.02);
  assertEquals(parseOverride("precision", "null"), null);
  assertEquals(parseOverride("maxTime", "3m"), 180);
  assertIncludes(problemWith((v: string) => parseOverride("precision", v), "2"), "--precision: expected a percentage");
  assertIncludes(problemWith((v: string) => parseOverride("precision", v), "100%"), "below 100");
  assertIncludes(problemWith((v: string) => parseOverride("schedule", v), "turn"), "did you mean `turns`");
  // The field's own message, after the flag's name.
  const bytes = CASE_FIELDS.bytes.input.safeParse("x").error?.issues[0]?.message;
  assertEquals(problemWith((v: string) => parseOverride("bytes", v), "x"), `--bytes: ${bytes}`);
  const repetitions = CASE_FIELDS.repetitions.input.safeParse(1.5).error?.issues[0]?.message;
  assertEquals(problemWith((v: string) => parseOverride("repetitions", v), "1.5"), `--repetitions: ${repetitions}`);
  assert(repetitions?.startsWith("expected a whole number from 1 to 10000"), repetitions);
});

Deno.test("--repetitions and --quick run what they say: a scenario's precision target adds no rounds to them", async () => {
  const { parseScenario } = await import("../../scenario/scenario.ts");
  const { applyOverrides } = await import("../../cli/overrides.ts");
  const { quickCase } = await import("../../bench/plan.ts");
  const { scenario, problems } = parseScenario(
    "name: p\ndefaults: {repetitions: 10, precision: 2%}\ncases:\n  - {name: a, writer: write, reader: read}\n",
    "inline.yaml",
    {},
  );
  assertEquals(problems, []);
  const [c] = scenario.cases;
  assertEquals(c.params.precision, 0.02);
  const exact = applyOverrides([c], { repetitions: 1 }, {});
  assertEquals([exact[0].params.repetitions, exact[0].params.precision], [1, null]);
  const both = applyOverrides([c], { repetitions: 3, precision: 0.05 }, {});
  assertEquals([both[0].params.repetitions, both[0].params.precision], [3, 0.05]);
  assertEquals(applyOverrides([c], { bytes: 1 << 20 }, {})[0].params.precision, 0.02, "other flags keep the target");
  assertEquals(quickCase(c).params.precision, null);
});

Deno.test("--bytes and --duration apply to throughput cases only; latency cases keep theirs, said once", async () => {
  const { parseScenario } = await import("../../scenario/scenario.ts");
  const { applyOverrides, checkWarmupBytes } = await import("../../cli/overrides.ts");
  const { scenario, problems } = parseScenario(
    "name: m\ncases:\n  - {name: thr, writer: write, reader: read}\n" +
      "  - {name: rt, writer: write, reader: read, measure: latency}\n" +
      "  - {name: ow, writer: write, reader: read, measure: latency, rate: 1000}\n",
    "inline.yaml",
    {},
  );
  assertEquals(problems, []);
  const notes: string[] = [];
  const MiB = 1 << 20;
  const changed = applyOverrides(scenario.cases, { bytes: MiB, duration: 0, pipeSize: MiB, repetitions: 2 }, {}, 0, (
    line,
  ) => notes.push(line));
  const [thr, rt, ow] = changed.map((c) => c.params);
  assertEquals([thr.bytes, thr.duration, thr.pipeSize, thr.repetitions], [MiB, 0, MiB, 2]);
  for (const [params, original] of [[rt, scenario.cases[1].params], [ow, scenario.cases[2].params]]) {
    assertEquals([params.bytes, params.duration], [original.bytes, original.duration], "left as they were");
    assertEquals([params.pipeSize, params.repetitions], [MiB, 2], "the other flags apply");
  }
  assertEquals(notes.length, 1, notes.join("\n"));
  assertIncludes(
    notes[0],
    "--bytes 1MiB --duration 0 applies to the throughput cases only; the latency cases `m/rt`, `m/ow` keep their own",
  );
  assertEquals(applyOverrides(scenario.cases, { repetitions: 2 }, {}, 0, (line) => notes.push(line)).length, 3);
  assertEquals(notes.length, 1, "no note without a stream flag");
  // With latency cases only, the note does not speak of throughput cases that are not there.
  applyOverrides(scenario.cases.slice(1), { bytes: MiB }, {}, 0, (line) => notes.push(line));
  assertIncludes(notes[1], "--bytes 1MiB changes nothing here: every case is a latency case (cases `m/rt`, `m/ow`)");
  // The reader's warm-up bytes are a stream's: a latency case's buffer is not held against them.
  checkWarmupBytes(scenario.cases.slice(1), 4096);
});
