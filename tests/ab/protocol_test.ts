/**
 * The endpoint protocol's version: what another checkout's protocol.ts text says (declared, or
 * version 1 when it is today's file without the declaration), the refusal messages, and the pin
 * that makes a change of the protocol without a new version number fail here.
 */
import { codeOf, declaredVersion, incompatibility, protocolVersionOf } from "../../bench/ab/compatibility.ts";
import { readerConfig, writerConfig } from "../../bench/endpoint/config.ts";
import { PROTOCOL_VERSION } from "../../bench/endpoint/protocol.ts";
import type { Results } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const PROTOCOL_FILE = new URL("../../bench/endpoint/protocol.ts", import.meta.url);
const own = Deno.readTextFileSync(PROTOCOL_FILE);
const DECLARATION = /export const PROTOCOL_VERSION = \d+;\n/;

/**
 * What protocol version 1 is: the keys of both configurations the runner sends, and the code of
 * protocol.ts (comments aside, without the version's declaration). When this test fails, the
 * contract with the endpoints changed: bump PROTOCOL_VERSION in bench/endpoint/protocol.ts (an
 * `ab` against an older version must then refuse), and pin the new values here.
 */
const PINNED = {
  version: 3,
  writer:
    "bufferOffset,bufferSize,busyLoop,collapse,cpu,gift,hugePages,lockMemory,mode,parentPid,pipeSize,poll,sameBuffer,touchPages,verifyTag,vmspliceBuffers,warmupBytes",
  reader:
    "bufferOffset,bufferSize,busyLoop,bytes,consume,cpu,gift,hugePages,lockMemory,minSeconds,mode,parentPid,poll,sink,tee,touchPages,verifyTag,warmupBytes",
  // Version 2: collapse, consume and sink reach the endpoints (issue 17); results may carry `migrations`.
  // Version 3: `sink: socket` (a consumer thread an older reader would not start), `tee`, `sinkStopAfter` (tests).
  // Still 3: `measuredWindow`, an optional result field the runner reads only when present (for --profile).
  code: "cc100f8bc3a5eae9",
};

async function sha(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, 16);
}

Deno.test("the protocol is pinned to its version: change the contract, bump PROTOCOL_VERSION", async () => {
  const fixture: Results = JSON.parse(
    Deno.readTextFileSync(new URL("../fixtures/results/blog.json", import.meta.url)),
  );
  const params = fixture.cases[0].params;
  const current = {
    version: PROTOCOL_VERSION,
    writer: Object.keys(writerConfig(params, 1, 1)).sort().join(","),
    reader: Object.keys(readerConfig(params, 1, 1)).sort().join(","),
    code: await sha(codeOf(own.replace(DECLARATION, ""))),
  };
  assertEquals(
    current,
    PINNED,
    "the endpoint protocol changed: bump PROTOCOL_VERSION (bench/endpoint/protocol.ts) and pin the new values",
  );
});

Deno.test("declaredVersion reads the constant, and only it", () => {
  assertEquals(declaredVersion(own), PROTOCOL_VERSION);
  assertEquals(declaredVersion("export const PROTOCOL_VERSION = 7;"), 7);
  assertEquals(declaredVersion("const OTHER = 7;"), null);
});

Deno.test("an unnumbered protocol.ts is version 1 when it is today's without the constant, comments aside", () => {
  const unnumbered = own.replace(DECLARATION, "");
  assert(unnumbered !== own, "the declaration was found and removed");
  assertEquals(protocolVersionOf(unnumbered, own), 1);
  // Comments reworded and formatting changed: the same contract.
  const reworded = unnumbered.replace("/** The prefix the writer puts", "/**\n * Reworded: the prefix")
    .replaceAll("\n\n", "\n\n\n");
  assert(reworded !== unnumbered);
  assertEquals(protocolVersionOf(reworded, own), 1);
  // A field more: not the same contract, and nothing says which version it is.
  const changed = unnumbered.replace("warmupBytes: number;", "warmupBytes: number;\n  extra: number;");
  assert(changed !== unnumbered);
  assertEquals(protocolVersionOf(changed, own), null);
  // A declared number is taken as it is.
  assertEquals(protocolVersionOf(own.replace(DECLARATION, "export const PROTOCOL_VERSION = 2;\n"), own), 2);
});

Deno.test("incompatibility: none for this version; a clear reason for another or an unknown one", () => {
  assertEquals(incompatibility(PROTOCOL_VERSION, "--base x"), null);
  const other = incompatibility(PROTOCOL_VERSION + 1, "--base x")!;
  assertIncludes(other, `--base x: its endpoints speak protocol version ${PROTOCOL_VERSION + 1}`);
  assertIncludes(other, `this runner speaks ${PROTOCOL_VERSION}`);
  assertIncludes(
    incompatibility(null, "--head y")!,
    "--head y: its endpoint protocol (bench/endpoint/protocol.ts) has no PROTOCOL_VERSION",
  );
});
