import { turnsCommands, turnsPair } from "./scripts/bench-native.ts";
import { loadScenarioFiles } from "./bench/scenario.ts";
import { sandwich, takeTurns } from "./bench/turns.ts";
import { median, pairedRatioCi } from "./bench/stats.ts";
const [name, blocks, blockMiB, mode] = Deno.args;
const { cases } = await loadScenarioFiles(["scenarios/blog.yaml"]);
const c = cases.find((c) => c.name === name)!;
const cmds = turnsCommands("/tmp/turns-t1/pipe-endpoint", c.params, 32 << 20, {
  count: Number(blocks),
  blockBytes: Number(blockMiB) << 20,
});
const a = mode === "dd" ? cmds.deno : cmds.native, b = mode === "cc" ? cmds.native : cmds.deno;
const [first, second] = await takeTurns(turnsPair(a), turnsPair(b));
const { own, around } = sandwich(first.blocks!, second.blocks!);
const r = pairedRatioCi(own, around, { seed: 1 })!;
console.log(
  `${mode} ${name}: first ${median(first.blocks!).toFixed(2)} second ${
    median(second.blocks!).toFixed(2)
  } GiB/s; second/first ${r.ratio.toFixed(3)} (${r.low.toFixed(3)}–${r.high.toFixed(3)})`,
);
