/** The progress bar's payload: "last" names the case that produced it, not the case running now. */
import type { RunOutcome } from "../../bench/runner.ts";
import { PROGRESS_FORMAT, progressPayloads } from "../../cli/progress.ts";
import { withDefaults } from "../../model/params.ts";
import type { Case } from "../../model/types.ts";
import { assertEquals, assertIncludes } from "../helpers.ts";

function blogCase(name: string, writer: "write" | "vmsplice", reader: "read" | "splice"): Case {
  return { id: `blog/${name}`, name, scenario: "blog", params: withDefaults({ writer, reader }) };
}

/** A finished run's outcome: only its throughput matters to the bar. */
function measured(gibPerSecond: number): RunOutcome {
  return { ok: true, sample: { gibPerSecond } } as unknown as RunOutcome;
}

Deno.test("progress: once the next case starts, 'last' still names the case whose result it is", () => {
  const writeRead = blogCase("write_read", "write", "read");
  const vmspliceSplice = blogCase("vmsplice_splice", "vmsplice", "splice");
  const payloads = progressPayloads();
  assertEquals(payloads.starting(writeRead), { caseName: "write_read", last: "—" });
  assertEquals(payloads.finished(writeRead, measured(0.84)), { caseName: "write_read", last: "write_read 0.84 GiB/s" });
  // The line the issue quotes: vmsplice_splice running, 0.84 from write_read.
  assertEquals(payloads.starting(vmspliceSplice), { caseName: "vmsplice_splice", last: "write_read 0.84 GiB/s" });
  const failed = { ok: false, failure: { side: "writer", reason: "x" } } as unknown as RunOutcome;
  assertIncludes(payloads.finished(vmspliceSplice, failed).last, "vmsplice_splice");
  assertIncludes(PROGRESS_FORMAT, "now {caseName} | last {last}");
});
