/** Tests of scenario/files.ts: globs as the shell means them, and names from the scenario library. */
import { expandGlobs, SCENARIO_LIBRARY } from "../../scenario/files.ts";
import { assertEquals, assertIncludes } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function inRoot<T>(fn: () => Promise<T>): Promise<T> {
  const before = Deno.cwd();
  Deno.chdir(ROOT);
  try {
    return await fn();
  } finally {
    Deno.chdir(before);
  }
}

function library(): string[] {
  return [...Deno.readDirSync(SCENARIO_LIBRARY)].map((e) => e.name).filter((n) => n.endsWith(".yaml")).sort();
}

Deno.test("globs: [!b]* excludes, {a,b} alternates, a glob in a folder segment works", async () => {
  const notB = library().filter((name) => !name.startsWith("b")).map((name) => `scenarios/${name}`);
  assertEquals(await inRoot(() => expandGlobs(["scenarios/[!b]*.yaml"])), notB, "[!b]*");
  assertEquals(await inRoot(() => expandGlobs(["scenarios/{blog,ci}.yaml"])), [
    "scenarios/blog.yaml",
    "scenarios/ci.yaml",
  ]);
  assertEquals(await inRoot(() => expandGlobs(["scen*/blog.yaml"])), ["scenarios/blog.yaml"]);
  assertEquals(await expandGlobs([`${ROOT}scenarios/bl?g.yaml`]), [`${ROOT}scenarios/blog.yaml`], "absolute");
});

Deno.test("globs: a pattern matching nothing is an error naming it; plain paths pass through", async () => {
  const error = await expandGlobs(["scenarios/nothing*.yaml"]).catch((e: Error) => e);
  assertIncludes(String(error), "scenarios/nothing*.yaml: no file matches");
  assertEquals(await expandGlobs(["/no/such/file.yaml"]), ["/no/such/file.yaml"]);
});

Deno.test("a bare name is a file of the scenario library when it is not a file here", async () => {
  const dir = await Deno.makeTempDir();
  const before = Deno.cwd();
  Deno.chdir(dir);
  try {
    assertEquals(await expandGlobs(["blog"]), [`${SCENARIO_LIBRARY}blog.yaml`]);
    assertEquals(await expandGlobs(["ci.yaml"]), [`${SCENARIO_LIBRARY}ci.yaml`]);
    await Deno.writeTextFile(`${dir}/blog`, "name: mine\n");
    assertEquals(await expandGlobs(["blog"]), ["blog"], "a file here wins");
    assertEquals(await expandGlobs(["no-such-scenario"]), ["no-such-scenario"]);
  } finally {
    Deno.chdir(before);
    await Deno.remove(dir, { recursive: true });
  }
});
