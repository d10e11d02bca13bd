/**
 * Tests of scenario/scenario.ts: one fixture per kind of problem (exact line:column, path and a
 * message fragment), matrix expansion with GitHub Actions include/exclude semantics, names and
 * ids, the shipped scenarios, the generated JSON Schema, and hostile input.
 */
import { assert, assertEquals, assertIncludes } from "../helpers.ts";
import process from "node:process";
import { parseDocument } from "yaml";
import type { Case } from "../../model/types.ts";
import {
  caseMachineProblems,
  caseSlug,
  caseToJson,
  formatProblem,
  loadScenarioFiles,
  parseScenario,
  type Problem,
  type ScenarioContext,
  ScenarioError,
  scenarioJsonSchema,
  scenarioSchema,
} from "../../scenario/scenario.ts";
import { schemaText } from "../../scripts/gen-schema.ts";

/** Asserts that `text` matches `pattern`. */
function assertMatch(text: string, pattern: RegExp): void {
  assert(pattern.test(text), `${JSON.stringify(text)} does not match ${pattern}`);
}

const FIXTURES = new URL("../fixtures/scenarios/", import.meta.url);
const SCENARIOS = new URL("../../scenarios/", import.meta.url);

/** Plain data from YAML (`yaml` reads process.env while parsing; these tests run without --allow-env). */
function yamlToJs(text: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(process, "env")!;
  Object.defineProperty(process, "env", { value: {}, configurable: true, writable: true });
  try {
    return parseDocument(text).toJS();
  } finally {
    Object.defineProperty(process, "env", descriptor);
  }
}

/** An expected problem: position, path, and a fragment of the message. */
type Expected = [line: number, column: number, path: string, fragment: string];

function fixture(name: string): string {
  return Deno.readTextFileSync(new URL(name, FIXTURES));
}

function assertProblems(problems: Problem[], expected: Expected[], label: string) {
  const shown = problems.map(formatProblem).join("\n");
  assertEquals(problems.length, expected.length, `${label}: expected ${expected.length} problems, got:\n${shown}`);
  expected.forEach(([line, column, path, fragment], index) => {
    const problem = problems[index];
    assertEquals([problem.line, problem.column, problem.path], [line, column, path], `${label}:\n${shown}`);
    assert(problem.message.includes(fragment), `${label}: ${JSON.stringify(fragment)} not in\n${shown}`);
  });
}

/** The cases of a valid scenario text (fails the test on any problem). */
function casesOf(text: string, context: ScenarioContext = {}): Case[] {
  const { scenario, problems } = parseScenario(text, "inline.yaml", context);
  assertEquals(problems.map(formatProblem), []);
  return scenario.cases;
}

function problemsOf(text: string, context: ScenarioContext = {}): Problem[] {
  return parseScenario(text, "inline.yaml", context).problems;
}

// ---------------------------------------------------------------------------------------------
// One fixture per kind of problem
// ---------------------------------------------------------------------------------------------

const FIXTURE_PROBLEMS: Record<string, { expected: Expected[]; context?: ScenarioContext }> = {
  "yaml-syntax.yaml": {
    expected: [
      [5, 5, "", "YAML syntax error: Flow sequence in block collection must be sufficiently indented"],
      [5, 13, "", "YAML syntax error: Nested mappings are not allowed"],
      [5, 13, "", "YAML syntax error: Implicit keys need to be on a single line"],
      [7, 1, "", 'YAML syntax error: Missing closing "quote'],
    ],
  },
  "duplicate-key.yaml": { expected: [[4, 3, "", "Map keys must be unique"]] },
  "empty.yaml": { expected: [[1, 1, "", "the file is empty"]] },
  "comments-only.yaml": { expected: [[1, 1, "", "the file is empty"]] },
  "not-a-mapping.yaml": { expected: [[2, 1, "", "the top level must be a mapping"]] },
  "alias-bomb.yaml": { expected: [[3, 8, "", "alias bombs are refused"]] },
  "complex-key.yaml": { expected: [[2, 3, "", "a key must be a plain word, not a list or a mapping"]] },
  "unknown-key.yaml": {
    expected: [[6, 5, "cases[0].bufferSzie", "unknown key `bufferSzie`; did you mean `bufferSize`?"]],
  },
  "unknown-top-key.yaml": {
    expected: [[2, 1, "descripton", "unknown key `descripton`; did you mean `description`?"]],
  },
  "wrong-type.yaml": {
    expected: [
      [6, 16, "cases[0].hugePages", "expected true or false, got the string `yes` (YAML 1.2 reads"],
      [7, 18, "cases[0].repetitions", "expected a whole number from 1 to 10000"],
    ],
  },
  "bad-endpoint.yaml": {
    expected: [
      [4, 13, "cases[0].writer", "got the string `vmslice` (did you mean `vmsplice`?)"],
      [7, 23, "cases[1].writer.command", "expected a list: [program, arguments...], got the string `yes`"],
    ],
  },
  "bad-size.yaml": {
    expected: [
      [6, 17, "cases[0].bufferSize", "unknown size unit `K` in `4K` (did you mean `4KiB`?)"],
      [10, 17, "cases[1].bufferSize", "`0.3KiB` is 307.2 bytes: a size must be a whole number of bytes"],
    ],
  },
  "bad-duration.yaml": {
    expected: [
      [7, 15, "cases[0].duration", "unknown duration unit `minutes`"],
      [9, 15, "cases[1].duration", "a duration cannot be negative"],
    ],
  },
  "too-big.yaml": {
    expected: [
      [7, 12, "cases[0].bytes", "above the 1TiB limit per run (a typo could blow this up)"],
      [8, 18, "cases[0].repetitions", "from 1 to 10000 (more is refused: a typo could blow this up)"],
    ],
  },
  "cpus.yaml": {
    expected: [
      [7, 11, "cases[0].cpus.reader", "missing: expected a CPU number"],
      [9, 11, "cases[1].cpus", "expected `none` or {writer: N, reader: N}, got the string `no`"],
    ],
  },
  "vmsplice-buffer.yaml": {
    expected: [[7, 17, "cases[0].bufferSize", "two halves of whole 4096-byte pages"]],
  },
  "vmsplice-pipe-size.yaml": {
    expected: [[7, 15, "cases[0].pipeSize", "sets the pipe size itself to half the buffer (128KiB)"]],
  },
  "vmsplice-buffers.yaml": {
    expected: [
      [6, 22, "cases[0].vmspliceBuffers", "`vmspliceBuffers: whole` says what each vmsplice call is given: it needs"],
      [10, 22, "cases[1].vmspliceBuffers", "expected halves or whole, got the string `wholes` (did you mean `whole`?)"],
      [15, 17, "cases[2].bufferSize", "half of each buffer (`vmspliceBuffers: whole`), in whole 4096-byte pages"],
      [20, 15, "cases[3].pipeSize", "sets the pipe size itself to half the buffer (128KiB), so the pipe holds at most"],
      [
        25,
        17,
        "cases[4].bufferSize",
        "12KiB, 3 pages), but the kernel rounds a pipe up to a power-of-two number of pages, so the pipe would be larger than half a buffer",
      ],
    ],
  },
  "pipe-max-size.yaml": {
    context: { pipeMaxSize: 1024 * 1024, mayExceedPipeMaxSize: false },
    expected: [[6, 15, "cases[0].pipeSize", "above this machine's /proc/sys/fs/pipe-max-size (1MiB, 1048576 bytes)"]],
  },
  "pipe-size-small.yaml": {
    expected: [[6, 15, "cases[0].pipeSize", "1KiB is below the smallest pipe, one page (4KiB)"]],
  },
  "gift-without-splice.yaml": {
    expected: [[6, 11, "cases[0].gift", "it needs `writer: vmsplice` or `reader: splice` (case `a`)"]],
  },
  "same-buffer-without-vmsplice.yaml": {
    expected: [[6, 17, "cases[0].sameBuffer", "it needs `writer: vmsplice`"]],
  },
  "verify-external.yaml": {
    expected: [[3, 11, "defaults.verify", "not allowed with an external command (case `yes`)"]],
  },
  "verify-splice.yaml": {
    expected: [[6, 13, "cases[0].verify", "it needs `reader: read`"]],
  },
  "collapse-without-splice.yaml": {
    expected: [[6, 15, "cases[0].collapse", "it needs `writer: splice`"]],
  },
  "verify-splice-writer.yaml": {
    expected: [[6, 13, "cases[0].verify", "`writer: splice` sends a memory file filled once"]],
  },
  "verify-sendfile-writer.yaml": {
    expected: [[6, 13, "cases[0].verify", "`writer: sendfile` sends a memory file filled once, which has no stamps"]],
  },
  "checksum-splice.yaml": {
    expected: [[6, 14, "cases[0].consume", "`consume: checksum` sums every byte the reader read into its buffer"]],
  },
  "tee-read.yaml": {
    expected: [[6, 10, "cases[0].tee", "`tee` duplicates the pipe into a second one before the splice reader"]],
  },
  "socket-sink-read.yaml": {
    expected: [[6, 11, "cases[0].sink", "`sink: socket` is where the splice reader puts the pages: it needs"]],
  },
  "checksum-memfd-sink.yaml": {
    expected: [[
      7,
      14,
      "cases[0].consume",
      "or `reader: splice` with `sink: socket` or `tee` (their consumer sums them)",
    ]],
  },
  "sink-without-splice.yaml": {
    expected: [[6, 11, "cases[0].sink", "`sink: memfd` is where the splice reader puts the pages: it needs"]],
  },
  "head-bytes.yaml": {
    expected: [[6, 12, "cases[0].bytes", "`head -c 1048576` stops after 1MiB but the case measures 1GiB"]],
  },
  "contention-too-many.yaml": {
    expected: [
      [7, 14, "cases[0].writers", "expected a whole number from 1 to 16, got number `17`"],
      [8, 14, "cases[0].readers", "expected a whole number from 1 to 16, got number `0`"],
    ],
  },
  "contention-external.yaml": {
    expected: [[6, 14, "cases[0].readers", "an external command cannot take part in that"]],
  },
  "contention-vmsplice.yaml": {
    expected: [[6, 14, "cases[0].writers", "which holds only when it is the pipe's one writer"]],
  },
  "contention-turns.yaml": {
    expected: [[3, 13, "defaults.schedule", "a contention case is not a pair: use `schedule: runs`"]],
  },
  "latency-stream-fields.yaml": {
    expected: [
      [7, 14, "cases[0].writers", "is not for `measure: latency`: a round trip is between two processes"],
      [10, 13, "cases[1].writer", "(`sendfile` sends a memory file)"],
      [12, 10, "cases[1].tee", "nothing drains a second pipe"],
    ],
  },
  "contention-consumer.yaml": {
    expected: [
      [7, 11, "cases[0].sink", "a contention reader runs no consumer thread, so `sink: socket` would have nobody"],
      [12, 10, "cases[1].tee", "so `tee` would have nobody to drain it"],
    ],
  },
  "contention-verify.yaml": {
    expected: [[7, 13, "cases[0].verify", "several writers or readers split the stream"]],
  },
  "no-end.yaml": { expected: [[6, 12, "cases[0].bytes", "a run needs an end"]] },
  // latency (issue 18)
  "latency-field-on-throughput.yaml": {
    expected: [[6, 18, "cases[0].messageSize", "`messageSize` belongs to round trips: it needs `measure: latency`"]],
  },
  "latency-unknown-mode.yaml": {
    expected: [[6, 14, "cases[0].measure", "did you mean `latency`?"]],
  },
  // one-way latency under load (issue 18 item 2): each rule at its field
  "latency-rate-rules.yaml": {
    expected: [
      [3, 51, "cases[0].rate", "`rate` belongs to one-way latency under load: it needs `measure: latency`"],
      [4, 73, "cases[1].messages", "it needs a `rate` (this case times round trips"],
      [5, 69, "cases[2].rate", "rate 20000000/s is above what the plan can send: one message every 50 ns"],
      [6, 69, "cases[3].rate", "above what the plan can send: 19.1 GiB/s offered, above 16 GiB/s"],
      [7, 24, "cases[4].writer", "needs `writer: write`"],
      [7, 42, "cases[4].reader", "needs `reader: read`"],
      [8, 88, "cases[5].messageSize", "is 8B to 4KiB, not 1B"],
      [8, 104, "cases[5].roundTrips", "count them with `messages`"],
    ],
  },
  "latency-vmsplice-message.yaml": {
    expected: [[
      7,
      18,
      "cases[0].messageSize",
      "messageSize above the pipe's capacity for vmsplice: a message of 128KiB at 16 bytes past a page spans 33 pages",
    ]],
  },
  "latency-vmsplice-pipe-max.yaml": {
    context: { pipeMaxSize: 1024 * 1024, mayExceedPipeMaxSize: false },
    expected: [[7, 18, "cases[0].messageSize", "set bufferOffset: 0"]],
  },
  // review of issue 18: stream fields set in a latency case, messageSize bounded; defaults left to throughput cases
  "latency-stream-explicit.yaml": {
    expected: [
      [6, 75, "cases[2].duration", "`duration` sizes a stream, and `measure: latency` times `roundTrips` round trips"],
      [6, 86, "cases[2].bytes", "remove `bytes` from this case (under `defaults` it applies to the throughput"],
      [6, 105, "cases[2].bufferSize", "`bufferSize` sizes a stream"],
      [7, 79, "cases[3].messageSize", "a round-trip message is 1B to 1MiB, not 512GiB"],
      [8, 84, "cases[4].messageSize", "a round-trip message is 1B to 1MiB, not 2MiB"],
    ],
  },
  "latency-external.yaml": {
    expected: [[4, 13, "cases[0].writer", "an external writer cannot answer"]],
  },
  "duplicate-names.yaml": {
    expected: [
      [7, 11, "cases[1].name", "duplicate case name `plain`, first at cases[0].name (line 6)"],
      [8, 11, "cases[2].name", "case `Plain!` gets the id `dups/plain`"],
    ],
  },
  "missing-writer.yaml": { expected: [[3, 5, "cases[0]", "`writer` is missing"]] },
  "bad-scenario-name.yaml": {
    expected: [[1, 7, "name", "expected a scenario name in lowercase letters, digits"]],
  },
  "no-cases.yaml": { expected: [[1, 1, "", "a scenario needs `cases`"]] },
  "matrix-axis-not-list.yaml": {
    expected: [[4, 11, "matrix.reader", "a matrix axis is a list of values, got the string `read`"]],
  },
  "matrix-exclude-not-axis.yaml": {
    expected: [[8, 7, "matrix.exclude[0].gift", "exclude can only name matrix axes (writer); `gift` is not one"]],
  },
  "matrix-exclude-no-match.yaml": {
    expected: [[8, 7, "matrix.exclude[0]", "this exclude matches no combination"]],
  },
  "matrix-template.yaml": {
    expected: [[5, 9, "matrix.name", "unknown field `{bufersize}` in the name template; did you mean `{bufferSize}`?"]],
  },
  "matrix-duplicate-value.yaml": {
    expected: [[6, 23, "matrix.bufferSize[1]", "duplicate value (same as item 0)"]],
  },
  "matrix-name-collision.yaml": {
    expected: [[6, 9, "matrix.name", "the `name` template must tell the combinations apart"]],
  },
  "matrix-default-collision.yaml": {
    expected: [[
      11,
      7,
      "matrix.include[2]",
      "duplicate case name `vmsplice→read`, first at matrix.include[1] (line 9)",
    ]],
  },
};

Deno.test("fixtures: every fixture file is covered", () => {
  const files = [...Deno.readDirSync(FIXTURES)].map((entry) => entry.name).sort();
  assertEquals(files, Object.keys(FIXTURE_PROBLEMS).sort());
});

for (const [name, { expected, context }] of Object.entries(FIXTURE_PROBLEMS)) {
  Deno.test(`fixture ${name}`, () => {
    const { problems } = parseScenario(fixture(name), name, context);
    assertProblems(problems, expected, name);
    for (const problem of problems) assertEquals(problem.file, name);
  });
}

Deno.test("formatProblem: file:line:column: path: message", () => {
  const problem = { file: "s.yaml", line: 4, column: 17, path: "cases[0].bufferSize", message: "bad" };
  assertEquals(formatProblem(problem), "s.yaml:4:17: cases[0].bufferSize: bad");
  assertEquals(formatProblem({ ...problem, path: "" }), "s.yaml:4:17: bad");
});

Deno.test("unknown keys: suggestions survive case and separators, else the keys are listed", () => {
  const text = "name: k\ncases:\n  - {name: a, writer: write, reader: read, buffer_size: 1, HugePages: true, zzz: 1}\n";
  const messages = problemsOf(text).map((problem) => problem.message);
  assert(messages.includes("unknown key `buffer_size`; did you mean `bufferSize`?"), messages.join("\n"));
  assert(messages.includes("unknown key `HugePages`; did you mean `hugePages`?"), messages.join("\n"));
  assert(messages.some((message) => message.startsWith("unknown key `zzz`; expected one of: name, writer")));
  const nested = problemsOf(
    "name: k\ncases:\n  - {name: a, writer: write, reader: read, cpus: {writter: 0, reader: 1}}\n",
  );
  assertEquals(nested.map((problem) => problem.path), ["cases[0].cpus.writer", "cases[0].cpus.writter"]);
  assert(nested[1].message.includes("did you mean `writer`?"));
  const matrix = problemsOf("name: k\nmatrix:\n  writer: [write]\n  include: [{reader: read, bufferSiz: 1}]\n");
  assertEquals(matrix[0].path, "matrix.include[0].bufferSiz");
  assert(matrix[0].message.includes("did you mean `bufferSize`?"));
});

Deno.test("every problem of a file at once, sorted by position", () => {
  const text = [
    "name: many",
    "defaults: {reader: read}",
    "cases:",
    "  - {name: a, writer: write, gift: true}",
    "  - {name: b, writer: write, bufferSize: 4K}",
    "  - {name: c, writer: vmsplice, bufferSize: 12KiB}",
    "  - {name: a, writer: write}",
    "",
  ].join("\n");
  const problems = problemsOf(text);
  assertEquals(problems.map((problem) => problem.path), [
    "cases[0].gift",
    "cases[1].bufferSize",
    "cases[2].bufferSize",
    "cases[3].name",
  ]);
});

Deno.test("a percentage out of range is quoted as typed (`150%`), not as the fraction it becomes", () => {
  for (const [typed, shown] of [["150%", "`150%`"], ["0%", "`0%`"], ['"100 %"', "`100 %`"], ["two", "`two`"]]) {
    const problems = problemsOf(`name: p\ncases:\n  - {name: a, writer: write, reader: read, precision: ${typed}}\n`);
    assertEquals(problems.map((problem) => problem.path), ["cases[0].precision"], typed);
    assertIncludes(problems[0].message, `got the string ${shown}`);
  }
  assertEquals(
    casesOf("name: p\ncases:\n  - {name: a, writer: write, reader: read, precision: 2.5%}\n")[0].params.precision,
    0.025,
  );
});

// ---------------------------------------------------------------------------------------------
// Loading files
// ---------------------------------------------------------------------------------------------

Deno.test("loadScenarioFiles: every problem of every file in one ScenarioError", async () => {
  const files = [
    new URL("unknown-key.yaml", FIXTURES).pathname,
    new URL("does-not-exist.yaml", FIXTURES).pathname,
    new URL("bad-size.yaml", FIXTURES).pathname,
    new URL("blog.yaml", SCENARIOS).pathname,
  ];
  const error = await loadScenarioFiles(files).then(() => null, (error) => error);
  assert(error instanceof ScenarioError, String(error));
  assertEquals(error.problems.map((problem) => [problem.file.split("/").pop(), problem.line, problem.column]), [
    ["unknown-key.yaml", 6, 5],
    ["does-not-exist.yaml", 1, 1],
    ["bad-size.yaml", 6, 17],
    ["bad-size.yaml", 10, 17],
  ]);
  assert(error.problems[1].message.startsWith("cannot read the file"));
  assert(error.message.startsWith("4 problems in scenario files:\n"));
  assert(error.message.includes("unknown-key.yaml:6:5: cases[0].bufferSzie: unknown key"));
});

Deno.test("loadScenarioFiles: a directory or an oversized file is a problem, not a crash", async () => {
  const directory = await Deno.makeTempDir();
  try {
    const big = `${directory}/big.yaml`;
    await Deno.writeTextFile(big, "name: big\n" + "# padding\n".repeat(30_000));
    const error = await loadScenarioFiles([directory, big]).then(() => null, (error) => error);
    assert(error instanceof ScenarioError);
    assertEquals(error.problems.length, 2);
    assert(error.problems[0].message.includes("not a file"));
    assert(error.problems[1].message.includes("more than a scenario file may have"));
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("loadScenarioFiles: scenario names are unique across files", async () => {
  const directory = await Deno.makeTempDir();
  try {
    const body = "cases:\n  - {name: a, writer: write, reader: read}\n";
    await Deno.writeTextFile(`${directory}/one.yaml`, "name: same\n" + body);
    await Deno.writeTextFile(`${directory}/two.yaml`, "# second\nname: same\n" + body);
    const error = await loadScenarioFiles([`${directory}/one.yaml`, `${directory}/two.yaml`]).then(
      () => null,
      (error) => error,
    );
    assert(error instanceof ScenarioError);
    assertEquals(error.problems.length, 1);
    assertEquals([error.problems[0].file, error.problems[0].line, error.problems[0].column], [
      `${directory}/two.yaml`,
      2,
      7,
    ]);
    assert(error.problems[0].message.includes("another scenario is named `same`"));
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

// ---------------------------------------------------------------------------------------------
// Shipped scenarios
// ---------------------------------------------------------------------------------------------

const SHIPPED: Record<string, number> = {
  "beyond.yaml": 11,
  "blog.yaml": 7,
  "blog-text.yaml": 7,
  "buffer-sweep.yaml": 39,
  "ci.yaml": 7,
  "busy-loop.yaml": 8,
  "external.yaml": 3,
  "contention.yaml": 6,
  "options.yaml": 6,
  "pipe-size-sweep.yaml": 9,
  "latency.yaml": 19,
  "latency-load.yaml": 14,
};

Deno.test("shipped scenarios: all listed, valid, expanded, with the schema comment", async () => {
  const files = [...Deno.readDirSync(SCENARIOS)].map((entry) => entry.name).filter((name) => name.endsWith(".yaml"));
  assertEquals(files.sort(), Object.keys(SHIPPED).sort());
  const paths = files.map((name) => new URL(name, SCENARIOS).pathname);
  const { scenarios, cases } = await loadScenarioFiles(paths);
  for (const scenario of scenarios) {
    const name = scenario.file.split("/").pop()!;
    assertEquals(scenario.cases.length, SHIPPED[name], name);
    assertEquals(`${scenario.name}.yaml`, name, "a scenario is named after its file");
    assert(scenario.description !== null && scenario.description.length > 0, name);
    const text = Deno.readTextFileSync(scenario.file);
    assert(text.startsWith("# yaml-language-server: $schema=./schema.json\n"), name);
    const whole = scenarioSchema.safeParse(yamlToJs(text));
    assert(whole.success, `${name}: the whole schema agrees with the piecewise validation`);
  }
  assertEquals(new Set(cases.map((c) => c.id)).size, cases.length, "ids are unique");
});

Deno.test("blog: exactly the 7 steps of the post", () => {
  const cases = casesOf(Deno.readTextFileSync(new URL("blog.yaml", SCENARIOS)));
  assertEquals(cases.map((c) => c.id), [
    "blog/write_read",
    "blog/write_read_huge",
    "blog/vmsplice_read",
    "blog/vmsplice_read_huge",
    "blog/vmsplice_splice",
    "blog/vmsplice_splice_huge",
    "blog/busy_loop_huge",
  ]);
  assertEquals(caseToJson(cases[6]), {
    id: "blog/busy_loop_huge",
    name: "busy_loop_huge",
    scenario: "blog",
    params: {
      writer: "vmsplice",
      reader: "splice",
      consume: "none",
      sink: "null",
      tee: false,
      hugePages: true,
      collapse: false,
      busyLoop: true,
      poll: false,
      gift: false,
      lockMemory: false,
      touchPages: true,
      sameBuffer: false,
      vmspliceBuffers: "whole",
      bufferSize: 262144,
      bufferOffset: 0,
      pipeSize: null,
      // The default `deno task bench` (docs/schedules.md): sessions of turns, 3% on the ratios, 165 s in all.
      bytes: 536870912,
      duration: 0.5,
      repetitions: 10,
      warmup: 1,
      schedule: "turns",
      precision: 0.03,
      maxTime: 165,
      writers: 1,
      readers: 1,
      cpus: { writer: 0, reader: 1 },
      verify: false,
      measure: "throughput",
      messageSize: null,
      roundTrips: null,
      rate: null,
      messages: null,
    },
  });
});

Deno.test("blog-text: blog's cases with the text's vmsplice halves, named the same", () => {
  const blog = casesOf(Deno.readTextFileSync(new URL("blog.yaml", SCENARIOS)));
  const text = casesOf(Deno.readTextFileSync(new URL("blog-text.yaml", SCENARIOS)));
  assertEquals(text.map((c) => c.name), blog.map((c) => c.name));
  for (const [index, c] of blog.entries()) {
    const expected = c.params.writer === "vmsplice" ? "whole" : "halves";
    assertEquals(c.params.vmspliceBuffers, expected, `blog ${c.name}: the program's vmsplice buffers`);
    assertEquals(text[index].params, { ...c.params, vmspliceBuffers: "halves" }, `blog-text ${c.name}`);
  }
});

Deno.test("buffer-sweep: four pairs, vmsplice from 8KiB to 2MiB, within the default pipe-max-size", () => {
  const text = Deno.readTextFileSync(new URL("buffer-sweep.yaml", SCENARIOS));
  const cases = casesOf(text);
  const names = cases.map((c) => c.name);
  assertEquals(names.filter((name) => name.startsWith("write→read ")).length, 12);
  assertEquals(names.filter((name) => /^vmsplice→read \d/.test(name)).length, 9);
  assertEquals(names.filter((name) => /^vmsplice→splice \d/.test(name)).length, 9);
  assertEquals(names.filter((name) => name.startsWith("vmsplice→splice huge ")).length, 9);
  assert(names.includes("vmsplice→splice huge 256KiB"));
  assert(cases.some((c) => c.id === "buffer-sweep/vmsplice-to-splice-huge-2mib"));
  assert(cases.some((c) => c.id === "buffer-sweep/write-to-read-8mib"));
  assertEquals(problemsOf(text, { pipeMaxSize: 1024 * 1024, mayExceedPipeMaxSize: false }), []);
  // The pipe limit check itself: a vmsplice sweep past 2MiB needs pipes above 1MiB.
  const wider = text.replace(/\n\s*- \{ writer: vmsplice, bufferSize: [48]MiB \}/g, "");
  const limited = problemsOf(wider, { pipeMaxSize: 1024 * 1024, mayExceedPipeMaxSize: false });
  assertEquals(limited.map((problem) => problem.path), ["matrix.bufferSize[10]", "matrix.bufferSize[11]"]);
  assert(limited[1].message.includes("`sudo sysctl fs.pipe-max-size=4194304`"));
  assertEquals(problemsOf(wider, { pipeMaxSize: 1024 * 1024, mayExceedPipeMaxSize: true }), []);
  const runnable = casesOf(wider).filter((c) => caseMachineProblems(c, { pipeMaxSize: 1024 * 1024 }).length === 0);
  assertEquals(runnable.length, 45 - 6);
});

Deno.test("external: commands as writers, head -c bounded", () => {
  const cases = casesOf(Deno.readTextFileSync(new URL("external.yaml", SCENARIOS)));
  assertEquals(cases.map((c) => c.params.writer), [
    { command: ["yes"] },
    { command: ["cat", "/dev/zero"] },
    { command: ["head", "-c", "1073741824", "/dev/zero"] },
  ]);
  assertEquals(cases.map((c) => c.id), [
    "external/yes-to-read",
    "external/cat-dev-zero-to-read",
    "external/head-c-1gib-dev-zero-to-read",
  ]);
  assert(cases[2].params.bytes <= 1073741824);
  assertEquals(cases[2].params.duration, 0);
});

// ---------------------------------------------------------------------------------------------
// JSON Schema
// ---------------------------------------------------------------------------------------------

Deno.test("scenarios/schema.json is in sync with the zod schema (deno run scripts/gen-schema.ts)", () => {
  const onDisk = Deno.readTextFileSync(new URL("schema.json", SCENARIOS));
  assertEquals(
    JSON.parse(onDisk),
    scenarioJsonSchema(),
    "stale: run `deno run --allow-write=scenarios scripts/gen-schema.ts`",
  );
  assertEquals(onDisk, schemaText());
});

Deno.test("the JSON Schema: draft-07, strict, sizes as integers or unit strings", () => {
  const schema = scenarioJsonSchema() as {
    $schema: string;
    additionalProperties: boolean;
    anyOf: unknown[];
    properties: Record<string, { properties?: Record<string, { anyOf?: { type: string; pattern?: string }[] }> }>;
  };
  assertEquals(schema.$schema, "http://json-schema.org/draft-07/schema#");
  assertEquals(schema.additionalProperties, false);
  assertEquals(schema.anyOf, [{ required: ["cases"] }, { required: ["matrix"] }]);
  const bufferSize = schema.properties.defaults.properties!.bufferSize.anyOf!;
  assertEquals(bufferSize.map((option) => option.type), ["integer", "string"]);
  assert(new RegExp(bufferSize[1].pattern!).test("1.5GiB"));
  assert(!new RegExp(bufferSize[1].pattern!).test("4K"));
});

// ---------------------------------------------------------------------------------------------
// Defaults, expansion, names, ids
// ---------------------------------------------------------------------------------------------

Deno.test("defaults: case fields override defaults, which override the built-in defaults", () => {
  const [first, second] = casesOf([
    "name: d",
    "defaults: {writer: write, reader: read, bufferSize: 64KiB, cpus: none, duration: 500ms}",
    "cases:",
    "  - {name: a}",
    "  - {name: b, bufferSize: 1MiB, cpus: {writer: 2, reader: 3}, pipeSize: 128KiB, repetitions: 3}",
    "",
  ].join("\n"));
  assertEquals(
    [first.params.bufferSize, first.params.cpus, first.params.duration, first.params.repetitions, first.params.bytes],
    [65536, null, 0.5, 5, 1073741824],
  );
  assertEquals([second.params.bufferSize, second.params.cpus, second.params.pipeSize, second.params.repetitions], [
    1048576,
    { writer: 2, reader: 3 },
    131072,
    3,
  ]);
});

/** Compact view of matrix cases: the fields given, in order. */
function view(cases: Case[], fields: (keyof Case["params"])[]): unknown[] {
  return cases.map((c) => Object.fromEntries(fields.map((field) => [field, c.params[field]])));
}

Deno.test("matrix: the cartesian product, first axis outermost", () => {
  const cases = casesOf([
    "name: m",
    "defaults: {reader: read}",
    "matrix:",
    "  bufferSize: [64KiB, 128KiB, 256KiB]",
    "  writer: [write, vmsplice]",
    "",
  ].join("\n"));
  assertEquals(view(cases, ["bufferSize", "writer"]), [
    { bufferSize: 65536, writer: "write" },
    { bufferSize: 65536, writer: "vmsplice" },
    { bufferSize: 131072, writer: "write" },
    { bufferSize: 131072, writer: "vmsplice" },
    { bufferSize: 262144, writer: "write" },
    { bufferSize: 262144, writer: "vmsplice" },
  ]);
  assertEquals(cases.map((c) => c.name), [
    "write→read 64KiB",
    "vmsplice→read 64KiB",
    "write→read 128KiB",
    "vmsplice→read 128KiB",
    "write→read 256KiB",
    "vmsplice→read 256KiB",
  ]);
});

Deno.test("matrix: exclude removes combinations matching all its keys, compared as parsed values", () => {
  const cases = casesOf([
    "name: m",
    "matrix:",
    "  writer: [write, vmsplice]",
    "  reader: [read, splice]",
    "  bufferSize: [64KiB, 128KiB]",
    "  exclude:",
    "    - {writer: write, reader: splice}",
    "    - {writer: vmsplice, bufferSize: 65536}",
    "",
  ].join("\n"));
  assertEquals(cases.map((c) => c.name), [
    "write→read 64KiB",
    "write→read 128KiB",
    "vmsplice→read 128KiB",
    "vmsplice→splice 128KiB",
  ]);
});

Deno.test("matrix: include follows GitHub's documented example exactly", () => {
  // GitHub's example: fruit [apple, pear] × animal [cat, dog], include color: green; color: pink
  // + animal: cat; fruit: apple + shape: circle; fruit: banana; fruit: banana + animal: cat.
  // Here fruit = writer (apple = write, pear = cat /dev/zero, banana = yes), animal = reader
  // (cat = read, dog = splice), color = pipeSize (green = 64KiB, pink = 128KiB), shape = bytes.
  const cases = casesOf([
    "name: gh",
    "defaults: {reader: read}",
    "matrix:",
    "  writer: [write, {command: [cat, /dev/zero]}]",
    "  reader: [read, splice]",
    "  include:",
    "    - pipeSize: 64KiB",
    "    - {pipeSize: 128KiB, reader: read}",
    "    - {writer: write, bytes: 512MiB}",
    "    - writer: {command: [yes]}",
    "    - {writer: {command: [yes]}, reader: splice}",
    "",
  ].join("\n"));
  const write = "write";
  const cat = { command: ["cat", "/dev/zero"] };
  const yes = { command: ["yes"] };
  const GiB = 1073741824;
  assertEquals(view(cases, ["writer", "reader", "pipeSize", "bytes"]), [
    { writer: write, reader: "read", pipeSize: 131072, bytes: GiB / 2 },
    { writer: write, reader: "splice", pipeSize: 65536, bytes: GiB / 2 },
    { writer: cat, reader: "read", pipeSize: 131072, bytes: GiB },
    { writer: cat, reader: "splice", pipeSize: 65536, bytes: GiB },
    { writer: yes, reader: "read", pipeSize: null, bytes: GiB },
    { writer: yes, reader: "splice", pipeSize: null, bytes: GiB },
  ]);
  assertEquals(cases.map((c) => c.name), [
    "write→read pipe 128KiB bytes 512MiB",
    "write→splice pipe 64KiB bytes 512MiB",
    "cat /dev/zero→read pipe 128KiB bytes 1GiB",
    "cat /dev/zero→splice pipe 64KiB bytes 1GiB",
    "yes→read pipe default bytes 1GiB",
    "yes→splice pipe default bytes 1GiB",
  ]);
});

Deno.test("matrix: include never overwrites an original axis value, and adds when nothing matches", () => {
  const cases = casesOf([
    "name: m",
    "defaults: {reader: read}",
    "matrix:",
    "  writer: [write]",
    "  bufferSize: [64KiB]",
    "  include:",
    "    - {writer: write, bufferSize: 128KiB, hugePages: true}",
    "",
  ].join("\n"));
  assertEquals(view(cases, ["bufferSize", "hugePages"]), [
    { bufferSize: 65536, hugePages: false },
    { bufferSize: 131072, hugePages: true },
  ]);
});

Deno.test("matrix: include-only, and include after everything was excluded", () => {
  const only = casesOf([
    "name: m",
    "matrix:",
    "  include:",
    "    - {writer: write, reader: read}",
    "    - {writer: vmsplice, reader: splice, name: fastest}",
    "",
  ].join("\n"));
  assertEquals(only.map((c) => c.id), ["m/write-to-read", "m/fastest"]);
  const emptied = casesOf([
    "name: m",
    "defaults: {writer: vmsplice, reader: read}",
    "matrix:",
    "  writer: [write]",
    "  exclude: [{writer: write}]",
    "  include: [{busyLoop: true}]",
    "",
  ].join("\n"));
  // Nothing left to extend: the entry becomes a combination of its own, writer from the defaults.
  assertEquals(emptied.map((c) => [c.params.writer, c.params.busyLoop]), [["vmsplice", true]]);
});

Deno.test("matrix: name templates and include names", () => {
  const cases = casesOf([
    "name: t",
    "defaults: {reader: splice}",
    "matrix:",
    '  name: "{writer}→{reader} {bufferSize} pipe={pipeSize} {cpus} {duration} {hugePages}"',
    "  writer: [write]",
    "  bufferSize: [8KiB, 1.5MiB]",
    "  include:",
    "    - {bufferSize: 8KiB, name: tiny, cpus: none, duration: 250ms}",
    "",
  ].join("\n"));
  assertEquals(cases.map((c) => [c.id, c.name]), [
    ["t/tiny", "tiny"],
    ["t/write-to-splice-1-5mib-pipe-default-0-1-1s-false", "write→splice 1.5MiB pipe=default 0,1 1s false"],
  ]);
});

Deno.test("names: flags when on, sizes and other fields only when they vary", () => {
  const cases = casesOf([
    "name: n",
    "defaults: {writer: vmsplice, reader: splice, hugePages: true}",
    "matrix:",
    "  busyLoop: [false, true]",
    "  touchPages: [true, false]",
    "  cpus: [none]",
    "  include:",
    "    - {busyLoop: true, touchPages: false, lockMemory: true, poll: true, gift: true, sameBuffer: true}",
    "",
  ].join("\n"));
  assertEquals(cases.map((c) => c.name), [
    "vmsplice→splice huge",
    "vmsplice→splice huge untouched",
    "vmsplice→splice huge busy",
    "vmsplice→splice huge busy poll gift locked untouched same-buffer",
  ]);
  const varying = casesOf([
    "name: v",
    "defaults: {writer: write, reader: read}",
    "matrix:",
    "  repetitions: [3, 10]",
    "  warmup: [0]",
    "  cpus: [none, {writer: 2, reader: 3}]",
    "  duration: [0, 2s]",
    "",
  ].join("\n"));
  assertEquals(varying.map((c) => c.name).slice(0, 3), [
    "write→read min 0s reps 3 unpinned",
    "write→read min 2s reps 3 unpinned",
    "write→read min 0s reps 3 cpus 2,3",
  ]);
});

Deno.test("ids: <scenario>/<slug>", () => {
  assertEquals(caseSlug("vmsplice→splice huge 256KiB"), "vmsplice-to-splice-huge-256kib");
  assertEquals(caseSlug("write_read"), "write_read");
  assertEquals(caseSlug("  Cat /dev/zero → read!! "), "cat-dev-zero-to-read");
  assertEquals(caseSlug("1.5GiB"), "1-5gib");
  assertEquals(caseSlug("été"), "t");
  assertEquals(caseSlug("→"), "to");
  const problems = problemsOf("name: s\ncases:\n  - {name: '!!!', writer: write, reader: read}\n");
  assertEquals(problems.map((problem) => [problem.line, problem.column, problem.path]), [[3, 12, "cases[0].name"]]);
  assert(problems[0].message.includes("no letter or digit"));
});

Deno.test("explicit cases and a matrix together: cases first", () => {
  const cases = casesOf([
    "name: both",
    "defaults: {reader: read}",
    "cases:",
    "  - {name: first, writer: write}",
    "matrix:",
    "  writer: [vmsplice]",
    "",
  ].join("\n"));
  assertEquals(cases.map((c) => c.id), ["both/first", "both/vmsplice-to-read"]);
});

Deno.test("rules: vmsplice pipe size and the pipe limit", () => {
  const text = (extra: string) => `name: r\ncases:\n  - {name: a, writer: vmsplice, reader: splice${extra}}\n`;
  assertEquals(casesOf(text(", pipeSize: 128KiB")).map((c) => c.params.pipeSize), [131072]);
  const limited = problemsOf(text(", bufferSize: 8MiB"), { pipeMaxSize: 1048576 });
  assertEquals(limited.map((problem) => [problem.path, problem.line, problem.column]), [
    ["cases[0].bufferSize", 3, 61],
  ]);
  assert(limited[0].message.includes("vmsplice's pipe of half the buffer (4MiB)"));
  assertEquals(problemsOf(text(", bufferSize: 8MiB"), { pipeMaxSize: 1048576, mayExceedPipeMaxSize: true }), []);
  assertEquals(problemsOf(text(", bufferSize: 8MiB"), { pipeMaxSize: null }), []);
  const write = "name: w\ncases:\n  - {name: a, writer: write, reader: read, pipeSize: 2MiB}\n";
  assertEquals(problemsOf(write, { pipeMaxSize: 1048576 })[0].path, "cases[0].pipeSize");
  assertEquals(problemsOf(write, { pipeMaxSize: 4194304 }), []);
});

Deno.test("rules: one problem per place, naming the cases", () => {
  const problems = problemsOf([
    "name: g",
    "defaults: {reader: read, gift: true}",
    "matrix:",
    "  writer: [write]",
    "  bufferSize: [4KiB, 8KiB, 16KiB, 32KiB, 64KiB]",
    "",
  ].join("\n"));
  assertEquals(problems.length, 1);
  assertEquals(problems[0].path, "defaults.gift");
  assert(
    problems[0].message.endsWith(
      "(cases `write→read gift 4KiB`, `write→read gift 8KiB`, `write→read gift 16KiB` and 2 more)",
    ),
  );
});

Deno.test("missing writer in a matrix points at the matrix key", () => {
  const problems = problemsOf("name: m\nmatrix:\n  reader: [read]\n");
  assertEquals(problems.map((problem) => [problem.line, problem.column, problem.path]), [[2, 1, "matrix"]]);
  assert(problems[0].message.includes("`writer` is missing"));
});

Deno.test("caseToJson: plain data, detached from the case", () => {
  const [c] = casesOf("name: j\ncases:\n  - {name: a, writer: {command: [yes]}, reader: read}\n");
  const json = caseToJson(c);
  assertEquals(json, JSON.parse(JSON.stringify(c)));
  (json.params.writer as { command: string[] }).command.push("x");
  assertEquals(c.params.writer, { command: ["yes"] });
});

// ---------------------------------------------------------------------------------------------
// Hostile input
// ---------------------------------------------------------------------------------------------

Deno.test("hostile: never throws, never hangs", () => {
  const inputs = [
    "\u0000\u0001\u0002",
    "{{{{",
    "[".repeat(5000) + "]".repeat(5000),
    "- ".repeat(2000) + "x",
    "name: x\n" + "a".repeat(100_000) + ": 1\n",
    "name: x\ncases: " + "*a ".repeat(10) + "\n",
    "&a [*a]",
    "name: x\nmatrix:\n" +
    Array.from({ length: 16 }, (_, i) => `  ${["writer", "reader"][i % 2]}${i}: [1, 2]`).join("\n"),
    "name: x\nmatrix:\n  bufferSize: [" + Array.from({ length: 40 }, (_, i) => `${i + 1}KiB`).join(", ") + "]\n" +
    "  hugePages: [false, true]\n  busyLoop: [false, true]\n  poll: [false, true]\n  gift: [false, true]\n",
    "name: x\ncases:\n" + "  - {name: a, wat: 1}\n".repeat(1000),
    "!!binary AAAA",
    "name: !!int x",
    "? [a, b]\n: c\n",
    "name: x\n<<: {cases: []}\n",
    "%YAML 1.1\n---\nname: x\n",
    "name: x\n---\nname: y\n",
  ];
  for (const text of inputs) {
    const started = performance.now();
    const { problems } = parseScenario(text, "hostile.yaml");
    assert(problems.length > 0 && problems.length <= 201, text.slice(0, 40));
    assert(performance.now() - started < 5000, `slow: ${text.slice(0, 40)}`);
  }
});

Deno.test("hostile: random mutations of the shipped scenarios never throw", () => {
  let seed = 7;
  const random = (below: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % below;
  const texts = Object.keys(SHIPPED).map((name) => Deno.readTextFileSync(new URL(name, SCENARIOS)));
  const alphabet = ":-[]{}&*!|>'\"#,? \n\t0123456789abcKiBMGs→";
  for (let round = 0; round < 300; round++) {
    const chars = [...texts[random(texts.length)]];
    for (let edit = 0; edit < 1 + random(6); edit++) {
      const at = random(chars.length);
      const kind = random(3);
      if (kind === 0) chars.splice(at, 1);
      else if (kind === 1) chars.splice(at, 0, alphabet[random(alphabet.length)]);
      else chars[at] = alphabet[random(alphabet.length)];
    }
    const result = parseScenario(chars.join(""), "mutant.yaml");
    for (const problem of result.problems) {
      assert(problem.line >= 1 && problem.column >= 1, formatProblem(problem));
    }
  }
});

Deno.test("parsing leaves process.env alone", () => {
  const before = Object.getOwnPropertyDescriptor(process, "env");
  parseScenario("name: e\ncases: [{name: a, writer: write, reader: read}]\n", "env.yaml");
  const after = Object.getOwnPropertyDescriptor(process, "env");
  const keys = ["value", "get", "set", "writable", "enumerable", "configurable"] as const;
  assert(keys.every((key) => after?.[key] === before?.[key]), "process.env's descriptor changed");
});

Deno.test("bufferOffset: malloc's 16 bytes by default, 0 with huge pages, explicit values kept and named", () => {
  const text = [
    "name: offsets",
    "cases:",
    "  - { name: plain, writer: vmsplice, reader: splice }",
    "  - { name: huge, writer: vmsplice, reader: splice, hugePages: true }",
    "  - { name: aligned, writer: vmsplice, reader: splice, bufferOffset: 0 }",
    "matrix:",
    "  writer: [vmsplice]",
    "  reader: [splice]",
    "  bufferOffset: [0, 16]",
  ].join("\n");
  const { scenario, problems } = parseScenario(text, "offsets.yaml");
  assertEquals(problems, []);
  assertEquals(scenario.cases.map((c) => c.params.bufferOffset), [16, 0, 0, 0, 16]);
  assertEquals(scenario.cases.slice(3).map((c) => c.name), ["vmsplice→splice offset 0", "vmsplice→splice"]);
  const bad = parseScenario(
    "name: o\ncases:\n  - { name: a, writer: write, reader: read, bufferOffset: 4096 }\n",
    "o.yaml",
  );
  assertEquals(bad.problems.length, 1);
  assertMatch(formatProblem(bad.problems[0]), /^o\.yaml:3:59: cases\[0\]\.bufferOffset: .*0 to 4095/);
});

Deno.test("vmsplice: a half must be a power-of-two number of pages (the kernel rounds the pipe up)", () => {
  const problems = problemsOf(
    "name: p\ncases:\n  - { name: a, writer: vmsplice, reader: splice, bufferSize: 24KiB }\n",
  );
  assertEquals(problems.length, 1);
  assertMatch(
    formatProblem(problems[0]),
    /inline\.yaml:3:62: cases\[0\]\.bufferSize: .*12KiB, 3 pages.*use 16KiB or 32KiB/,
  );
});

Deno.test("head -c: the case's bytes and the reader's warm-up must both fit", () => {
  const text = (bytes: string) =>
    `name: h\ncases:\n  - { name: a, writer: { command: [head, -c, "1073741824", /dev/zero] }, reader: read, bytes: ${bytes}, duration: 0 }\n`;
  assertEquals(problemsOf(text("992MiB")), []);
  assertMatch(problemsOf(text("1000MiB"))[0].message, /plus the reader's 32MiB warm-up/);
});

Deno.test("latency vmsplice message: the error suggests what the limits allow, and the suggestion loads", () => {
  const context = { pipeMaxSize: 1024 * 1024, mayExceedPipeMaxSize: false };
  const entry = (more: string) =>
    `name: vm\ncases:\n  - { name: a, writer: vmsplice, reader: splice, measure: latency, messageSize: 1MiB, ${more} }\n`;
  const { problems } = parseScenario(entry("pipeSize: 64KiB"), "vm.yaml", context);
  assertEquals(problems.length, 1);
  const message = problems[0].message;
  assertIncludes(message, "spans 257 pages");
  assertIncludes(message, "set bufferOffset: 0 (the message then spans 256 pages) with pipeSize: 1MiB");
  assertIncludes(message, "or send messages of at most 65520B (16 slots)");
  // 257 pages would need a 2 MiB pipe (a power of two of pages), above pipe-max-size: not offered.
  assert(!message.includes("1028KiB") && !message.includes("pipeSize: 2MiB"), message);
  assertEquals(parseScenario(entry("pipeSize: 1MiB, bufferOffset: 0"), "vm.yaml", context).problems, []);
  assertEquals(
    parseScenario(entry("messageSize: 65520, pipeSize: 64KiB").replace("messageSize: 1MiB, ", ""), "vm.yaml", context)
      .problems,
    [],
  );
});
