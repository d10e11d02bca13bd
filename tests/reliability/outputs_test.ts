/**
 * Issue 19, the outputs: no write follows a symbolic link (item 5), and the error paths (8):
 * unwritable `--out`, a corrupt journal, a full disk, and `report --from-journal` never making a
 * results file worse. Real files, real links, a real (small) tmpfs.
 */
import { assert, assertEquals, assertIncludes } from "../helpers.ts";
import {
  fillUp,
  folderWithJournal,
  journalLines,
  journalText,
  oneLineError,
  runCli,
  tinyJournal,
  tinyScenario,
  withTmpfs,
} from "./_cli.ts";

const FIXTURE = new URL("../fixtures/results/blog.json", import.meta.url).pathname;

/** A results folder holding the fixture's results.json, and a victim file outside it. */
async function folderAndVictim(): Promise<{ dir: string; victim: string; root: string }> {
  const root = await Deno.makeTempDir({ prefix: "pipespeed-rel-links-" });
  const dir = `${root}/results`;
  Deno.mkdirSync(dir);
  Deno.copyFileSync(FIXTURE, `${dir}/results.json`);
  const victim = `${root}/victim.txt`;
  Deno.writeTextFileSync(victim, "precious\n");
  return { dir, victim, root };
}

Deno.test("report.html, summary.md and step-summary.md planted as links are replaced, never followed", async () => {
  const { dir, victim, root } = await folderAndVictim();
  for (const name of ["report.html", "summary.md", "step-summary.md"]) Deno.symlinkSync(victim, `${dir}/${name}`);
  const report = await runCli(["report", `${dir}/results.json`, "--no-images"]);
  assertEquals(report.code, 0, report.stderr);
  assertEquals(Deno.readTextFileSync(victim), "precious\n", "the link's target is untouched");
  for (const name of ["report.html", "summary.md", "step-summary.md"]) {
    assert(Deno.lstatSync(`${dir}/${name}`).isFile, `${name} is now a file of its own`);
  }
  await Deno.remove(root, { recursive: true });
});

Deno.test("results.json.tmp planted as a link is not followed by report --from-journal", async () => {
  const { dir, victim, root } = await folderAndVictim();
  Deno.removeSync(`${dir}/results.json`);
  Deno.writeTextFileSync(`${dir}/journal.ndjson`, await tinyJournal());
  Deno.symlinkSync(victim, `${dir}/results.json.tmp`);
  const report = await runCli(["report", "--from-journal", dir, "--no-images"]);
  assertEquals(report.code, 0, report.stderr);
  assertEquals(Deno.readTextFileSync(victim), "precious\n");
  assert(Deno.lstatSync(`${dir}/results.json`).isFile);
  await Deno.remove(root, { recursive: true });
});

Deno.test("an export path planted as a link is replaced, not followed", async () => {
  const { victim, root } = await folderAndVictim();
  Deno.symlinkSync(victim, `${root}/samples.csv`);
  const run = await runCli([
    "run",
    tinyScenario(root, 1),
    "--out",
    `${root}/run`,
    "--no-report",
    "--no-images",
    "-q",
    "--export-csv",
    `${root}/samples.csv`,
  ]);
  assertEquals(run.code, 0, run.stderr);
  assertEquals(Deno.readTextFileSync(victim), "precious\n");
  assert(Deno.lstatSync(`${root}/samples.csv`).isFile);
  await Deno.remove(root, { recursive: true });
});

Deno.test("an output folder that is a link, or reached through one, is refused (exit 2, one line); nothing is written there", async () => {
  const { dir, root } = await folderAndVictim();
  const elsewhere = `${root}/elsewhere`;
  Deno.mkdirSync(elsewhere);
  Deno.symlinkSync(elsewhere, `${root}/link`);
  for (const out of [`${root}/link`, `${root}/link/run`]) {
    const run = await runCli(["run", tinyScenario(root, 1), "--out", out, "--no-report", "--no-images"]);
    assertEquals(run.code, 2, run.stderr);
    assertIncludes(run.stderr, "symbolic link");
    assert(oneLineError(run.stderr), run.stderr);
    const report = await runCli(["report", `${dir}/results.json`, "--out", out, "--no-images"]);
    assertEquals(report.code, 2, report.stderr);
    const compare = await runCli([
      "compare",
      `${dir}/results.json`,
      `${dir}/results.json`,
      "--out",
      out,
      "--no-images",
    ]);
    assertEquals(compare.code, 2, compare.stderr);
  }
  assertEquals([...Deno.readDirSync(elsewhere)], [], "nothing written through the link");
  await Deno.remove(root, { recursive: true });
});

Deno.test("--out on a file, under /proc, or on a read-only file system: exit 2 with one line, no stack trace", async () => {
  const root = await Deno.makeTempDir({ prefix: "pipespeed-rel-out-" });
  Deno.writeTextFileSync(`${root}/a-file`, "x");
  const scenario = tinyScenario(root, 1);
  for (const out of [`${root}/a-file`, "/proc/pipespeed-out", "/proc/self"]) {
    const run = await runCli(["run", scenario, "--out", out, "--no-report", "--no-images"]);
    assertEquals(run.code, 2, `${out}: ${run.stderr}`);
    assert(oneLineError(run.stderr), `${out}: ${run.stderr}`);
  }
  await withTmpfs("1m", async (dir) => {
    const remount = await new Deno.Command("mount", { args: ["-o", "remount,ro", dir] }).output();
    assert(remount.success, "remount read-only");
    const run = await runCli(["run", scenario, "--out", dir, "--no-report", "--no-images"]);
    assertEquals(run.code, 2, run.stderr);
    assertIncludes(run.stderr, "Read-only file system");
    assert(oneLineError(run.stderr), run.stderr);
  });
  await Deno.remove(root, { recursive: true });
});

Deno.test("--resume on a corrupt journal: exit 2 with the file and line, no stack trace", async () => {
  const lines = (await tinyJournal()).split("\n");
  lines[1] = lines[1].slice(0, 20); // torn in the middle, with whole lines after it
  const dir = await folderWithJournal(lines.join("\n"));
  const resumed = await runCli(["run", "--resume", dir, "--no-report", "--no-images"]);
  assertEquals(resumed.code, 2, resumed.stderr);
  assertIncludes(resumed.stderr, `${dir}/journal.ndjson: line 2 is not JSON`);
  assert(oneLineError(resumed.stderr), resumed.stderr);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("report --from-journal never replaces a valid results.json with a worse one", async () => {
  const journal = await tinyJournal();
  const dir = await folderWithJournal(journal);
  const first = await runCli(["report", "--from-journal", dir, "--no-images"]);
  assertEquals(first.code, 0, first.stderr);
  const good = Deno.readTextFileSync(`${dir}/results.json`);
  // One bad line (a sample whose throughput is text): the journal no longer makes valid results.
  const lines = journalLines(journal);
  (lines[1] as { sample: { gibPerSecond: unknown } }).sample.gibPerSecond = "fast";
  Deno.writeTextFileSync(`${dir}/journal.ndjson`, journalText(lines));
  const bad = await runCli(["report", "--from-journal", dir, "--no-images"]);
  assertEquals(bad.code, 2, bad.stderr);
  assertIncludes(bad.stderr, "gibPerSecond");
  assertEquals(Deno.readTextFileSync(`${dir}/results.json`), good, "the good file stays");
  // A journal that lost its last runs: fewer runs than the results file holds.
  Deno.writeTextFileSync(`${dir}/journal.ndjson`, journalText(journalLines(journal).slice(0, 2)));
  const shorter = await runCli(["report", "--from-journal", dir, "--no-images"]);
  assertEquals(shorter.code, 2, shorter.stderr);
  assertIncludes(shorter.stderr, "kept it");
  assertEquals(Deno.readTextFileSync(`${dir}/results.json`), good);
  await Deno.remove(dir, { recursive: true });
});

/** Names in `dir` but the filler: what a failed write left behind. */
const leftovers = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n !== "filler").sort();

Deno.test("a full disk never leaves a truncated report.html nor a 0-byte results temp file; the previous files stay whole", async () => {
  await withTmpfs("2m", async (dir) => {
    Deno.copyFileSync(FIXTURE, `${dir}/results.json`);
    fillUp(dir);
    const report = await runCli(["report", `${dir}/results.json`, "--no-images"]);
    assertEquals(report.code, 1, report.stderr);
    assertIncludes(report.stderr, "No space left on device");
    assert(oneLineError(report.stderr), report.stderr);
    assertEquals(leftovers(dir), ["results.json"], "no report.html, no temporary file");

    Deno.removeSync(`${dir}/filler`);
    Deno.removeSync(`${dir}/results.json`);
    Deno.writeTextFileSync(`${dir}/journal.ndjson`, await tinyJournal());
    assertEquals((await runCli(["report", "--from-journal", dir, "--no-images"])).code, 0);
    const rebuiltBefore = Deno.readTextFileSync(`${dir}/results.json`);
    for (const name of ["report.html", "summary.md", "step-summary.md"]) Deno.removeSync(`${dir}/${name}`);
    fillUp(dir);
    const rebuilt = await runCli(["report", "--from-journal", dir, "--no-images"]);
    assertEquals(rebuilt.code, 1, rebuilt.stderr);
    assertIncludes(rebuilt.stderr, "No space left on device");
    assert(oneLineError(rebuilt.stderr), rebuilt.stderr);
    assertEquals(leftovers(dir), ["journal.ndjson", "results.json"], "no temporary file, no lock left");
    assertEquals(Deno.readTextFileSync(`${dir}/results.json`), rebuiltBefore, "the previous results.json stays whole");
  });
});
