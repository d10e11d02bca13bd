/**
 * The steal spike rule (stats/steal.ts), defined once: the flag bench/noise.ts sets on a run and
 * the counts of a comparison's host line (stats/compare.ts) follow it.
 */
import { noiseSnapshot, runNoise } from "../../bench/noise.ts";
import { compareResults } from "../../stats/compare.ts";
import { isStealSpike, ranInStealSpike, STEAL_SPIKE, stealSpikes } from "../../stats/steal.ts";
import type { Results } from "../../model/types.ts";
import { assert, assertEquals } from "../helpers.ts";

const FIXTURE = new URL("../fixtures/results/blog.json", import.meta.url);

Deno.test("steal spike: from 5% of CPU time stolen; the run's flag is the rule's", () => {
  assertEquals([isStealSpike(STEAL_SPIKE), isStealSpike(0.0499), isStealSpike(null)], [true, false, false]);
  const stat = (steal: number) => (path: string) =>
    path === "/proc/stat" ? `cpu  ${10_000 - steal} 0 0 0 0 0 0 ${steal} 0 0\n` : null;
  const before = { ...noiseSnapshot(stat(0)), at: 0 };
  for (const stolen of [499, 500, 501]) {
    const noise = runNoise(before, { ...noiseSnapshot(stat(stolen)), at: 1000 }, null);
    assertEquals(noise.stealSpike, isStealSpike(noise.steal), `${stolen} of 10000 jiffies stolen`);
    assertEquals(ranInStealSpike({ noise }), noise.stealSpike);
  }
  assertEquals(ranInStealSpike({}), false, "a sample without noise");
});

Deno.test("steal spike: a comparison counts the flagged runs among those that recorded their noise", async () => {
  const base: Results = JSON.parse(await Deno.readTextFile(FIXTURE));
  const current: Results = structuredClone(base);
  // One run without noise evidence (an older file): counted in neither figure.
  delete current.cases[0].samples[0].noise;
  const { host } = compareResults(base, "base.json", current, "current.json");
  assert(host !== undefined, "the comparison says how its hosts were");
  const samples = (results: Results) => results.cases.flatMap((c) => c.samples);
  assertEquals(host.base, { stealSpikes: stealSpikes(samples(base)), runs: samples(base).length });
  assertEquals(host.current.runs, samples(current).length - 1);
  assertEquals(host.base.stealSpikes > 0, true, "the fixture has a run during a steal spike");
});
