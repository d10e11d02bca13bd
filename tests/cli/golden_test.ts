/**
 * Golden outputs: what a user sees from the CLI on fixed inputs — `list --json` of every shipped
 * scenario, the results model built from fixed samples, and the files `report`, `compare` and
 * `merge` write from the fixture results (HTML without the inlined Plotly bundle). A change to any
 * of them must be deliberate: `UPDATE_GOLDEN=1 deno task test tests/cli/golden_test.ts` rewrites
 * them, and the diff shows what changed.
 */
import { blogResults, bufferSweepResults } from "../fixtures/make-results.ts";
import { assertEquals } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const GOLDEN = `${ROOT}tests/fixtures/golden/`;
const FIXTURES = `${ROOT}tests/fixtures/results/`;
const UPDATE = Deno.env.get("UPDATE_GOLDEN") === "1";
const FLAGS = ["run", "--no-prompt", "--allow-ffi", "--allow-run", "--allow-read", "--allow-write", "--allow-env"];

async function cli(args: string[]): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [...FLAGS, "--allow-sys", `${ROOT}cli.ts`, ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  assertEquals(code, 0, `pipespeed ${args.join(" ")}: ${decoder.decode(stderr)}`);
  return decoder.decode(stdout);
}

/** Compares `actual` with the golden file `name` (or rewrites it with UPDATE_GOLDEN=1). */
async function golden(name: string, actual: string): Promise<void> {
  const path = `${GOLDEN}${name}`;
  if (UPDATE) {
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, actual);
    return;
  }
  const expected = await Deno.readTextFile(path);
  if (actual === expected) return;
  const a = actual.split("\n");
  const e = expected.split("\n");
  const line = a.findIndex((text, i) => text !== e[i]);
  throw new Error(
    `${name} differs from its golden file at line ${line + 1}:\n  expected: ${e[line]?.slice(0, 300)}\n  actual:   ${
      a[line]?.slice(0, 300)
    }\n(UPDATE_GOLDEN=1 rewrites it if the change is meant)`,
  );
}

/** An HTML page without its inlined scripts' huge lines (Plotly), which are data, not layout. */
function withoutBundles(html: string): string {
  return html.split("\n").map((line) => line.length > 20_000 ? `[${line.length} chars]` : line).join("\n");
}

/** The temporary folder of the test, named the same in every run. */
let scratch = "";

async function outputs(dir: string, prefix: string): Promise<void> {
  for (const entry of [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isFile) continue;
    const text = (await Deno.readTextFile(`${dir}/${entry.name}`)).replaceAll(scratch, "<out>").replaceAll(
      ROOT,
      "<root>/",
    );
    if (entry.name.endsWith(".md")) await golden(`${prefix}/${entry.name}`, text);
    if (entry.name.endsWith(".html")) await golden(`${prefix}/${entry.name}.txt`, withoutBundles(text));
  }
}

Deno.test("golden: list --json of every shipped scenario", async () => {
  const files = [...Deno.readDirSync(`${ROOT}scenarios`)].map((e) => e.name).filter((n) => n.endsWith(".yaml")).sort();
  for (const file of files) {
    await golden(`list/${file.replace(/\.yaml$/, "")}.json`, await cli(["list", "--json", `scenarios/${file}`]));
  }
});

Deno.test("golden: the results model of fixed samples (the fixtures) is unchanged", async () => {
  await golden("results/blog.json", JSON.stringify(blogResults(), null, 2) + "\n");
  await golden("results/buffer-sweep.json", JSON.stringify(bufferSweepResults(), null, 2) + "\n");
});

Deno.test("golden: report, compare and merge write the same files from the fixture results", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-golden-" });
  scratch = dir;
  try {
    await cli(["report", `${FIXTURES}blog.json`, "--out", `${dir}/report`, "--no-images"]);
    await outputs(`${dir}/report`, "report");
    const table = await cli([
      "compare",
      `${FIXTURES}blog.json`,
      `${FIXTURES}blog.json`,
      "--out",
      `${dir}/compare`,
      "--no-images",
      "--label-base",
      "base",
      "--label-current",
      "current",
    ]);
    await golden("compare/table.txt", table.replaceAll(dir, "<out>").replaceAll(ROOT, "<root>/"));
    await outputs(`${dir}/compare`, "compare");
    await cli([
      "merge",
      `${FIXTURES}blog.json`,
      `${FIXTURES}buffer-sweep.json`,
      "--out",
      `${dir}/merge`,
      "--no-images",
      "--label",
      "one",
      "two",
    ]);
    await outputs(`${dir}/merge`, "merge");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
