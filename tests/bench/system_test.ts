import { readWholeFile } from "../../ffi/memory.ts";
import {
  collectSystemInfo,
  loadAverageNow,
  noiseWarnings,
  parseBracketedChoice,
  parseCpuList,
} from "../../bench/system.ts";
import { formatCpuList } from "../../model/cpus.ts";
import { cleanInfo } from "../fixtures/system-info.ts";
import { assert, assertEquals } from "../helpers.ts";

/** Asserts `text` matches `pattern`. */
function assertMatch(text: string, pattern: RegExp): void {
  assert(pattern.test(text), `expected ${JSON.stringify(text)} to match ${pattern}`);
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
  assertEquals(info.kernelRelease, readOrNull("/proc/sys/kernel/osrelease")?.trim() ?? Deno.osRelease());
  assertEquals(info.architecture, Deno.build.arch);
  assert(info.hostname.length > 0);
  assert(info.cpuModel.length > 0);
  assert(info.onlineCpus >= 1);
  assert(info.allowedCpus.length >= 1 && info.allowedCpus.length <= info.onlineCpus, `${info.allowedCpus}`);
  if (info.pipeMaxSize !== null) {
    assert(info.pipeMaxSize >= 4096 && (info.pipeMaxSize & (info.pipeMaxSize - 1)) === 0, `${info.pipeMaxSize}`);
  }
  for (const setting of [info.transparentHugePages.enabled]) {
    assert(setting === null || ["always", "madvise", "never"].includes(setting), `${setting}`);
  }
  assert(info.memoryBytes === null || info.memoryBytes > 64 * 1024 ** 2);
  assertEquals(info.loadAverage.start.length, 3);
  assertEquals(info.loadAverage.end, null);
  assertEquals(info.versions.deno, Deno.version.deno);
  assertEquals(info.versions.pipespeed, JSON.parse(Deno.readTextFileSync("deno.json")).version);
  assertEquals(info.isRoot, Deno.uid() === 0);
  if (procReadable) {
    assertEquals(info.hypervisor, / hypervisor( |$)/m.test(readWholeFile("/proc/cpuinfo")));
    assertEquals(info.pipeMaxSize, Number(readWholeFile("/proc/sys/fs/pipe-max-size")));
    const governor = readOrNull("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
    assertEquals(info.cpufreqGovernor, governor?.trim() ?? null);
  } else {
    // Without --allow-ffi /proc and /sys cannot be read: those fields are unknown and a warning says so.
    assertEquals(info.pipeMaxSize, null);
    assertEquals(info.transparentHugePages.enabled, null);
    assertMatch(noiseWarnings(info).join("\n"), /could not read \/proc and \/sys.*--allow-ffi/);
  }
});

Deno.test("collectSystemInfo reads the git commit from .git without a subprocess", async () => {
  const { gitCommit } = (await collectSystemInfo()).versions;
  assert(gitCommit === null || /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(gitCommit), `${gitCommit}`);
  const head = readOrNull(".git/HEAD")?.trim() ?? "";
  const ref = /^ref: (\S+)$/.exec(head)?.[1];
  const loose = ref ? readOrNull(`.git/${ref}`)?.trim() : undefined;
  if (loose) assertEquals(gitCommit, loose);
  if (/^[0-9a-f]{40}$/.test(head)) assertEquals(gitCommit, head);
});

Deno.test("loadAverageNow returns three finite loads", () => {
  const loads = loadAverageNow();
  assertEquals(loads.length, 3);
  assert(loads.every((load) => Number.isFinite(load) && load >= 0));
});

Deno.test("parseBracketedChoice, parseCpuList and formatCpuList", () => {
  assertEquals(parseBracketedChoice("always [madvise] never\n"), "madvise");
  assertEquals(parseBracketedChoice("always defer defer+madvise [madvise] never"), "madvise");
  assertEquals(parseBracketedChoice("[never] always"), "never");
  assertEquals(parseBracketedChoice("madvise"), null);
  assertEquals(parseCpuList("0-2,5,7-8\n"), [0, 1, 2, 5, 7, 8]);
  assertEquals(parseCpuList("3"), [3]);
  assertEquals(parseCpuList("0-1,1"), [0, 1]);
  assertEquals(parseCpuList(""), []);
  assertEquals(parseCpuList("a-b"), []);
  assertEquals(formatCpuList([8, 0, 1, 2, 5, 7]), "0-2,5,7-8");
  assertEquals(formatCpuList([3]), "3");
  assertEquals(formatCpuList([]), "");
});

Deno.test("noiseWarnings: a clean machine gets none", () => {
  assertEquals(noiseWarnings(cleanInfo()), []);
  assertEquals(noiseWarnings({ ...cleanInfo(), cpufreqGovernor: null }), []);
});

Deno.test("noiseWarnings: one CPU online or allowed", () => {
  const oneOnline = noiseWarnings({
    ...cleanInfo(),
    onlineCpus: 1,
    allowedCpus: [0],
    loadAverage: { start: [0], end: null },
  });
  assertEquals(oneOnline.length, 1);
  assertMatch(oneOnline[0], /only one CPU.*share.*taskset/);
  const oneAllowed = noiseWarnings({ ...cleanInfo(), allowedCpus: [2] });
  assertEquals(oneAllowed.length, 1);
  assertMatch(oneAllowed[0], /only one CPU is usable \(4 online, allowed: 2\)/);
});

Deno.test("noiseWarnings: THP never", () => {
  const warnings = noiseWarnings({ ...cleanInfo(), transparentHugePages: { enabled: "never", defrag: "madvise" } });
  assertEquals(warnings.length, 1);
  assertMatch(warnings[0], /huge-page cases will not get huge pages.*echo madvise/);
});

Deno.test("noiseWarnings: high load at start or at end", () => {
  const atStart = noiseWarnings({ ...cleanInfo(), loadAverage: { start: [2.5, 1, 1], end: null } });
  assertEquals(atStart.length, 1);
  assertMatch(atStart[0], /load average is 2\.50 on 4 CPU/);
  assertEquals(noiseWarnings({ ...cleanInfo(), loadAverage: { start: [0.1], end: [3, 1, 1] } }).length, 1);
  assertEquals(noiseWarnings({ ...cleanInfo(), loadAverage: { start: [2], end: null } }), []); // exactly 0.5 × 4
  assertEquals(noiseWarnings({ ...cleanInfo(), loadAverage: { start: [], end: null } }), []);
});

Deno.test("noiseWarnings: /proc and /sys unreadable", () => {
  const unreadable = noiseWarnings({
    ...cleanInfo(),
    transparentHugePages: { enabled: null, defrag: null },
    pipeMaxSize: null,
    cpufreqGovernor: null,
  });
  assertEquals(unreadable.length, 1);
  assertMatch(unreadable[0], /could not read \/proc and \/sys.*--allow-ffi/);
  assertEquals(noiseWarnings({ ...cleanInfo(), transparentHugePages: { enabled: null, defrag: null } }), []);
});

Deno.test("noiseWarnings: hypervisor and governor", () => {
  const hypervisor = noiseWarnings({ ...cleanInfo(), hypervisor: true });
  assertEquals(hypervisor.length, 1);
  assertMatch(hypervisor[0], /hypervisor.*compare numbers only within one run/);
  const governor = noiseWarnings({ ...cleanInfo(), cpufreqGovernor: "powersave" });
  assertEquals(governor.length, 1);
  assertMatch(governor[0], /'powersave'.*cpupower frequency-set -g performance/);
});
