/**
 * What machine a run happens on, read from `/proc`, `/sys` and Deno itself, and the warnings that
 * say when that machine will give noisy or misleading numbers.
 *
 * Every read is best-effort: a missing file, a refused permission or an unexpected format gives
 * `null` (or a sensible default), never an exception, and permissions are queried first so nothing
 * here ever prompts.
 *
 * Permissions: Deno 2 lets a program read `/proc` and `/sys` only with `--allow-all`
 * (`--allow-read=/proc` is not enough), so kernel files are read through libc
 * (`readWholeFile`, needs `--allow-ffi`, which a benchmark run has anyway). The rest needs
 * `--allow-read=<project dir>` and `--allow-sys=hostname,osRelease,uid,loadavg,systemMemoryInfo,cpus`.
 * Without FFI, THP, `pipe-max-size`, the hypervisor flag, the governor and the allowed CPUs are
 * unknown (`null`, `false`, all online CPUs), and {@linkcode noiseWarnings} says so.
 *
 * @module
 */
import { cpus as nodeCpus } from "node:os";
import { readWholeFile } from "../ffi/memory.ts";
import { kernelSemanticsOrNull } from "./semantics.ts";
import type { SystemInfo } from "../model/types.ts";
import { formatCpuList } from "../model/cpus.ts";

/** Fraction of the online CPUs the 1-minute load may reach before runs are considered disturbed. */
const LOAD_PER_CPU_LIMIT = 0.5;
const PROJECT_ROOT = new URL("../", import.meta.url);

/** True when `descriptor` is already granted (never prompts). */
function granted(descriptor: Deno.PermissionDescriptor): boolean {
  try {
    return Deno.permissions.querySync(descriptor).state === "granted";
  } catch {
    return false;
  }
}

/** Path of a file URL or plain path, as the read permission sees it. */
function pathOf(path: string | URL): string {
  return typeof path === "string" ? path : decodeURIComponent(path.pathname);
}

/** A `/proc` or `/sys` file through libc (Deno guards those behind `--allow-all`), or `null`. */
function readKernelFile(path: string): string | null {
  if (!granted({ name: "ffi" })) return null;
  try {
    return readWholeFile(path);
  } catch {
    return null;
  }
}

function isKernelPath(path: string): boolean {
  return path.startsWith("/proc/") || path.startsWith("/sys/");
}

/** Text of a file, or `null` when it cannot be read (missing, not permitted, not a local file). */
async function readTextOrNull(path: string | URL): Promise<string | null> {
  if (path instanceof URL && path.protocol !== "file:") return null;
  if (isKernelPath(pathOf(path))) return readKernelFile(pathOf(path));
  if (!granted({ name: "read", path: pathOf(path) })) return null;
  try {
    return await Deno.readTextFile(path);
  } catch {
    return null;
  }
}

/** Synchronous {@linkcode readTextOrNull}. */
function readTextOrNullSync(path: string): string | null {
  if (isKernelPath(path)) return readKernelFile(path);
  if (!granted({ name: "read", path })) return null;
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return null;
  }
}

/** Result of a `Deno` call needing `--allow-sys=<kind>`, or `null` when not permitted or failing. */
function sysOrNull<T>(kind: Deno.SysPermissionDescriptor["kind"], call: () => T): T | null {
  if (!granted({ name: "sys", kind })) return null;
  try {
    return call();
  } catch {
    return null;
  }
}

/**
 * The choice in brackets of a kernel multiple-choice setting, as in
 * `/sys/kernel/mm/transparent_hugepage/enabled`; `null` when there is none.
 *
 * @example
 * ```ts
 * parseBracketedChoice("always [madvise] never\n"); // "madvise"
 * ```
 */
export function parseBracketedChoice(text: string): string | null {
  return /\[([^\]]+)\]/.exec(text)?.[1] ?? null;
}

/**
 * CPU numbers of a kernel CPU list such as `Cpus_allowed_list` or `/sys/devices/system/cpu/online`,
 * ascending and without duplicates; `[]` when the text is not a CPU list.
 *
 * @example
 * ```ts
 * parseCpuList("0-2,5,7-8"); // [0, 1, 2, 5, 7, 8]
 * ```
 */
export function parseCpuList(text: string): number[] {
  const cpus = new Set<number>();
  for (const part of text.trim().split(",")) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) return [];
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return [];
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/** Value of the first `key: value` line of a `/proc` file whose key is `key`. */
function procField(text: string | null, key: string): string | null {
  if (text === null) return null;
  for (const line of text.split("\n")) {
    const separator = line.indexOf(":");
    if (separator > 0 && line.slice(0, separator).trim() === key) return line.slice(separator + 1).trim();
  }
  return null;
}

/** A non-negative integer from text, or `null`. */
function integerOrNull(text: string | null): number | null {
  if (text === null) return null;
  const value = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/**
 * The 1-, 5- and 15-minute load averages from `/proc/loadavg` (else `Deno.loadavg()`, rounded to
 * two decimals like the kernel's file), or `[]` when neither is available.
 *
 * @example
 * ```ts
 * const [oneMinute] = loadAverageNow();
 * ```
 */
export function loadAverageNow(): number[] {
  const text = readTextOrNullSync("/proc/loadavg");
  const loads = text === null
    ? sysOrNull("loadavg", () => Deno.loadavg().map((load) => Math.round(load * 100) / 100)) ?? []
    : text.trim().split(/\s+/).slice(0, 3).map(Number);
  return loads.length === 3 && loads.every(Number.isFinite) ? loads : [];
}

/** CPU model name from `/proc/cpuinfo` (x86 `model name`, or what ARM and others report), else `node:os`. */
function cpuModelOf(cpuinfo: string | null): string {
  for (const key of ["model name", "Model", "Hardware", "cpu model", "cpu"]) {
    const value = procField(cpuinfo, key);
    if (value) return value;
  }
  return sysOrNull("cpus", () => nodeCpus()[0]?.model.trim()) || "unknown";
}

/** True when the `flags` line of `/proc/cpuinfo` has `hypervisor`. */
function hasHypervisorFlag(cpuinfo: string | null): boolean {
  return (procField(cpuinfo, "flags") ?? "").split(/\s+/).includes("hypervisor");
}

/**
 * Online CPUs: `/sys/devices/system/cpu/online`, else `processor` lines of `/proc/cpuinfo`, else
 * `node:os` `cpus()`, else `navigator.hardwareConcurrency` (which may already be reduced by affinity).
 */
function onlineCpuNumbers(onlineText: string | null, cpuinfo: string | null): number[] {
  const online = onlineText === null ? [] : parseCpuList(onlineText);
  if (online.length > 0) return online;
  const processors = (cpuinfo ?? "").split("\n").filter((line) => /^processor\s*:/.test(line)).length;
  const count = processors || sysOrNull("cpus", () => nodeCpus().length) || navigator.hardwareConcurrency || 1;
  return Array.from({ length: count }, (_, cpu) => cpu);
}

/** `MemTotal` of `/proc/meminfo` in bytes, else `Deno.systemMemoryInfo().total`. */
function memoryBytesOf(meminfo: string | null): number | null {
  const match = /^(\d+)\s*kB$/.exec(procField(meminfo, "MemTotal") ?? "");
  if (match) return Number(match[1]) * 1024;
  return sysOrNull("systemMemoryInfo", () => Deno.systemMemoryInfo().total) || null;
}

/** Whether the process runs as root: `Deno.uid()`, else the real uid in `/proc/self/status`. */
function isRootUser(status: string | null): boolean {
  const uid = sysOrNull("uid", () => Deno.uid());
  if (uid !== null) return uid === 0;
  return procField(status, "Uid")?.split(/\s+/)[0] === "0";
}

const CAP_SYS_RESOURCE = 24;

/** Whether `CapEff` in `/proc/self/status` holds CAP_SYS_RESOURCE (false when unknown). */
export function hasCapSysResource(status: string | null): boolean {
  const hex = procField(status, "CapEff");
  if (hex === null || hex === undefined || !/^[0-9a-f]+$/i.test(hex)) return false;
  return (BigInt(`0x${hex}`) >> BigInt(CAP_SYS_RESOURCE)) & 1n ? true : false;
}

/** `version` of the project's `deno.json`, or `"unknown"`. */
async function pipespeedVersion(): Promise<string> {
  const text = await readTextOrNull(new URL("deno.json", PROJECT_ROOT));
  try {
    const version = text === null ? undefined : JSON.parse(text).version;
    return typeof version === "string" ? version : "unknown";
  } catch {
    return "unknown";
  }
}

/** The git directory of the project: `.git/`, or the `gitdir:` a `.git` file points to (worktrees). */
async function gitDirectory(): Promise<URL | null> {
  const dotGit = new URL(".git", PROJECT_ROOT);
  const pointer = await readTextOrNull(dotGit);
  if (pointer === null) return new URL(".git/", PROJECT_ROOT);
  const target = /^gitdir:\s*(.+)$/m.exec(pointer)?.[1].trim();
  return target ? new URL(target.endsWith("/") ? target : `${target}/`, PROJECT_ROOT) : null;
}

/** The commit a ref names, from its loose ref file or `packed-refs` in `directory`. */
async function resolveRef(directory: URL, ref: string): Promise<string | null> {
  const loose = (await readTextOrNull(new URL(ref, directory)))?.trim();
  if (loose && /^[0-9a-f]{40,64}$/.test(loose)) return loose;
  for (const line of ((await readTextOrNull(new URL("packed-refs", directory))) ?? "").split("\n")) {
    const [commit, name] = line.trim().split(/\s+/);
    if (name === ref && /^[0-9a-f]{40,64}$/.test(commit)) return commit;
  }
  return null;
}

/** Commit checked out in the project, read from `.git` files (no subprocess); `null` when unknown. */
async function gitCommit(): Promise<string | null> {
  const gitDir = await gitDirectory();
  if (gitDir === null) return null;
  const head = (await readTextOrNull(new URL("HEAD", gitDir)))?.trim();
  if (!head) return null;
  if (/^[0-9a-f]{40,64}$/.test(head)) return head;
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (!ref) return null;
  const fromGitDir = await resolveRef(gitDir, ref);
  if (fromGitDir !== null) return fromGitDir;
  const common = (await readTextOrNull(new URL("commondir", gitDir)))?.trim(); // linked worktrees
  return common ? resolveRef(new URL(common.endsWith("/") ? common : `${common}/`, gitDir), ref) : null;
}

/**
 * Collects the machine and software description stored in `results.json`. `loadAverage.end` is
 * `null`: set it with {@linkcode loadAverageNow} when the run finishes. Never throws.
 *
 * @example
 * ```ts
 * const system = await collectSystemInfo();
 * for (const warning of noiseWarnings(system)) console.warn(warning);
 * // ... run ...
 * system.loadAverage.end = loadAverageNow();
 * ```
 */
export async function collectSystemInfo(): Promise<SystemInfo> {
  const loadAtStart = loadAverageNow();
  const [cpuinfo, online, status, thpEnabled, thpDefrag, pipeMax, governor, meminfo, kernelFile, hostnameFile] =
    await Promise.all([
      "/proc/cpuinfo",
      "/sys/devices/system/cpu/online",
      "/proc/self/status",
      "/sys/kernel/mm/transparent_hugepage/enabled",
      "/sys/kernel/mm/transparent_hugepage/defrag",
      "/proc/sys/fs/pipe-max-size",
      "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
      "/proc/meminfo",
      "/proc/sys/kernel/osrelease",
      "/proc/sys/kernel/hostname",
    ].map(readTextOrNull));
  const onlineCpus = onlineCpuNumbers(online, cpuinfo);
  const allowed = parseCpuList(procField(status, "Cpus_allowed_list") ?? "");
  const [version, commit] = await Promise.all([pipespeedVersion(), gitCommit()]);
  return {
    hostname: sysOrNull("hostname", () => Deno.hostname()) ?? hostnameFile?.trim() ?? "unknown",
    kernelRelease: sysOrNull("osRelease", () => Deno.osRelease()) ?? kernelFile?.trim() ?? "unknown",
    architecture: Deno.build.arch,
    cpuModel: cpuModelOf(cpuinfo),
    onlineCpus: onlineCpus.length,
    allowedCpus: allowed.length > 0 ? allowed : onlineCpus,
    transparentHugePages: {
      enabled: thpEnabled === null ? null : parseBracketedChoice(thpEnabled),
      defrag: thpDefrag === null ? null : parseBracketedChoice(thpDefrag),
    },
    pipeMaxSize: integerOrNull(pipeMax),
    hypervisor: hasHypervisorFlag(cpuinfo),
    cpufreqGovernor: governor?.trim() || null,
    loadAverage: { start: loadAtStart, end: null },
    versions: {
      deno: Deno.version.deno,
      v8: Deno.version.v8,
      typescript: Deno.version.typescript,
      pipespeed: version,
      gitCommit: commit,
    },
    memoryBytes: memoryBytesOf(meminfo),
    isRoot: isRootUser(status),
    canExceedPipeMaxSize: hasCapSysResource(status),
    ...kernelSemanticsOrNull(granted({ name: "ffi" })),
  };
}

/** The highest 1-minute load average recorded (start or end), or `null`. */
function peakOneMinuteLoad(info: SystemInfo): number | null {
  const loads = [info.loadAverage.start[0], info.loadAverage.end?.[0]].filter(Number.isFinite) as number[];
  return loads.length > 0 ? Math.max(...loads) : null;
}

/**
 * Warnings about conditions that make the numbers noisy or unrepresentative, each saying what to
 * do about it: a single usable CPU, THP disabled, a busy machine, a hypervisor, a CPU frequency
 * governor other than `performance`, and `/proc` and `/sys` unreadable (both THP mode and
 * `pipe-max-size` unknown, as without `--allow-all`). Empty for a quiet, well-configured machine.
 *
 * @example
 * ```ts
 * noiseWarnings(await collectSystemInfo()).forEach((warning) => console.warn(`warning: ${warning}`));
 * ```
 */
export function noiseWarnings(info: SystemInfo): string[] {
  const warnings: string[] = [];
  if (info.transparentHugePages.enabled === null && info.pipeMaxSize === null) {
    warnings.push(
      "could not read /proc and /sys (pipespeed reads them through libc: grant --allow-ffi): THP mode, " +
        "pipe-max-size, hypervisor, CPU frequency governor and allowed CPUs are unknown",
    );
  }
  const usableCpus = Math.min(info.onlineCpus, info.allowedCpus.length || info.onlineCpus);
  if (usableCpus < 2) {
    warnings.push(
      `only one CPU is usable (${info.onlineCpus} online, allowed: ${formatCpuList(info.allowedCpus) || "none"}): ` +
        "the writer and the reader will share it and throughput will be far below a two-core machine; " +
        "run on at least 2 CPUs, or widen the affinity (e.g. `taskset -c 0,1`, or the container's cpuset)",
    );
  }
  if (info.transparentHugePages.enabled === "never") {
    warnings.push(
      "transparent huge pages are disabled (enabled = never): huge-page cases will not get huge pages; " +
        "enable them with `echo madvise | sudo tee /sys/kernel/mm/transparent_hugepage/enabled`",
    );
  }
  const load = peakOneMinuteLoad(info);
  if (load !== null && load > LOAD_PER_CPU_LIMIT * info.onlineCpus) {
    warnings.push(
      `the 1-minute load average is ${load.toFixed(2)} on ${info.onlineCpus} CPU(s): other work competes ` +
        "with the benchmark; stop other workloads or wait until the machine is idle, then run again",
    );
  }
  if (info.hypervisor) {
    warnings.push(
      "running under a hypervisor: throughput varies more (vCPU scheduling, noisy neighbours); " +
        "compare numbers only within one run, or use the same instance type and repeat runs",
    );
  }
  if (info.cpufreqGovernor !== null && info.cpufreqGovernor !== "performance") {
    warnings.push(
      `the CPU frequency governor is '${info.cpufreqGovernor}': clock speed changes during the runs; ` +
        "set it with `sudo cpupower frequency-set -g performance` for steadier numbers",
    );
  }
  return warnings;
}
