/**
 * Static SVG and PNG export of chart figures through a headless Chromium (Debian's `chromium`)
 * driven by `playwright-core`: a blank page with Plotly inlined, `Plotly.toImage` per figure,
 * every request other than `data:`/`about:`/`blob:` refused.
 *
 * Permissions: `playwright-core` is imported only when images are exported, because loading it
 * probes `/proc/sys/fs/binfmt_misc/WSLInterop` (is-wsl), which Deno allows only with `--allow-all`.
 * Importing this module needs nothing. A process without `-A` hands the export to a child process
 * (`deno run -A reports/images.ts`, figures on stdin) when it may run `deno`; only that short-lived
 * child holds `--allow-all`, so the benchmark itself keeps its narrow permissions. Without either,
 * the export is skipped with the reason.
 *
 * @example
 * ```ts
 * const { written, skipped } = await exportImages(chartsFor(results), "out/charts");
 * if (skipped) console.warn(skipped);
 * ```
 *
 * @module
 */
import type { Figure } from "./page/figure.ts";
import { plotlyScript } from "./page/plotly.ts";
import { writeFileAtomic } from "../model/write-file.ts";

/** Options of {@link exportImages}. */
export interface ImageOptions {
  /** Chromium executable (default: {@link findChromium}). */
  chromiumPath?: string;
  /** Image width in CSS pixels (default 1000). */
  width?: number;
  /** Image height in CSS pixels (default: the figure's `layout.height`, else 500). */
  height?: number;
  /** PNG pixel ratio (default 1: the PNG is exactly width × height). */
  scale?: number;
}

/** What {@link exportImages} did. */
export interface ImageExport {
  /** Paths written, `<outDir>/<name>.svg` and `.png` per figure. */
  written: string[];
  /** Why nothing was written (no Chromium), with how to fix it; `null` when images were written. */
  skipped: string | null;
}

/** Chromium flags for a quiet, offline, sandbox-less (containers, root) headless run. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where Chromium is looked for when `CHROMIUM_PATH` is not set. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
];

const INSTALL_HINT = "install it with scripts/install-chromium.sh (Debian's chromium) or set CHROMIUM_PATH";

function isExecutable(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && ((info.mode ?? 0o755) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** `path` is not an executable file, as far as this process may look (`false` when it may not). */
function visiblyMissing(path: string): boolean {
  try {
    Deno.statSync(path);
  } catch (error) {
    return !(error instanceof Deno.errors.NotCapable);
  }
  return !isExecutable(path);
}

function chromiumPathFromEnv(): string | undefined {
  try {
    return Deno.env.get("CHROMIUM_PATH") || undefined;
  } catch {
    return undefined; // no --allow-env: fall back to the usual places
  }
}

/**
 * The Chromium executable to use: `CHROMIUM_PATH` when set (and `null` if it is not an
 * executable), else the first of `/usr/bin/chromium`, `chromium-browser`, `google-chrome-stable`,
 * `google-chrome` that exists; `null` when there is none.
 *
 * @example
 * ```ts
 * const chromiumPath = findChromium() ?? "(none)";
 * ```
 */
export function findChromium(): string | null {
  const fromEnv = chromiumPathFromEnv();
  if (fromEnv !== undefined) return isExecutable(fromEnv) ? fromEnv : null;
  return CHROMIUM_CANDIDATES.find(isExecutable) ?? null;
}

function missingReason(explicit: string | undefined): string {
  const fromEnv = chromiumPathFromEnv();
  if (explicit !== undefined) return `images skipped: Chromium not found at ${explicit}; ${INSTALL_HINT}`;
  if (fromEnv !== undefined) return `images skipped: CHROMIUM_PATH=${fromEnv} is not an executable; ${INSTALL_HINT}`;
  return `images skipped: no Chromium found (looked for ${CHROMIUM_CANDIDATES.join(", ")}); ${INSTALL_HINT}`;
}

/** Decodes a `data:` URL (base64 or percent-encoded) to bytes. */
export function decodeDataUrl(url: string): Uint8Array {
  const comma = url.indexOf(",");
  if (!url.startsWith("data:") || comma < 0) throw new Error(`not a data URL: ${url.slice(0, 40)}…`);
  const header = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  if (header.endsWith(";base64")) {
    const binary = atob(payload);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  return new TextEncoder().encode(decodeURIComponent(payload));
}

/** Why playwright-core cannot load without `--allow-all`, and what to do. */
export const NEEDS_ALLOW_ALL: string =
  "images skipped: exporting needs --allow-all (-A), because playwright-core reads " +
  "/proc/sys/fs/binfmt_misc when it loads and Deno permits that only with -A; or skip images with --no-images";

/** playwright-core, loaded on first use (see the module notes), or why it cannot load. */
async function loadPlaywright(): Promise<typeof import("playwright-core") | string> {
  try {
    return await import("playwright-core");
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) return NEEDS_ALLOW_ALL;
    throw error;
  }
}

/** The page figures are drawn in: Plotly and nothing else. */
function exportPage(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><script>${plotlyScript()}</script></body></html>`;
}

interface ToImageRequest {
  figure: { data: unknown[]; layout: Record<string, unknown> };
  format: "svg" | "png";
  width: number;
  height: number;
  scale: number;
}

/** Runs in the page: `Plotly.toImage` of one figure, as a data URL. */
function toImageInPage(request: ToImageRequest): Promise<string> {
  const plotly = (globalThis as unknown as {
    Plotly: { toImage(figure: unknown, options: Record<string, unknown>): Promise<string> };
  }).Plotly;
  return plotly.toImage(request.figure, {
    format: request.format,
    width: request.width,
    height: request.height,
    scale: request.scale,
  });
}

/**
 * Exports every figure to `<outDir>/<name>.svg` and `<outDir>/<name>.png` with one headless
 * Chromium (closed before returning). When no Chromium is found, or playwright-core cannot load
 * for want of `--allow-all`, nothing is thrown: `skipped` says why and what to do. A Chromium that
 * is found but fails does throw.
 *
 * @example
 * ```ts
 * const result = await exportImages(chartsFor(results), "out/charts", { width: 1200 });
 * console.log(result.skipped ?? `${result.written.length} files`);
 * ```
 */
export async function exportImages(
  figures: Figure[],
  outDir: string,
  options: ImageOptions = {},
): Promise<ImageExport> {
  if (figures.length === 0) return { written: [], skipped: null };
  // A Chromium path given and visibly missing: say so before anything else (whatever the permissions).
  if (options.chromiumPath !== undefined && visiblyMissing(options.chromiumPath)) {
    return { written: [], skipped: missingReason(options.chromiumPath) };
  }
  // Without -A this process can neither load playwright-core nor (with a scoped --allow-read)
  // look for Chromium: the child does both.
  const playwright = await loadPlaywright();
  if (typeof playwright === "string") return await exportInChild(figures, outDir, options, playwright);
  const executablePath = options.chromiumPath ?? findChromium();
  if (executablePath === null || !isExecutable(executablePath)) {
    return { written: [], skipped: missingReason(options.chromiumPath) };
  }
  await Deno.mkdir(outDir, { recursive: true });
  const browser = await playwright.chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  const written: string[] = [];
  try {
    const context = await browser.newContext({ serviceWorkers: "block" });
    await context.route(/^(?!data:|about:|blob:)/, (route) => route.abort("blockedbyclient"));
    const page = await context.newPage();
    await page.setContent(exportPage(), { waitUntil: "load" });
    for (const figure of figures) {
      const width = options.width ?? 1000;
      const height = options.height ?? (typeof figure.layout.height === "number" ? figure.layout.height : 500);
      for (const format of ["svg", "png"] as const) {
        const request: ToImageRequest = {
          figure: { data: figure.data, layout: figure.layout },
          format,
          width,
          height,
          scale: format === "png" ? options.scale ?? 1 : 1,
        };
        const url = await page.evaluate(toImageInPage, request);
        const path = `${outDir.replace(/\/+$/, "")}/${figure.name}.${format}`;
        await writeFileAtomic(path, decodeDataUrl(url));
        written.push(path);
      }
    }
  } finally {
    await browser.close();
  }
  return { written, skipped: null };
}

const CONFIG = new URL("../deno.json", import.meta.url).pathname;
const SELF = new URL(import.meta.url).pathname;

/** Runs the export in `deno run -A reports/images.ts` (see the module notes). */
async function exportInChild(
  figures: Figure[],
  outDir: string,
  options: ImageOptions,
  whyNotHere: string,
): Promise<ImageExport> {
  if (Deno.permissions.querySync({ name: "run", command: Deno.execPath() }).state !== "granted") {
    return { written: [], skipped: whyNotHere };
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "-A", "--quiet", "--config", CONFIG, SELF, outDir],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify({ figures, options })));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  if (code !== 0) {
    const tail = decoder.decode(stderr).trim().split("\n").slice(-3).join(" | ");
    throw new Error(`image export failed (exit ${code}): ${tail}`);
  }
  return JSON.parse(decoder.decode(stdout)) as ImageExport;
}

if (import.meta.main) {
  // The child side of exportInChild: figures and options on stdin, the result on stdout.
  const input = JSON.parse(await new Response(Deno.stdin.readable).text()) as {
    figures: Figure[];
    options: ImageOptions;
  };
  console.log(JSON.stringify(await exportImages(input.figures, Deno.args[0], input.options)));
}
