/**
 * Real-browser tests of the report: `report.html` opened from `file://` in headless Chromium, and
 * the SVG/PNG export. Skipped with a printed reason when no Chromium is installed, except with
 * `CI=true`, where a missing Chromium fails them.
 *
 * The browser tests need `--allow-all`: loading playwright-core probes /proc/sys (see reports/images.ts).
 */
import type { Results } from "../../model/types.ts";
import { chartsFor, writeReport } from "../../reports/run/mod.ts";
import type { Figure } from "../../reports/page/figure.ts";
import { assert, assertEquals } from "../helpers.ts";
import { browserTest, foreignRequests, launch, openReport } from "./browser_helpers.ts";
import { exportImages, findChromium } from "../../reports/images.ts";

const FIXTURES = new URL("../fixtures/results/", import.meta.url);

/** The little of the page's DOM the in-page callbacks use (this file is type-checked without lib.dom). */
interface PageNode {
  localName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): Iterable<PageNode>;
}
interface PageGlobals {
  document: PageNode;
  DOMParser: new () => { parseFromString(text: string, type: string): PageNode & { documentElement: PageNode } };
}

async function fixture(name: string): Promise<Results> {
  return JSON.parse(await Deno.readTextFile(new URL(`${name}.json`, FIXTURES)));
}

const HOSTILE_NAME = `<img src=x onerror=alert(1)><script>alert(2)</script>`;

/** Blog and sweep together (every chart kind), with a hostile case name. */
async function everything(): Promise<Results> {
  const blog = await fixture("blog");
  const sweep = await fixture("buffer-sweep");
  const results = {
    ...blog,
    scenarios: [...blog.scenarios, ...sweep.scenarios],
    cases: [...blog.cases, ...sweep.cases],
  };
  results.cases[0] = { ...results.cases[0], name: HOSTILE_NAME };
  return results;
}

/** The texts a chart must show: legend entries, or the case names on the axis when it has no legend. */
function expectedTexts(figure: Figure): string[] {
  // deno-lint-ignore no-explicit-any
  const traces = figure.data as Record<string, any>[];
  const legend = traces.filter((t) => t.showlegend !== false && typeof t.name === "string" && t.name !== "");
  if (legend.length >= 2) return legend.map((t) => decodeEntities(t.name));
  // deno-lint-ignore no-explicit-any
  const ticks = ((figure.layout.xaxis as Record<string, any>).ticktext ?? []) as string[];
  return ticks.slice(0, 3).map(decodeEntities);
}

function decodeEntities(text: string): string {
  return text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert(signature.every((byte, i) => bytes[i] === byte), "PNG signature");
  assertEquals(new TextDecoder().decode(bytes.subarray(12, 16)), "IHDR");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

browserTest("browser: report.html from file:// renders every chart, offline, without errors", async (chromiumPath) => {
  const results = await everything();
  const directory = await Deno.makeTempDir({ prefix: "pipespeed-report-" });
  const browser = await launch(chromiumPath);
  try {
    const { html } = await writeReport(results, directory, { images: false });
    const { page, charts: rendered, pageErrors, consoleErrors, dialogs, requests } = await openReport(browser, html);
    assertEquals(rendered.map((chart) => chart.name), chartsFor(results).map((figure) => figure.name));
    for (const chart of rendered) assert(chart.svgs > 0, `${chart.name} has a .main-svg`);
    const firstCase = await page.$eval("#summary td.case", (cell) => cell.textContent ?? "");
    assert(firstCase.startsWith(HOSTILE_NAME), "the hostile name shows as text");
    assertEquals(await page.$$eval("main img, main script", (elements) => elements.length), 0, "no injected element");
    assertEquals(pageErrors, []);
    assertEquals(consoleErrors, []);
    assertEquals(dialogs, []);
    assertEquals(foreignRequests(requests), []);
  } finally {
    await browser.close();
    await Deno.remove(directory, { recursive: true });
  }
});

browserTest("browser: exported SVGs are well-formed and PNGs have the asked size", async (chromiumPath) => {
  const results = await everything();
  const figures = chartsFor(results);
  const directory = await Deno.makeTempDir({ prefix: "pipespeed-images-" });
  const browser = await launch(chromiumPath);
  try {
    const report = await writeReport(results, directory, { images: true, imageOptions: { chromiumPath } });
    assertEquals(report.imagesSkipped, null);
    assertEquals(report.images.length, figures.length * 2);
    const summary = await Deno.readTextFile(report.markdown);
    assert(summary.includes("](charts/headline.svg)"), "summary.md references the images");
    const page = await browser.newPage();
    for (const figure of figures) {
      const svg = await Deno.readTextFile(`${directory}/charts/${figure.name}.svg`);
      const parsed = await page.evaluate((text) => {
        const document = new (globalThis as unknown as PageGlobals).DOMParser().parseFromString(text, "image/svg+xml");
        const error = document.querySelector("parsererror");
        return {
          error: error?.textContent ?? null,
          root: document.documentElement.localName,
          text: document.documentElement.textContent ?? "",
        };
      }, svg);
      assertEquals(parsed.error, null, `${figure.name}.svg parses as XML`);
      assertEquals(parsed.root, "svg");
      for (const expected of expectedTexts(figure)) {
        assert(parsed.text.includes(expected), `${figure.name}.svg shows ${JSON.stringify(expected)}`);
      }
      const png = await Deno.readFile(`${directory}/charts/${figure.name}.png`);
      const height = typeof figure.layout.height === "number" ? figure.layout.height : 500;
      assertEquals(pngSize(png), { width: 1000, height }, `${figure.name}.png size`);
    }
  } finally {
    await browser.close();
    await Deno.remove(directory, { recursive: true });
  }
});

browserTest("browser: image size and scale options are honoured", async (chromiumPath) => {
  const figures = chartsFor(await fixture("blog")).slice(0, 1);
  const directory = await Deno.makeTempDir({ prefix: "pipespeed-images-" });
  try {
    const { written } = await exportImages(figures, directory, { chromiumPath, width: 640, height: 360, scale: 2 });
    assertEquals(written, [`${directory}/headline.svg`, `${directory}/headline.png`]);
    assertEquals(pngSize(await Deno.readFile(`${directory}/headline.png`)), { width: 1280, height: 720 });
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("images: skipped with a reason, never thrown, when Chromium is missing", async () => {
  const figures = chartsFor(await fixture("blog"));
  const directory = await Deno.makeTempDir({ prefix: "pipespeed-images-" });
  try {
    const result = await exportImages(figures, directory, { chromiumPath: "/nonexistent/chromium" });
    assertEquals(result.written, []);
    assert(result.skipped?.includes("/nonexistent/chromium"));
    assert(result.skipped?.includes("scripts/install-chromium.sh"));
    assertEquals([...Deno.readDirSync(directory)], [], "nothing written");
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("images: findChromium honours CHROMIUM_PATH", () => {
  const saved = Deno.env.get("CHROMIUM_PATH");
  try {
    Deno.env.set("CHROMIUM_PATH", "/nonexistent/chromium");
    assertEquals(findChromium(), null);
    Deno.env.set("CHROMIUM_PATH", Deno.execPath());
    assertEquals(findChromium(), Deno.execPath());
  } finally {
    if (saved === undefined) Deno.env.delete("CHROMIUM_PATH");
    else Deno.env.set("CHROMIUM_PATH", saved);
  }
});

Deno.test("writeReport: without images writes report.html, summary.md and step-summary.md only", async () => {
  const directory = await Deno.makeTempDir({ prefix: "pipespeed-report-" });
  try {
    const lines: string[] = [];
    const report = await writeReport(await fixture("blog"), `${directory}/out`, {
      images: false,
      log: (line) => lines.push(line),
    });
    assertEquals(report, {
      html: `${directory}/out/report.html`,
      markdown: `${directory}/out/summary.md`,
      stepSummary: `${directory}/out/step-summary.md`,
      images: [],
      imagesSkipped: null,
    });
    assertEquals([...Deno.readDirSync(`${directory}/out`)].map((entry) => entry.name).sort(), [
      "report.html",
      "step-summary.md",
      "summary.md",
    ]);
    assert(!(await Deno.readTextFile(report.markdown)).includes("!["));
    assertEquals(lines.length, 3);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("writeReport: images asked without Chromium are skipped with the reason", async () => {
  const directory = await Deno.makeTempDir({ prefix: "pipespeed-report-" });
  try {
    const report = await writeReport(await fixture("blog"), directory, {
      images: true,
      imageOptions: { chromiumPath: "/nonexistent/chromium" },
    });
    assertEquals(report.images, []);
    assert(report.imagesSkipped?.includes("install-chromium.sh"));
    assert(!(await Deno.readTextFile(report.markdown)).includes("!["));
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});
