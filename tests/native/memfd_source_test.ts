import { nativeCommands } from "../../native/commands.ts";
import { NotExpressible, referenceFlags } from "../../native/reference.ts";
import { withDefaults } from "../../model/params.ts";
import { assert, assertIncludes } from "../helpers.ts";

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return null;
}

Deno.test("writer splice (memfd source): the C endpoint and the post's program refuse it, saying why", () => {
  const params = withDefaults({ writer: "splice", reader: "splice", collapse: true });
  const native = thrown(() => nativeCommands("pipe-endpoint", params));
  assert(native instanceof Error, "nativeCommands refuses");
  assertIncludes(native.message, "writer: splice: the C endpoint has no memfd source");
  const reference = thrown(() => referenceFlags(params));
  assert(reference instanceof NotExpressible, "referenceFlags refuses");
  assertIncludes(reference.message, "no file (memfd) source");
});

Deno.test("writer sendfile (memfd source): the C endpoint and the post's program refuse it, saying why", () => {
  const params = withDefaults({ writer: "sendfile", reader: "splice" });
  const native = thrown(() => nativeCommands("pipe-endpoint", params));
  assert(native instanceof Error, "nativeCommands refuses");
  assertIncludes(native.message, "writer: sendfile: the C endpoint has no memfd source");
  const reference = thrown(() => referenceFlags(params));
  assert(reference instanceof NotExpressible, "referenceFlags refuses");
  assertIncludes(reference.message, "no file (memfd) source to sendfile from");
});

Deno.test("consume: checksum and sink: memfd: the C endpoint and the post's program refuse them", () => {
  const sinks = [{ reader: "read", consume: "checksum" }, { reader: "splice", sink: "memfd" }, {
    reader: "splice",
    sink: "socket",
  }] as const;
  for (const overrides of sinks) {
    const params = withDefaults({ writer: "write", ...overrides });
    assert(thrown(() => nativeCommands("pipe-endpoint", params)) instanceof Error, JSON.stringify(overrides));
    assert(thrown(() => referenceFlags(params)) instanceof NotExpressible, JSON.stringify(overrides));
  }
});
