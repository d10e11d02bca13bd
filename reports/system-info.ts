/**
 * The machine in the terminal (`pipespeed sysinfo`): the probed {@link SystemInfo} as aligned
 * `label  value` lines.
 *
 * @example
 * ```ts
 * console.log(formatSystemInfo(await collectSystemInfo()));
 * ```
 *
 * @module
 */
import type { SystemInfo } from "../model/types.ts";
import { formatBytesSpaced } from "./format/bytes.ts";
import { formatCpuList } from "./format/cpus.ts";
import { kernelSemanticsRows } from "./kernel-semantics.ts";

/** Load averages as `0.15 0.21 0.11`, or `unknown`. */
function formatLoads(loads: readonly number[] | null): string {
  return loads && loads.length > 0 ? loads.map((load) => load.toFixed(2)).join(" ") : "unknown";
}

/**
 * The system description as aligned `label  value` lines, for the terminal.
 *
 * @example
 * ```ts
 * console.log(formatSystemInfo(await collectSystemInfo()));
 * // host           ci-runner-1
 * // kernel         6.8.0-1021-azure (x86_64)
 * // ...
 * ```
 */
export function formatSystemInfo(info: SystemInfo): string {
  const thp = info.transparentHugePages;
  const { versions } = info;
  // The kernel's notation is of a sorted set (the probe's lists already are one).
  const allowedCpus = formatCpuList(info.allowedCpus);
  const rows: [string, string][] = [
    ["host", info.hostname],
    ["kernel", `${info.kernelRelease} (${info.architecture})`],
    ["CPU", info.cpuModel],
    ["CPUs", `${info.onlineCpus} online, allowed ${allowedCpus || "unknown"}`],
    ["memory", info.memoryBytes === null ? "unknown" : formatBytesSpaced(info.memoryBytes)],
    ["huge pages", `THP enabled ${thp.enabled ?? "unknown"}, defrag ${thp.defrag ?? "unknown"}`],
    ["pipe-max-size", info.pipeMaxSize === null ? "unknown" : formatBytesSpaced(info.pipeMaxSize)],
    ["hypervisor", info.hypervisor ? "yes" : "no"],
    ["governor", info.cpufreqGovernor ?? "not available"],
    [
      "load average",
      `${formatLoads(info.loadAverage.start)} at start` +
      (info.loadAverage.end === null ? "" : `, ${formatLoads(info.loadAverage.end)} at end`),
    ],
    ["Deno", `${versions.deno} (V8 ${versions.v8}, TypeScript ${versions.typescript})`],
    ["pipespeed", `${versions.pipespeed}${versions.gitCommit ? ` (commit ${versions.gitCommit.slice(0, 12)})` : ""}`],
    ["root", info.isRoot ? "yes" : "no"],
    ...kernelSemanticsRows(info.kernelSemantics),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n");
}
