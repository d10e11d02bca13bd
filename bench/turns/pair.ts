/**
 * One side of a ring of turns (bench/turns/token.ts) made of a writer and a reader on their own
 * pipe: the reader holds the token and stops its writer between its turns. `bench:native --turns`
 * runs a Deno pair against a C pair with it.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { closeFd, createPipe } from "../../ffi/pipe.ts";
import type { TurnsReaderResult } from "./reader.ts";
import { startTurnChild, type TurnStarter } from "./token.ts";

/** How {@link turnsPair} runs one side. */
export interface PairCommands {
  /** The writer's argv (pinned by the caller). */
  writer: string[];
  /** The reader's argv given the writer's pid; it takes turns on fds 3 and 4. */
  reader: (writerPid: number) => string[];
}

/** One side of a ring: a writer and a reader on their own pipe; the reader holds the token. */
export function turnsPair(commands: PairCommands): TurnStarter<TurnsReaderResult> {
  return (tokenIn, tokenOut) => {
    const { readFd, writeFd } = createPipe();
    try {
      const writer = spawn(commands.writer[0], commands.writer.slice(1), { stdio: ["ignore", writeFd, "ignore"] });
      if (writer.pid === undefined) throw new Error(`cannot start ${commands.writer[0]}`);
      const reader = startTurnChild<TurnsReaderResult>(commands.reader(writer.pid), [
        readFd,
        "pipe",
        "pipe",
        tokenIn,
        tokenOut,
      ]);
      // Once the reader is done, so is its writer (stopped or not).
      reader.result.finally(() => writer.kill("SIGKILL")).catch(() => {});
      return reader;
    } finally {
      closeFd(readFd);
      closeFd(writeFd);
    }
  };
}
