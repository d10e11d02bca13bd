import { readWholeFile } from "../../ffi/memory.ts";
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import {
  collectSystemInfo,
  formatCpuList,
  loadAverageNow,
  noiseWarnings,
  parseBracketedChoice,
  parseCpuList,
} from "../../bench/system.ts";
import type { SystemInfo } from "../../model/types.ts";

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

/** Reads a text file, `null` when it is missing. */
function readOrNull(path: string): string | null {
  try {
    return readWholeFile(path);
  } catch {
    return null;
  }
}

/** Whether this test process may read `/proc` (through libc: it needs `--allow-ffi`). */
const procReadable = Deno.permissions.querySync({ name: "ffi" }).state === "granted";

Deno.test("collectSystemInfo returns plausible values for this machine", async () => {
  const info = await collectSystemInfo();
  strictEqual(info.kernelRelease, readOrNull("/proc/sys/kernel/osrelease")?.trim() ?? Deno.osRelease());
  strictEqual(info.architecture, Deno.build.arch);
  ok(info.hostname.length > 0);
  ok(info.cpuModel.length > 0);
  ok(info.onlineCpus >= 1);
  ok(info.allowedCpus.length >= 1 && info.allowedCpus.length <= info.onlineCpus, `${info.allowedCpus}`);
  if (info.pipeMaxSize !== null) {
    ok(info.pipeMaxSize >= 4096 && (info.pipeMaxSize & (info.pipeMaxSize - 1)) === 0, `${info.pipeMaxSize}`);
  }
  for (const setting of [info.transparentHugePages.enabled]) {
    ok(setting === null || ["always", "madvise", "never"].includes(setting), `${setting}`);
  }
  ok(info.memoryBytes === null || info.memoryBytes > 64 * 1024 ** 2);
  strictEqual(info.loadAverage.start.length, 3);
  strictEqual(info.loadAverage.end, null);
  strictEqual(info.versions.deno, Deno.version.deno);
  strictEqual(info.versions.pipespeed, JSON.parse(Deno.readTextFileSync("deno.json")).version);
  strictEqual(info.isRoot, Deno.uid() === 0);
  if (procReadable) {
    strictEqual(info.hypervisor, / hypervisor( |$)/m.test(readWholeFile("/proc/cpuinfo")));
    strictEqual(info.pipeMaxSize, Number(readWholeFile("/proc/sys/fs/pipe-max-size")));
    const governor = readOrNull("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
    strictEqual(info.cpufreqGovernor, governor?.trim() ?? null);
  } else {
    // Without --allow-ffi /proc and /sys cannot be read: those fields are unknown and a warning says so.
    strictEqual(info.pipeMaxSize, null);
    strictEqual(info.transparentHugePages.enabled, null);
    match(noiseWarnings(info).join("\n"), /could not read \/proc and \/sys.*--allow-ffi/);
  }
});

Deno.test("collectSystemInfo reads the git commit from .git without a subprocess", async () => {
  const { gitCommit } = (await collectSystemInfo()).versions;
  ok(gitCommit === null || /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(gitCommit), `${gitCommit}`);
  const head = readOrNull(".git/HEAD")?.trim() ?? "";
  const ref = /^ref: (\S+)$/.exec(head)?.[1];
  const loose = ref ? readOrNull(`.git/${ref}`)?.trim() : undefined;
  if (loose) strictEqual(gitCommit, loose);
  if (/^[0-9a-f]{40}$/.test(head)) strictEqual(gitCommit, head);
});

Deno.test("loadAverageNow returns three finite loads", () => {
  const loads = loadAverageNow();
  strictEqual(loads.length, 3);
  ok(loads.every((load) => Number.isFinite(load) && load >= 0));
});

Deno.test("parseBracketedChoice, parseCpuList and formatCpuList", () => {
  strictEqual(parseBracketedChoice("always [madvise] never\n"), "madvise");
  strictEqual(parseBracketedChoice("always defer defer+madvise [madvise] never"), "madvise");
  strictEqual(parseBracketedChoice("[never] always"), "never");
  strictEqual(parseBracketedChoice("madvise"), null);
  deepStrictEqual(parseCpuList("0-2,5,7-8\n"), [0, 1, 2, 5, 7, 8]);
  deepStrictEqual(parseCpuList("3"), [3]);
  deepStrictEqual(parseCpuList("0-1,1"), [0, 1]);
  deepStrictEqual(parseCpuList(""), []);
  deepStrictEqual(parseCpuList("a-b"), []);
  strictEqual(formatCpuList([8, 0, 1, 2, 5, 7]), "0-2,5,7-8");
  strictEqual(formatCpuList([3]), "3");
  strictEqual(formatCpuList([]), "");
});

Deno.test("noiseWarnings: a clean machine gets none", () => {
  deepStrictEqual(noiseWarnings(cleanInfo()), []);
  deepStrictEqual(noiseWarnings({ ...cleanInfo(), cpufreqGovernor: null }), []);
});

Deno.test("noiseWarnings: one CPU online or allowed", () => {
  const oneOnline = noiseWarnings({
    ...cleanInfo(),
    onlineCpus: 1,
    allowedCpus: [0],
    loadAverage: { start: [0], end: null },
  });
  strictEqual(oneOnline.length, 1);
  match(oneOnline[0], /only one CPU.*share.*taskset/);
  const oneAllowed = noiseWarnings({ ...cleanInfo(), allowedCpus: [2] });
  strictEqual(oneAllowed.length, 1);
  match(oneAllowed[0], /only one CPU is usable \(4 online, allowed: 2\)/);
});

Deno.test("noiseWarnings: THP never", () => {
  const warnings = noiseWarnings({ ...cleanInfo(), transparentHugePages: { enabled: "never", defrag: "madvise" } });
  strictEqual(warnings.length, 1);
  match(warnings[0], /huge-page cases will not get huge pages.*echo madvise/);
});

Deno.test("noiseWarnings: high load at start or at end", () => {
  const atStart = noiseWarnings({ ...cleanInfo(), loadAverage: { start: [2.5, 1, 1], end: null } });
  strictEqual(atStart.length, 1);
  match(atStart[0], /load average is 2\.50 on 4 CPU/);
  strictEqual(noiseWarnings({ ...cleanInfo(), loadAverage: { start: [0.1], end: [3, 1, 1] } }).length, 1);
  deepStrictEqual(noiseWarnings({ ...cleanInfo(), loadAverage: { start: [2], end: null } }), []); // exactly 0.5 × 4
  deepStrictEqual(noiseWarnings({ ...cleanInfo(), loadAverage: { start: [], end: null } }), []);
});

Deno.test("noiseWarnings: /proc and /sys unreadable", () => {
  const unreadable = noiseWarnings({
    ...cleanInfo(),
    transparentHugePages: { enabled: null, defrag: null },
    pipeMaxSize: null,
    cpufreqGovernor: null,
  });
  strictEqual(unreadable.length, 1);
  match(unreadable[0], /could not read \/proc and \/sys.*--allow-ffi/);
  deepStrictEqual(noiseWarnings({ ...cleanInfo(), transparentHugePages: { enabled: null, defrag: null } }), []);
});

Deno.test("noiseWarnings: hypervisor and governor", () => {
  const hypervisor = noiseWarnings({ ...cleanInfo(), hypervisor: true });
  strictEqual(hypervisor.length, 1);
  match(hypervisor[0], /hypervisor.*compare numbers only within one run/);
  const governor = noiseWarnings({ ...cleanInfo(), cpufreqGovernor: "powersave" });
  strictEqual(governor.length, 1);
  match(governor[0], /'powersave'.*cpupower frequency-set -g performance/);
});
