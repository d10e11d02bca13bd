/**
 * The CSS of every page: light and dark themes, header, cards, tables, chart cards, print rules.
 * What the compare and merge pages add is in `side-by-side/page.ts`.
 *
 * @module
 */

/** The CSS every report page starts with. */
export const PAGE_STYLE: string = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --card: #ffffff; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb;
  --accent: #4e79a7; --warn-bg: #fff7e6; --warn-ink: #8a5300; --bad-bg: #fdecec; --bad-ink: #a61b1b;
  --bar: rgba(78,121,167,0.16); --code: #f3f4f6;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --card: #1a1f26; --ink: #e5e7eb; --muted: #9ca3af; --line: #2d3440;
    --accent: #8ab4e0; --warn-bg: #3a2c0f; --warn-ink: #f5c56b; --bad-bg: #3d1717; --bad-ink: #ff9b9b;
    --bar: rgba(138,180,224,0.18); --code: #232a33;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
}
header.top { background: var(--card); border-bottom: 1px solid var(--line); }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header.top .wrap { padding-top: 22px; padding-bottom: 14px; }
h1 { font-size: 24px; margin: 0 0 4px; letter-spacing: -0.01em; }
h1 .brand { color: var(--accent); }
h2 { font-size: 19px; margin: 36px 0 12px; letter-spacing: -0.01em; }
h3 { font-size: 16px; margin: 22px 0 8px; }
.subtitle { color: var(--muted); margin: 0; }
.subtitle b { color: var(--ink); font-weight: 600; }
nav { display: flex; flex-wrap: wrap; gap: 4px 18px; margin-top: 12px; font-size: 14px; }
nav a { color: var(--muted); text-decoration: none; }
nav a:hover { color: var(--accent); text-decoration: underline; }
a { color: var(--accent); }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 999px;
  background: var(--warn-bg); color: var(--warn-ink); vertical-align: middle; margin-left: 6px; }
.badge.bad { background: var(--bad-bg); color: var(--bad-ink); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; }
.card > h3:first-child { margin-top: 0; }
.scenario-description { color: var(--muted); margin: -4px 0 10px; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em;
  white-space: nowrap; }
tbody tr:last-child td { border-bottom: none; }
tbody tr:hover td { background: rgba(127,127,127,0.05); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.case { font-weight: 600; overflow-wrap: break-word; min-width: 9em; }
td.id { font-size: 12.5px; overflow-wrap: anywhere; min-width: 8em; }
td.median { position: relative; min-width: 140px; }
td.median .bar { position: absolute; left: 0; top: 4px; bottom: 4px; background: var(--bar); border-radius: 3px; }
td.median span.value { position: relative; font-weight: 600; }
.muted { color: var(--muted); }
.noisy { color: var(--warn-ink); font-weight: 600; }
.failed { color: var(--bad-ink); font-weight: 600; }
.charts { display: grid; gap: 18px; }
figure.chart-card { margin: 0; padding: 8px 8px 10px; }
figure.chart-card .chart { width: 100%; min-height: 320px; }
figure.chart-card figcaption { color: var(--muted); font-size: 13px; padding: 4px 10px 0; }
figure.chart-card { background: #ffffff; color: #1f2937; }
figure.chart-card figcaption { color: #6b7280; }
ul.warnings { margin: 0; padding-left: 20px; }
ul.warnings li { margin: 4px 0; }
ul.warnings li.none { list-style: none; margin-left: -20px; color: var(--muted); }
pre { background: var(--code); border-radius: 6px; padding: 8px 10px; margin: 4px 0 0; font-size: 12.5px;
  white-space: pre-wrap; overflow-wrap: anywhere; }
code { background: var(--code); border-radius: 4px; padding: 1px 5px; font-size: 13px; }
dl.system { display: grid; grid-template-columns: max-content 1fr; gap: 6px 22px; margin: 0; font-size: 14px; }
dl.system dt { color: var(--muted); }
dl.system dd { margin: 0; overflow-wrap: break-word; min-width: 0; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 18px; }
footer { color: var(--muted); font-size: 13px; margin: 40px 0 32px; }
.noscript { padding: 12px 16px; }
@media print {
  body { background: #fff; }
  header.top, .card { border-color: #ccc; }
  nav { display: none; }
  figure.chart-card { break-inside: avoid; }
}
`;
