import { runTurnsSession } from "../../bench/_turns.ts";
import { withDefaults } from "../../model/params.ts";
import { MIB_BYTES } from "../../model/sizes.ts";
import type { CaseParams } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const small = (values: Partial<CaseParams>): CaseParams =>
  withDefaults({
    writer: "write",
    reader: "read",
    bytes: 24 * MIB_BYTES,
    duration: 0,
    cpus: null,
    ...values,
  });

Deno.test("turns: three pairs take turns and each yields one sample of its bytes, as a run does", async () => {
  const cases = [
    // 0.1 s each: several blocks of 20 ms per pair, interleaved.
    { key: 7, params: small({ duration: 0.1 }) },
    { key: 3, params: small({ writer: "vmsplice", reader: "splice", duration: 0.1 }) },
    { key: 5, params: small({ verify: true, bytes: 16 * MIB_BYTES }) },
  ];
  const wall = performance.now();
  const outcomes = await runTurnsSession(cases, { warmupBytes: 4 * MIB_BYTES });
  const wallSeconds = (performance.now() - wall) / 1000;
  assertEquals([...outcomes.keys()].sort(), [3, 5, 7]);
  let measured = 0;
  for (const { key, params } of cases) {
    const outcome = outcomes.get(key)!;
    assert(outcome.ok, JSON.stringify(outcome));
    if (!outcome.ok) continue;
    const { sample } = outcome;
    assert(sample.bytes >= params.bytes, `${sample.bytes} ≥ ${params.bytes}`);
    assertEquals(sample.warmupBytes >= 4 * MIB_BYTES, true);
    assert(Math.abs(sample.gibPerSecond - sample.bytes / sample.seconds / 1024 ** 3) < 1e-9);
    assert(sample.writer !== null, "the writer's report is read as in a run");
    measured += sample.seconds;
  }
  // One pair timed at a time: the measured seconds fit in the wall time.
  assert(measured < wallSeconds, `${measured} < ${wallSeconds}`);
});

Deno.test("turns: a pair that fails is reported as a failure, the others are measured", async () => {
  const outcomes = await runTurnsSession([
    { key: 0, params: small({}) },
    // verify with splice is refused by the reader at start-up (the loader refuses it too).
    { key: 1, params: small({ reader: "splice", verify: true }) },
  ], { warmupBytes: 4 * MIB_BYTES });
  assert(outcomes.get(0)!.ok, JSON.stringify(outcomes.get(0)));
  const bad = outcomes.get(1)!;
  assert(!bad.ok);
  if (!bad.ok) assertIncludes(bad.failure.reason, "verify needs reader: read");
});

Deno.test("turns: an external command cannot take turns", async () => {
  const outcomes = await runTurnsSession([{ key: 0, params: small({ writer: { command: ["cat", "/dev/zero"] } }) }]);
  const outcome = outcomes.get(0)!;
  assert(!outcome.ok);
  if (!outcome.ok) assertIncludes(outcome.failure.reason, "cannot take turns");
});
