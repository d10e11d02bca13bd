/**
 * The maxTime budget across an interruption (bench/budget.ts): what the journal says the earlier
 * commands spent, and what its steps cost.
 */
import { journalCosts, spentSeconds } from "../../bench/budget.ts";
import type { JournalEntry } from "../../bench/journal.ts";
import type { Sample } from "../../model/types.ts";
import { assertEquals } from "../helpers.ts";

type Entry = Exclude<JournalEntry, { type: "plan" }>;
const START = "2025-01-01T00:00:00.000Z";

function sampleAt(caseId: string, startedAtSeconds: number, wallSeconds: number): Entry {
  const sample = { run: 0, repetition: 0, seconds: wallSeconds / 2, wallSeconds, startedAtSeconds } as Sample;
  return { type: "sample", caseId, sample };
}
const endAt = (seconds: number, budgetSeconds?: number): Entry => ({
  type: "end",
  finishedAt: new Date(Date.parse(START) + seconds * 1000).toISOString(),
  interrupted: true,
  loadAverageEnd: null,
  ...(budgetSeconds === undefined ? {} : { budgetSeconds }),
});

Deno.test("budget: the end line's budgetSeconds is the budget spent so far, over every command", () => {
  assertEquals(spentSeconds(START, [sampleAt("a", 1, 1), endAt(9, 4)]), 4);
  // A resumed command that ended too: its line carries the whole, not its own part.
  assertEquals(spentSeconds(START, [sampleAt("a", 1, 1), endAt(9, 4), sampleAt("a", 100, 1), endAt(102, 7)]), 7);
});

Deno.test("budget: a journal without budgetSeconds, or a command killed before its end line, is timed by its steps", () => {
  // First command: from the plan's start to its end line (9 s); the second was killed: 100 s to 103 s.
  const entries = [sampleAt("a", 1, 1), endAt(9), sampleAt("a", 100, 1), sampleAt("a", 102, 1)];
  assertEquals(spentSeconds(START, entries), 9 + 3);
  assertEquals(spentSeconds(START, [sampleAt("a", 2, 1), sampleAt("a", 5, 2)]), 7, "killed in its first command");
  assertEquals(spentSeconds(START, []), 0);
});

Deno.test("budget: a journal's steps give a resumed run its costs; the time between commands is no step", () => {
  // Sessions of turns of cases 0 and 1 start at 10, 12 and 14 s; case 2 runs alone at 14 s; then a resume at 100 s.
  const entries = [
    sampleAt("t0", 10, 1),
    sampleAt("t1", 10, 1),
    sampleAt("t0", 12, 1),
    sampleAt("t1", 12, 1),
    sampleAt("r", 14, 3),
    endAt(25),
    sampleAt("r", 100, 4),
  ];
  const index = (id: string) => ["t0", "t1", "r"].indexOf(id);
  const costs = journalCosts(entries, index, (i) => i < 2);
  // A session lasted 2 s (to the next one's start) of which 0.5 + 0.5 s were measured: 1 s outside the blocks.
  assertEquals(costs.estimate([0, 1], (i) => i < 2), 2 - 1 + 0.5 + 0.5);
  // The run alone: 14 s to its command's end line is not its cost; its own wall time (3 s, then 4 s) is.
  assertEquals(costs.estimate([2], (i) => i < 2), 4);
});
