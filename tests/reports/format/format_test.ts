/** One formatter per concept: what each prints, pinned (the reports' golden files depend on these). */
import { formatBytes, formatBytesSpaced, formatFileSize } from "../../../reports/format/bytes.ts";
import { formatCpuList } from "../../../reports/format/cpus.ts";
import { formatSeconds } from "../../../reports/format/duration.ts";
import { endpointLabel, flagWords, modeLabel } from "../../../reports/format/labels.ts";
import { distinctCaseLabels, slug } from "../../../reports/format/names.ts";
import { formatPValue, roundSignificant } from "../../../reports/format/numbers.ts";
import { formatChange, formatPercent, formatSignedPercent, formatThreshold } from "../../../reports/format/percent.ts";
import { formatGib, formatRatio } from "../../../reports/format/throughput.ts";
import { formatCv, formatInterval, intervalHover, smallSampleNote } from "../../../reports/format/interval.ts";
import type { CaseParams } from "../../../model/types.ts";
import { blogResults } from "../../fixtures/make-results.ts";
import { assertEquals } from "../../helpers.ts";

Deno.test("bytes: compact for reports, spaced for sysinfo, file sizes for the log", () => {
  assertEquals([4096, 262144, 1.5 * 2 ** 20, 8 * 2 ** 20, 1000, 0].map(formatBytes), [
    "4KiB",
    "256KiB",
    "1.5MiB",
    "8MiB",
    "1000B",
    "0B",
  ]);
  assertEquals(formatBytes(123456789012), "115GiB");
  assertEquals(formatBytes(1234567), "1.18MiB");
  assertEquals([512, 8 * 1024 ** 3, 123456789012, 1048576].map(formatBytesSpaced), [
    "512 bytes",
    "8 GiB",
    "115.0 GiB",
    "1 MiB",
  ]);
  assertEquals([1, 1024, 1025, 3_800_000].map(formatFileSize), ["1 KB", "1 KB", "2 KB", "3.6 MB"]);
});

Deno.test("throughput: GiB/s and ratios", () => {
  assertEquals(formatGib(3.5149), "3.51");
  assertEquals(formatRatio(1.234), "1.23×");
});

Deno.test("interval: low–high from two samples on; one sample has no interval nor CV (issue 13, item 3)", () => {
  assertEquals(formatInterval({ n: 5, ci95Low: 2.1, ci95High: 3.656 }), "2.10–3.66");
  assertEquals(formatInterval({ n: 1, ci95Low: 0.84, ci95High: 0.84 }), "—", "not 0.84–0.84");
  assertEquals(formatCv({ n: 1, cv: 0 }), "—", "not 0.0%");
  assertEquals(formatCv({ n: 2, cv: 0.0123 }), "1.2%");
  assertEquals(intervalHover({ n: 1, ci95Low: 0.84, ci95High: 0.84 }), "no interval (n = 1)");
  assertEquals(
    intervalHover({ n: 4, ci95Low: 1, ci95High: 2 }),
    "range 1.00 – 2.00 (n = 4: covers the median with 87.5%)",
  );
  assertEquals(intervalHover({ n: 30, ci95Low: 1, ci95High: 2 }), "95% CI 1.00 – 2.00");
});

Deno.test("smallSampleNote: once, with the true coverage of the range at each small n present", () => {
  assertEquals(smallSampleNote([6, 30]), null);
  const note = smallSampleNote([5, 5, 2, 3, 4, 1, 10])!;
  assertEquals(
    note,
    "n = 1: one sample, no interval nor CV (—). n ≤ 5: the 95% CI shown is the range of the samples (min–max), " +
      "the widest interval there is; it covers the true median with probability 1 − 2·0.5ⁿ, " +
      "93.75% at n = 5, 87.5% at n = 4, 75% at n = 3, 50% at n = 2, not 95%.",
  );
  assertEquals(smallSampleNote([1]), "n = 1: one sample, no interval nor CV (—).");
});

Deno.test("percent: plain, signed, a change with its interval, the threshold", () => {
  assertEquals(formatPercent(0.0123), "1.2%");
  assertEquals([-0.123, 0.05, 0.0004, -0.0004].map(formatSignedPercent), ["−12.3%", "+5.0%", "0.0%", "0.0%"]);
  assertEquals(formatChange(0.877, 0.85, 0.909), "−12.3% (−15.0…−9.1)");
  assertEquals(formatChange(1.05, 1.01, 1.1), "+5.0% (+1.0…+10.0)");
  assertEquals([0.05, 0.125, 0.03333].map(formatThreshold), ["±5%", "±12.5%", "±3.33%"]);
});

Deno.test("numbers, durations and CPU lists", () => {
  assertEquals([roundSignificant(3.14159265, 3), roundSignificant(0), roundSignificant(Infinity)], [3.14, 0, Infinity]);
  assertEquals([0.0004, 0.0123].map(formatPValue), ["<0.001", "0.012"]);
  assertEquals([0.85, 12.34, 245, 59.99].map(formatSeconds), ["850 ms", "12.3 s", "4 min 05 s", "60.0 s"]);
  assertEquals(formatCpuList([0, 1, 2, 5, 7, 8]), "0-2,5,7-8");
  assertEquals(formatCpuList([]), "");
});

Deno.test("labels: the report's flag words are the case names' words (locked, untouched: the sense of touch kept)", () => {
  const params: CaseParams = { ...blogResults().cases[0].params, writer: "vmsplice", reader: "splice" };
  const flagged = { ...params, hugePages: true, busyLoop: true, lockMemory: true, touchPages: true, sameBuffer: true };
  assertEquals(flagWords(flagged), ["huge", "busy", "locked", "same-buffer"]);
  assertEquals(flagWords({ ...params, touchPages: false }), ["untouched"]);
  assertEquals(
    modeLabel({
      ...params,
      hugePages: false,
      busyLoop: false,
      poll: false,
      gift: false,
      lockMemory: false,
      touchPages: true,
    }),
    "vmsplice→splice",
  );
  assertEquals(endpointLabel({ command: ["/usr/bin/cat", "-u"] }), "cat");
  assertEquals(endpointLabel("write"), "write");
});

Deno.test("names: slugs and distinct case labels", () => {
  assertEquals([slug("Buffer sweep!"), slug("***"), slug("x".repeat(80)).length], ["buffer-sweep", "x", 60]);
  assertEquals(
    distinctCaseLabels([
      { name: "a", scenario: "s" },
      { name: "a", scenario: "t" },
      { name: "b", scenario: "s" },
      { name: "a", scenario: "s" },
    ]),
    ["s/a", "t/a", "b", "s/a #2"],
  );
});
