/** The reading and comparing of strace output behind the call-level fidelity test, on real strace lines. */
import { assert, assertEquals, assertIncludes } from "../helpers.ts";
import { callKey, compareSides, histogram, parseCalls, type TracedSide, writerBuffers } from "./strace.ts";

/** A vmsplice line as `strace -s 1` prints it. */
const vmsplice = (requested: number, result: string) =>
  `vmsplice(1, [{iov_base="X"..., iov_len=${requested}}], 1, 0) = ${result}`;

/** One buffer 16 bytes past a page, 256 KiB, into an empty 128 KiB pipe: the post's program's three calls. */
const CLEAN = [vmsplice(262144, "131056"), vmsplice(131088, "131072"), vmsplice(16, "16")];
/** The same buffer when the previous one's last 16 bytes were still in the pipe (31 free slots). */
const RACED = [vmsplice(262144, "126960"), vmsplice(135184, "131072"), vmsplice(4112, "4112")];

function side(lines: string[], which: "writer" | "reader" = "writer"): TracedSide {
  return { threads: [parseCalls(lines.join("\n"), which)] };
}

Deno.test("strace lines: each call's kind, requested length and result, on the pipe's descriptors only", () => {
  const writer = parseCalls(
    [
      'write(2, "p"..., 40) = 40',
      'write(1, "X"..., 262144)                = 262144',
      vmsplice(16, "-1 EAGAIN (Resource temporarily unavailable)"),
      vmsplice(131072, "-1 EPIPE (Broken pipe)"),
      'read(0, "x", 262144) = 65536',
    ].join("\n"),
    "writer",
  );
  assertEquals(writer.map(callKey), ["write 262144 262144", "vmsplice 16 EAGAIN", "vmsplice 131072 EPIPE"]);
  const reader = parseCalls(
    [
      'read(3, "\\177E"..., 832) = 832',
      'read(0, "X"..., 262144)                 = 65536',
      "splice(0, NULL, 3, NULL, 262144, SPLICE_F_NONBLOCK) = -1 EAGAIN (Resource temporarily unavailable)",
      "splice(0, NULL, 5, NULL, 262144, 0)     = 131072",
      'write(1, "{"..., 300) = 300',
    ].join("\n"),
    "reader",
  );
  assertEquals(reader.map(callKey), ["read 262144 65536", "splice 262144 EAGAIN", "splice 262144 131072"]);
  assertEquals([...histogram(reader)], [["read 262144 65536", 1], ["splice 262144 131072", 1]], "EAGAIN not counted");
});

Deno.test("writer buffers: the usual sequence of calls, and the buffers that raced", () => {
  const calls = parseCalls(
    [...CLEAN, ...CLEAN, ...RACED, ...CLEAN, vmsplice(262144, "-1 EPIPE (Broken pipe)")].join("\n"),
    "writer",
  );
  assertEquals(writerBuffers(calls), {
    usual: "262144→131056, 131088→131072, 16→16",
    count: 4,
    raced: 1,
  });
});

Deno.test("compareSides: equal calls pass; another vmsplice layout or reader length is named", () => {
  const program = side([...CLEAN, ...CLEAN, ...CLEAN, ...RACED]);
  assertEquals(compareSides("writer", side([...CLEAN, ...RACED, ...CLEAN, ...CLEAN]), program, 1), []);
  // The post's text: halves of 128 KiB, a call each.
  const halves = side(Array(8).fill(0).flatMap(() => [vmsplice(131072, "131056"), vmsplice(16, "16")]));
  const problems = compareSides("writer", halves, program, 1);
  assert(problems.length > 0, "the halves layout must differ");
  assertIncludes(problems.join("\n"), "`vmsplice 131072 131056` 8 times in pipespeed, 0 in the program");
  assertIncludes(problems.join("\n"), "usually goes as [131072→131056, 16→16] in pipespeed");
  const read = (n: number) => `read(0, "X"..., ${n}) = 65536`;
  const problemsOfReader = compareSides(
    "reader",
    side([...Array(20).fill(read(262144)), read(196608)], "reader"),
    side(Array(21).fill(read(262144)), "reader"),
    0,
  );
  assertIncludes(problemsOfReader.join("\n"), "asks for [read 196608, read 262144] in pipespeed, [read 262144]");
});
