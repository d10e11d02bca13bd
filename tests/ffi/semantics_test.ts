import { giftAccepted, pipeSharesUserPages, probeKernelSemantics, spliceSharesFilePages } from "../../ffi/semantics.ts";
import { createMemoryFile, sharedHugePageBytesFromSmaps } from "../../ffi/memfd.ts";
import { PAGE_SIZE } from "../../ffi/constants.ts";
import { readWholeFile } from "../../ffi/memory.ts";
import { assert, assertEquals } from "../helpers.ts";

/** The kernel release as [major, minor]. */
function kernelVersion(): [number, number] {
  const [major, minor] = Deno.osRelease().split(/[.-]/).map(Number);
  return [major, minor];
}

/** Kernels before 7.2 (the development VM runs 6.18) have vmsplice sharing the user's pages. */
const beforeVmspliceCopies = (() => {
  const [major, minor] = kernelVersion();
  return major < 7 || (major === 7 && minor < 2);
})();

Deno.test("semantics: the negative control — write() in place of vmsplice() reports a copy", () => {
  assertEquals(pipeSharesUserPages("write"), false);
});

Deno.test("semantics: vmsplice shares the user's pages on kernels before 7.2", () => {
  const shared = pipeSharesUserPages("vmsplice");
  if (beforeVmspliceCopies) assertEquals(shared, true, `kernel ${Deno.osRelease()}`);
  else assertEquals(typeof shared, "boolean");
});

Deno.test("semantics: splice from a memfd shares its page-cache pages; gift is probed, not assumed", () => {
  assertEquals(spliceSharesFilePages(), true);
  assertEquals(typeof giftAccepted(), "boolean");
});

Deno.test("semantics: the whole probe, deterministic, with the pipe limits of /proc", () => {
  const first = probeKernelSemantics();
  const again = probeKernelSemantics();
  assertEquals(first, again, "the same answers twice (no timing in it)");
  // Another test file of this process may have turned THP off for it (steps_test, runner_test):
  // then MADV_COLLAPSE cannot be probed here, and the probe says so (tested below).
  const thpOff = /^THP_enabled:\s*0\s*$/m.test(readWholeFile("/proc/self/status"));
  assertEquals(first.problems.filter((p) => !(thpOff && p.includes("PR_SET_THP_DISABLE"))), []);
  assertEquals(first.pipeDefaultSlots, 16);
  assertEquals(first.pipeMaxSize, Number(readWholeFile("/proc/sys/fs/pipe-max-size")));
  assertEquals(first.pipeUserPagesSoft, Number(readWholeFile("/proc/sys/fs/pipe-user-pages-soft")));
  assertEquals(first.pipeUserPagesHard, Number(readWholeFile("/proc/sys/fs/pipe-user-pages-hard")));
  const [major, minor] = kernelVersion();
  if (!thpOff && (major > 6 || (major === 6 && minor >= 1))) {
    assertEquals(first.madvCollapse, true, "MADV_COLLAPSE since 6.1");
  }
});

Deno.test("memfd: a memory file filled once; its bytes are the file's; collapsed where asked", () => {
  const file = createMemoryFile(3 * PAGE_SIZE + 5, { fill: 0x61 });
  try {
    assertEquals(file.bytes.length, 3 * PAGE_SIZE + 5);
    assert(file.bytes.every((b) => b === 0x61));
    assertEquals(file.address % (2 * 1024 * 1024), 0, "2 MiB-aligned mapping");
  } finally {
    file.free();
  }
  const huge = createMemoryFile(2 * 1024 * 1024, { hugePages: true, collapse: true });
  huge.free();
});

Deno.test("memfd: smaps' ShmemPmdMapped/FilePmdMapped lines count for the range they overlap", () => {
  const smaps = [
    "7f0000000000-7f0000400000 rw-s 00000000 00:01 1 /memfd:pipespeed-source (deleted)",
    "Size:               4096 kB",
    "AnonHugePages:         0 kB",
    "ShmemPmdMapped:     4096 kB",
    "FilePmdMapped:         0 kB",
    "7f0000400000-7f0000600000 rw-p 00000000 00:00 0",
    "ShmemPmdMapped:     2048 kB",
  ].join("\n");
  assertEquals(sharedHugePageBytesFromSmaps(smaps, 0x7f0000000000, 2 * 1024 * 1024), 2 * 1024 * 1024);
  assertEquals(sharedHugePageBytesFromSmaps(smaps, 0x7f0000000000, 6 * 1024 * 1024), 6 * 1024 * 1024);
});

Deno.test("semantics: in a process with THP disabled, MADV_COLLAPSE is unknown with the reason, not 'absent'", async () => {
  const code = `
    import { disableTransparentHugePages } from "${new URL("../../ffi/cpu.ts", import.meta.url)}";
    import { probeKernelSemantics } from "${new URL("../../ffi/semantics.ts", import.meta.url)}";
    disableTransparentHugePages();
    const probe = probeKernelSemantics();
    console.log(JSON.stringify({ madvCollapse: probe.madvCollapse, problems: probe.problems }));`;
  const { stdout, success } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", code],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert(success, "the probe ran");
  const probe = JSON.parse(new TextDecoder().decode(stdout));
  assertEquals(probe.madvCollapse, null);
  assertEquals(probe.problems.length, 1);
  assert(probe.problems[0].includes("PR_SET_THP_DISABLE"), probe.problems[0]);
});
