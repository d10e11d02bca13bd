/**
 * Shared by the browser tests: open a report page from `file://` in Chromium, record every page
 * error, console error, dialog and request, wait for every chart to render, and list the charts.
 */
import type { Browser, Page } from "playwright-core";
import { CHROMIUM_ARGS, findChromium } from "../../reports/images.ts";

const CHROMIUM = findChromium();
const IN_CI = Deno.env.get("CI") === "true";
/** playwright-core, or `null` when it cannot load without --allow-all. */
const PLAYWRIGHT = await import("playwright-core").catch((error) => {
  if (error instanceof Deno.errors.NotCapable) return null;
  throw error;
});
const MISSING = CHROMIUM === null
  ? "no Chromium found (install with scripts/install-chromium.sh or set CHROMIUM_PATH)"
  : PLAYWRIGHT === null
  ? "playwright-core needs --allow-all to load (run the browser tests with -A)"
  : null;
if (MISSING !== null && !IN_CI) console.log(`browser tests skipped: ${MISSING}`);

/** A browser test: skipped with the reason printed when Chromium or -A is missing, failing instead in CI. */
export function browserTest(name: string, fn: (chromiumPath: string) => Promise<void>): void {
  Deno.test({
    name,
    ignore: MISSING !== null && !IN_CI,
    fn: () => {
      if (CHROMIUM === null || MISSING !== null) {
        throw new Error(`CI=true requires the browser tests to run: ${MISSING}`);
      }
      return fn(CHROMIUM);
    },
  });
}

/** Launches headless Chromium with pipespeed's flags (inside {@link browserTest} only). */
export async function launch(chromiumPath: string): Promise<Browser> {
  return await PLAYWRIGHT!.chromium.launch({ executablePath: chromiumPath, headless: true, args: [...CHROMIUM_ARGS] });
}

/** What a page did while it was open. */
export interface OpenedReport {
  /** The page (close it when done). */
  page: Page;
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** `console.error` messages. */
  consoleErrors: string[];
  /** Every URL the page requested. */
  requests: string[];
  /** Dialogs opened (`alert` from injected markup would land here). */
  dialogs: string[];
  /** Every `.chart` with its name and how many `.main-svg` Plotly drew in it. */
  charts: { name: string | null; svgs: number }[];
}

interface PageNode {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<PageNode> & { length: number };
}

/** Opens `path` (a report written to disk) and waits until every chart says it rendered. */
export async function openReport(browser: Browser, path: string): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const opened: OpenedReport = { page, pageErrors: [], consoleErrors: [], requests: [], dialogs: [], charts: [] };
  page.on("pageerror", (error) => opened.pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") opened.consoleErrors.push(message.text());
  });
  page.on("request", (request) => opened.requests.push(request.url()));
  page.on("dialog", (dialog) => {
    opened.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  await page.goto(new URL(`file://${path}`).href, { waitUntil: "load" });
  await page.waitForFunction(
    () => {
      const document = (globalThis as unknown as { document: PageNode }).document;
      const charts = [...document.querySelectorAll(".chart")];
      return charts.length > 0 && charts.every((chart) => chart.getAttribute("data-rendered") === "true");
    },
    null,
    { timeout: 60_000 },
  );
  opened.charts = await page.$$eval(".chart", (charts) =>
    charts.map((chart) => ({
      name: chart.getAttribute("data-name"),
      svgs: chart.querySelectorAll(".main-svg").length,
    })));
  return opened;
}

/** Requests that left the machine (anything but file:, data:, blob:, about:). */
export function foreignRequests(requests: string[]): string[] {
  return requests.filter((url) => !/^(file|data|blob|about):/.test(url));
}
