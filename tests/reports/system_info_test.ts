import { formatSystemInfo } from "../../reports/system-info.ts";
import { cleanInfo } from "../fixtures/system-info.ts";
import { assert, assertEquals } from "../helpers.ts";

function assertLine(text: string, pattern: RegExp): void {
  assert(pattern.test(text), `expected a line matching ${pattern} in:\n${text}`);
}

Deno.test("formatSystemInfo aligns labels and shows every field", () => {
  const text = formatSystemInfo(cleanInfo());
  const lines = text.split("\n");
  const valueColumn = lines[0].search(/ {2}\S/) + 2;
  assert(
    lines.every((line) => line.length > valueColumn && line[valueColumn - 1] === " " && line[valueColumn] !== " "),
  );
  assertLine(text, /^host +bench-1$/m);
  assertLine(text, /^CPUs +4 online, allowed 0-3$/m);
  assertLine(text, /^memory +8 GiB$/m);
  assertLine(text, /^pipe-max-size +1 MiB$/m);
  assertLine(text, /^huge pages +THP enabled madvise, defrag madvise$/m);
  assertLine(text, /^load average +0\.10 0\.20 0\.30 at start, 0\.20 0\.20 0\.30 at end$/m);
  assertLine(text, /^pipespeed +0\.1\.0 \(commit a{12}\)$/m);
  const unknown = formatSystemInfo({ ...cleanInfo(), memoryBytes: null, pipeMaxSize: null, cpufreqGovernor: null });
  assertLine(unknown, /^memory +unknown$/m);
  assertLine(unknown, /^governor +not available$/m);
});

Deno.test("formatSystemInfo: allowed CPUs in the kernel's notation, whatever their order", () => {
  const text = formatSystemInfo({
    ...cleanInfo(),
    allowedCpus: [3, 1, 2, 2, 7],
    loadAverage: { start: [], end: null },
  });
  assertLine(text, /^CPUs +4 online, allowed 1-3,7$/m);
  assertLine(text, /^load average +unknown at start$/m);
  assertEquals(formatSystemInfo({ ...cleanInfo(), allowedCpus: [] }).includes("allowed unknown"), true);
});
