/**
 * The JSR package (deno.json): its subpath entries, what their module graphs pull in, and what it
 * leaves out. `deno publish --dry-run` itself runs in .ci/run.
 */
import { assert, assertEquals } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url);
const config = JSON.parse(Deno.readTextFileSync(new URL("deno.json", ROOT)));

/** Entries a program imports for one part, that must not carry the reports' or the CLI's weight. */
const LIGHT = ["./scenario", "./model", "./stats", "./exports", "./bench"];
/** npm packages only the reports (Plotly, the image export) or the CLI need. */
const HEAVY = ["playwright-core", "plotly.js-cartesian-dist-min", "commander", "cli-progress", "picocolors"];

/** The npm packages and local files in the module graph of `entry`, as `deno info --json` lists them. */
async function graph(entry: string): Promise<{ npm: string[]; files: string[] }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: ROOT.pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(code, 0, new TextDecoder().decode(stderr));
  const modules: { specifier: string }[] = JSON.parse(new TextDecoder().decode(stdout)).modules;
  const npm = modules.map((m) => m.specifier.match(/^npm:\/?((?:@[^/@]+\/)?[^/@]+)/)?.[1]).filter((n) =>
    n !== undefined
  );
  const files = modules.filter((m) => m.specifier.startsWith(ROOT.href)).map((m) =>
    m.specifier.slice(ROOT.href.length)
  );
  return { npm: [...new Set(npm)].sort(), files };
}

Deno.test("the package has subpath entries, each a documented module", () => {
  assertEquals(Object.keys(config.exports), [
    ".",
    "./scenario",
    "./model",
    "./stats",
    "./exports",
    "./bench",
    "./reports",
  ]);
  for (const [subpath, file] of Object.entries<string>(config.exports)) {
    const text = Deno.readTextFileSync(new URL(file, ROOT));
    assert(/^\/\*\*[\s\S]*?@module\s*\n\s*\*\//.test(text), `${subpath} (${file}) opens with a module doc`);
  }
});

Deno.test("light entries do not pull in playwright-core, Plotly or the CLI's packages", async () => {
  for (const subpath of LIGHT) {
    const { npm, files } = await graph(config.exports[subpath]);
    for (const heavy of HEAVY) assert(!npm.includes(heavy), `${subpath} pulls in ${heavy}: ${npm.join(", ")}`);
    assert(
      !files.some((f) => f === "reports/images.ts" || f === "reports/page/plotly.ts" || f.startsWith("cli")),
      `${subpath}: ${files.join(" ")}`,
    );
  }
  // The check sees them where they are: the reports entry (and so the whole package) has both.
  const reports = await graph(config.exports["./reports"]);
  assert(
    reports.npm.includes("playwright-core") && reports.npm.includes("plotly.js-cartesian-dist-min"),
    reports.npm.join(),
  );
});

Deno.test("the package is MIT and leaves out tests, fixtures, CI and results", () => {
  assertEquals(config.license, "MIT");
  assert(Deno.readTextFileSync(new URL("LICENSE", ROOT)).startsWith("MIT License"), "LICENSE is the MIT text");
  const excluded: string[] = config.publish.exclude;
  for (const folder of ["tests/", ".github/", ".ci/", "results/"]) assert(excluded.includes(folder), folder);
});

Deno.test("stats and exports run in a program of their own, loading no npm package but zod (the field table)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-package-" });
  try {
    const probe = `${dir}/probe.ts`;
    Deno.writeTextFileSync(
      probe,
      `import { median } from "${new URL(config.exports["./stats"], ROOT).href}";\n` +
        `import { toCsv } from "${new URL(config.exports["./exports"], ROOT).href}";\n` +
        `console.log(median([1, 2, 3]), typeof toCsv);\n`,
    );
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        "--config",
        new URL("deno.json", ROOT).pathname,
        "--allow-read",
        "--allow-env",
        probe,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(code, 0, new TextDecoder().decode(stderr));
    assertEquals(new TextDecoder().decode(stdout), "2 function\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
