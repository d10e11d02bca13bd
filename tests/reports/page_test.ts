import { chartImageLines, chartsSectionFor } from "../../reports/page/charts-section.ts";
import { attribute, escapeHtml, escapeHtmlText, jsonForScript, scriptText } from "../../reports/page/escape.ts";
import type { Figure } from "../../reports/page/figure.ts";
import { htmlPage, REPORT_CSP } from "../../reports/page/shell.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const FIGURE: Figure = { name: "a<b", title: "T & <t>", data: [{ y: ["</script>"] }], layout: {} };

Deno.test("escapes: HTML text and attributes, Plotly labels, script JSON and script text", () => {
  assertEquals(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  assertEquals(escapeHtmlText(`a<b> & 'c' "d"`), `a&lt;b&gt; &amp; 'c' "d"`);
  assertEquals(attribute('say "hi"'), '"say &quot;hi&quot;"');
  assertEquals(jsonForScript({ a: "</script>\u2028" }), '{"a":"\\u003c/script>\\u2028"}');
  assertEquals(scriptText('x = "</SCRIPT>"'), 'x = "<\\/SCRIPT>"');
});

Deno.test("htmlPage: CSP first, title and generator escaped, figures as JSON, three scripts", () => {
  const html = htmlPage({
    title: "<t>",
    generator: "g&",
    header: "<header></header>",
    main: "<p>m</p>",
    figures: [FIGURE],
  });
  assertIncludes(html, `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CSP)}">`);
  assertIncludes(html, "<title>&lt;t&gt;</title>");
  assertIncludes(html, '<meta name="generator" content="g&amp;">');
  assertIncludes(html, '"id":"chart-0","name":"a\\u003cb"');
  assertEquals(html.match(/<script\b/g)?.length, 3);
  assert(!html.slice(0, html.indexOf("<script>")).includes("</script><"), "no early script end in the data");
});

Deno.test("charts section: one captioned card per figure; Markdown image lines only with images", () => {
  const section = chartsSectionFor([FIGURE], { "a<b": "caption <c>" });
  assertIncludes(
    section,
    '<div class="chart" id="chart-0" data-name="a&lt;b" role="img" aria-label="T &amp; &lt;t&gt;">',
  );
  assertIncludes(section, "<figcaption>caption &lt;c&gt;</figcaption>");
  assertIncludes(chartsSectionFor([], {}), "No data to chart.");
  assertEquals(chartImageLines([FIGURE], {}), []);
  assertEquals(chartImageLines([FIGURE], { images: true, imagesDir: "pics/" }), [
    "### Charts",
    "",
    "![T &amp; &lt;t&gt;](pics/a%3Cb.svg)",
    "",
  ]);
});
