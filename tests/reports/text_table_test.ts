import pc from "picocolors";
import { columnWidths, pad } from "../../reports/text-table.ts";
import { assertEquals } from "../helpers.ts";

Deno.test("pad: ANSI colours and multi-unit characters do not count towards the width", () => {
  const colors = pc.createColors(true);
  assertEquals(pad("3.51", 6, true), "  3.51");
  assertEquals(pad("ab", 4, false), "ab  ");
  assertEquals(pad(colors.red("ab"), 4, false), `${colors.red("ab")}  `);
  assertEquals(pad("a→b", 4, false), "a→b ");
  assertEquals(pad("toolong", 3, true), "toolong");
});

Deno.test("columnWidths: the longest cell of each column, header included", () => {
  assertEquals(columnWidths(["case", "n"], [["write→read", "12"], ["x", "3"]]), [10, 2]);
  assertEquals(columnWidths(["case", "GiB/s"], []), [4, 5]);
});
