/**
 * The calibration behind docs/statistics.md, on seeded synthetic samples (not a test: it takes
 * about half a minute). Prints two Markdown tables: the measured coverage of the interval of the
 * median (order statistics and percentile bootstrap) at each n, and how often the modes test calls
 * unimodal noise bimodal, and how often it finds real modes.
 *
 * Usage: deno run tests/stats/calibration.ts [trials, default 4000]
 *
 * @module
 */
import {
  bootstrapMedianCi,
  findModes,
  orderStatisticCoverage,
  orderStatisticRank,
  seededRandom,
} from "../../stats/stats.ts";

const trials = Number(Deno.args[0] ?? 4000);
const random = seededRandom(23);
const gaussian = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
const exponential = () => -Math.log(random() || 1e-12);
const percent = (count: number, of: number, digits = 2) => `${(count / of * 100).toFixed(digits)}%`;

/** Distributions with a known median, for the coverage of the intervals. */
const WITH_MEDIAN: [string, () => number, number][] = [
  ["normal", () => 10 + gaussian(), 10],
  ["lognormal σ 0.5", () => Math.exp(0.5 * gaussian()), 1],
  ["exponential", exponential, Math.LN2],
];
console.log(
  "| n | exact coverage | " + WITH_MEDIAN.map(([name]) => `${name}: order statistic / bootstrap`).join(" | ") + " |",
);
console.log("| --: | --: | " + WITH_MEDIAN.map(() => "--:").join(" | ") + " |");
for (const n of [6, 8, 10, 15, 20, 30, 40, 60]) {
  const k = orderStatisticRank(n);
  const row = [String(n), percent(orderStatisticCoverage(n, k), 1)];
  const rounds = Math.min(trials, 1000); // the bootstrap costs 2000 resamples per trial
  for (const [, draw, median] of WITH_MEDIAN) {
    let order = 0;
    let boot = 0;
    for (let trial = 0; trial < rounds; trial++) {
      const values = Array.from({ length: n }, draw);
      const sorted = [...values].sort((a, b) => a - b);
      if (sorted[k - 1] <= median && median <= sorted[n - k]) order++;
      const interval = bootstrapMedianCi(values, { seed: trial, resamples: 2000 });
      if (interval.low <= median && median <= interval.high) boot++;
    }
    row.push(`${percent(order, rounds, 1)} / ${percent(boot, rounds, 1)}`);
  }
  console.log(`| ${row.join(" | ")} |`);
}

const UNIMODAL: Record<string, () => number> = {
  "normal, CV 10%": () => 10 + gaussian(),
  "lognormal, CV 45%": () => 10 * Math.exp(0.45 * gaussian()),
  "t₃ on the log": () =>
    10 * Math.exp(0.1 * gaussian() / Math.sqrt((gaussian() ** 2 + gaussian() ** 2 + gaussian() ** 2) / 3)),
  "uniform (drift)": () => 5 + 10 * random(),
  "slow-downs": () => 10 / (1 + 0.3 * exponential()),
  "exponential": () => 1 + 10 * exponential(),
};
const issue = [27.8, 8.8, 28.0, 12.5];
const BIMODAL: Record<string, (i: number) => number> = {
  "3× modes, CV 5%": () => (random() < 0.5 ? 9 : 27) * Math.exp(0.05 * gaussian()),
  "3× modes, CV 10%": () => (random() < 0.5 ? 9 : 27) * Math.exp(0.1 * gaussian()),
  "the issue's 4 values ±3%": (i) => issue[i % 4] * Math.exp(0.03 * gaussian()),
};
console.log();
console.log(`| n | ${[...Object.keys(UNIMODAL), ...Object.keys(BIMODAL)].join(" | ")} |`);
console.log(`| --: | ${[...Object.keys(UNIMODAL), ...Object.keys(BIMODAL)].map(() => "--:").join(" | ")} |`);
for (const n of [5, 6, 8, 10, 12, 15, 20, 30, 45, 60]) {
  const row = [String(n)];
  for (const draw of Object.values(UNIMODAL)) {
    let bimodal = 0;
    for (let trial = 0; trial < trials; trial++) if (findModes(Array.from({ length: n }, draw)).length > 1) bimodal++;
    row.push(percent(bimodal, trials));
  }
  for (const draw of Object.values(BIMODAL)) {
    let found = 0;
    for (let trial = 0; trial < trials; trial++) {
      if (findModes(Array.from({ length: n }, (_, i) => draw(i))).length === 2) found++;
    }
    row.push(percent(found, trials, 1));
  }
  console.log(`| ${row.join(" | ")} |`);
}
