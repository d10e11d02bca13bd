/** The CLI as a library: `main()` and the actions return exit codes, and never exit the process. */
import { main } from "../../cli.ts";
import { parseInteger, parsePercent, parseTimeout, parseWarmupBytes, userPath } from "../../cli/args.ts";
import { selectCases } from "../../cli/cases.ts";
import { loadScenarioFiles } from "../../scenario/scenario.ts";
import { assert, assertEquals, problemWith } from "../helpers.ts";

const BLOG = new URL("../../scenarios/blog.yaml", import.meta.url).pathname;

/** Runs `use` with console output swallowed (the CLI prints; the test only wants codes). */
async function quietly<T>(use: () => Promise<T>): Promise<T> {
  const { log, error } = console;
  console.log = console.error = () => {};
  try {
    return await use();
  } finally {
    console.log = log;
    console.error = error;
  }
}

Deno.test("main returns the exit code of each command instead of exiting", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-main-" });
  try {
    await Deno.writeTextFile(`${dir}/bad.yaml`, "name: bad\ncases: 3\n");
    assertEquals(await quietly(() => main(["validate", `${dir}/bad.yaml`])), 2, "a bad scenario: usage error");
    assertEquals(await quietly(() => main(["list", BLOG])), 0);
    assertEquals(await quietly(() => main(["validate", BLOG])), 0);
    assertEquals(await quietly(() => main(["list", "--json", BLOG])), 0, "a second program: fresh options");
    assertEquals(await quietly(() => main(["--version"])), 0);
    assertEquals(await quietly(() => main(["run", "--filter", "(", BLOG])), 2, "bad regex");
    assertEquals(await quietly(() => main(["report"])), 2, "report without files");
    assertEquals(await quietly(() => main(["compare", `${dir}/none.json`, `${dir}/none.json`])), 2, "missing file");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("argument helpers: usage errors naming the option, paths from where the task was started", () => {
  assertEquals(parseInteger("--seed")("12"), 12);
  assertEquals(problemWith(parseInteger("--seed"), "-1"), "--seed: expected a non-negative integer, got -1");
  assertEquals(parseTimeout("30"), 30);
  assertEquals(problemWith(parseTimeout, "0"), "--timeout: expected whole seconds from 1 to 2000000, got 0");
  assertEquals(parsePercent("5%"), 0.05);
  assertEquals(parsePercent("2.5"), 0.025);
  assert(problemWith(parsePercent, "100%").startsWith("--threshold:"));
  assertEquals(parseWarmupBytes("1MiB"), 1 << 20);
  assertEquals(parseWarmupBytes(undefined), undefined);
  assert(problemWith(parseWarmupBytes, "lots").startsWith("--warmup-bytes:"));
  const before = Deno.env.get("INIT_CWD");
  try {
    Deno.env.set("INIT_CWD", "/home/me/");
    assertEquals([userPath("out"), userPath("/abs")], ["/home/me/out", "/abs"]);
  } finally {
    if (before === undefined) Deno.env.delete("INIT_CWD");
    else Deno.env.set("INIT_CWD", before);
  }
});

Deno.test("--filter keeps cases by id or name; a bad or empty filter is a usage error", async () => {
  const { cases } = await loadScenarioFiles([BLOG]);
  assertEquals(selectCases(cases, undefined).length, cases.length);
  assertEquals(selectCases(cases, "^write_read$").map((c) => c.id), ["blog/write_read"]);
  assertEquals(selectCases(cases, "^blog/write_read$").map((c) => c.name), ["write_read"]);
  assertEquals(
    problemWith((f: string) => selectCases(cases, f), "zzz"),
    "--filter zzz matches no case (ids look like blog/write_read)",
  );
  assert(
    problemWith((f: string) => selectCases(cases, f), "(").startsWith("--filter: not a valid regular expression: "),
  );
});
