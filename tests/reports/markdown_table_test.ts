import { toMarkdownTable } from "../../reports/exports.ts";
import { escapeMarkdown, markdownRow, markdownTable } from "../../reports/markdown-table.ts";
import { blogResults } from "../fixtures/make-results.ts";
import { assertEquals } from "../helpers.ts";

Deno.test("escapeMarkdown: inline metacharacters get a backslash, <>& become entities, lines join", () => {
  assertEquals(escapeMarkdown("a|b_c"), "a\\|b\\_c");
  assertEquals(
    escapeMarkdown("*x* `y` [z](w) ~s~ :e: @m $m$ !i \\"),
    "\\*x\\* \\`y\\` \\[z\\](w) \\~s\\~ \\:e\\: \\@m \\$m\\$ \\!i \\\\",
  );
  assertEquals(escapeMarkdown("<b>&amp;</b>"), "&lt;b&gt;&amp;amp;&lt;/b&gt;");
  assertEquals(escapeMarkdown("one\ntwo\r\nthree\rfour"), "one two three four");
  assertEquals(escapeMarkdown("- # 1. plain-words_ok"), "- # 1. plain-words\\_ok");
});

Deno.test("markdownTable: header, alignment row (:-- left, --: right), rows as given", () => {
  assertEquals(markdownRow(["a", "b"]), "| a | b |");
  assertEquals(markdownTable(["Case", "n"], ["left", "right"], [["a", "5"], ["b", "6"]]), [
    "| Case | n |",
    "| :-- | --: |",
    "| a | 5 |",
    "| b | 6 |",
  ]);
});

Deno.test("the Markdown export is the run table model (same columns as the terminal and summary.md), ids escaped once", () => {
  const results = blogResults();
  const table = toMarkdownTable(results).split("\n");
  assertEquals(table[0], "| case | GiB/s (median) | 95% CI | CV | vs first | runs | failed |");
  assertEquals(table[1], "| :-- | --: | --: | --: | --: | --: | --: |");
  // Scenario ids are `[a-z0-9_-]+/[a-z0-9_-]+`: of those characters both former escapers touched only `_`.
  results.cases = [{ ...results.cases[0], id: "blog_1/write_read-2" }];
  assertEquals(toMarkdownTable(results).split("\n")[2].split(" | ")[0], "| blog\\_1/write\\_read-2");
});
