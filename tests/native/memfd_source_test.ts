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
