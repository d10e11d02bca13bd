import type { SystemInfo } from "../../model/types.ts";
import { formatSystemInfo } from "../../reports/system-info.ts";
import { assert, assertEquals } from "../helpers.ts";

/** A quiet, well-configured two-CPU machine. */
function cleanInfo(): SystemInfo {
  return {
    hostname: "bench-1",
    kernelRelease: "6.8.0",
    architecture: "x86_64",
    cpuModel: "Example CPU",
    onlineCpus: 4,
    allowedCpus: [0, 1, 2, 3],
    transparentHugePages: { enabled: "madvise", defrag: "madvise" },
    pipeMaxSize: 1048576,
    hypervisor: false,
    cpufreqGovernor: "performance",
    loadAverage: { start: [0.1, 0.2, 0.3], end: [0.2, 0.2, 0.3] },
    versions: { deno: "2.0.0", v8: "13.0", typescript: "5.6", pipespeed: "0.1.0", gitCommit: "a".repeat(40) },
    memoryBytes: 8 * 1024 ** 3,
    isRoot: false,
    canExceedPipeMaxSize: false,
  };
}

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
