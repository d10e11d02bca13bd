/**
 * Problems in scenario files and where they are: a path into the document (`cases[2].name`)
 * becomes a line and column of the YAML source, so every problem reads
 * `file:line:column: path: message`.
 *
 * @module
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node as YamlNode } from "yaml";

/** One thing wrong with a scenario file, located at the offending YAML node (1-based). */
export interface Problem {
  /** The file, as given to the loader. */
  file: string;
  /** 1-based line of the offending node. */
  line: number;
  /** 1-based column of the offending node. */
  column: number;
  /** Where in the document, e.g. `cases[2].name` (empty for the whole file). */
  path: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/**
 * Thrown by {@linkcode loadScenarioFiles} with every problem of every file.
 *
 * @example
 * ```ts
 * try {
 *   await loadScenarioFiles(["broken.yaml"]);
 * } catch (error) {
 *   if (error instanceof ScenarioError) console.error(error.problems.map(formatProblem).join("\n"));
 * }
 * ```
 */
export class ScenarioError extends Error {
  /** Every problem, file by file, sorted by position. */
  readonly problems: Problem[];

  /** Builds the error; its message lists every problem, one a line. */
  constructor(problems: Problem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`${count} in scenario files:\n${problems.map(formatProblem).join("\n")}`);
    this.name = "ScenarioError";
    this.problems = problems;
  }
}

/**
 * Formats a problem the way compilers do, so editors and CI annotate the line.
 *
 * @example
 * ```ts
 * formatProblem({ file: "s.yaml", line: 4, column: 17, path: "cases[0].name", message: "bad" });
 * // "s.yaml:4:17: cases[0].name: bad"
 * ```
 */
export function formatProblem(problem: Problem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.path === "" ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}

/** Most problems reported per file (the rest are counted). */
export const MAX_PROBLEMS_PER_FILE = 200;

/** A key or an index on the way to a node. */
export type PathSegment = string | number;
/** A way into the document, from its top. */
export type Path = readonly PathSegment[];

/** `cases[2].name` */
export function pathToString(path: Path): string {
  let text = "";
  for (const segment of path) {
    text += typeof segment === "number" ? `[${segment}]` : text === "" ? segment : `.${segment}`;
  }
  return text;
}

/** The parsed YAML with what it takes to turn a path into a line and column. */
export interface YamlSource {
  /** The file, as given to the loader. */
  file: string;
  /** The parsed document, once parsed. */
  document: Document.Parsed | null;
  /** Offsets to lines and columns. */
  lineCounter: LineCounter;
}

function scalarKey(node: unknown): string {
  return isScalar(node) ? String(node.value) : String(node);
}

/** The node at `path` (its key node if `key`), or the deepest existing node on the way. */
function nodeAt(source: YamlSource, path: Path, key: boolean): YamlNode | null {
  let node = (source.document?.contents ?? null) as YamlNode | null;
  for (let index = 0; index < path.length && node !== null; index++) {
    const container: unknown = isAlias(node) ? node.resolve(source.document!) ?? node : node;
    const segment = path[index];
    const last = index === path.length - 1;
    if (isMap(container)) {
      const pair = container.items.find((item) => scalarKey(item.key) === String(segment));
      if (pair === undefined) return node;
      if (last && key) return pair.key as YamlNode;
      const value = pair.value as YamlNode | null;
      // An empty value has no text to point at: point at its key.
      if (value === null || (isScalar(value) && value.value === null && value.source === "")) {
        return pair.key as YamlNode;
      }
      node = value;
    } else if (isSeq(container) && typeof segment === "number") {
      const item = container.items[segment] as YamlNode | undefined;
      if (item === undefined) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

export function positionOf(source: YamlSource, offset: number): { line: number; column: number } {
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

/** A problem about a whole case: at its key when it is a mapping's value (`matrix:`), else at its node. */
export function originProblem(source: YamlSource, origin: Path, message: string): Problem {
  return problemAt(source, origin, message, { key: typeof origin[origin.length - 1] === "string" });
}

export function problemAt(source: YamlSource, path: Path, message: string, options: { key?: boolean } = {}): Problem {
  const node = nodeAt(source, path, options.key ?? false);
  const offset = node?.range?.[0] ?? 0;
  return { file: source.file, ...positionOf(source, offset), path: pathToString(path), message };
}

/** Sorted by position, duplicates dropped, at most {@linkcode MAX_PROBLEMS_PER_FILE}. */
export function sortAndCap(problems: Problem[]): Problem[] {
  const unique = new Map(problems.map((problem) => [formatProblem(problem), problem]));
  const sorted = [...unique.values()].sort((a, b) => a.line - b.line || a.column - b.column);
  if (sorted.length <= MAX_PROBLEMS_PER_FILE) return sorted;
  const rest = sorted.length - MAX_PROBLEMS_PER_FILE;
  const last = sorted[MAX_PROBLEMS_PER_FILE - 1];
  return [...sorted.slice(0, MAX_PROBLEMS_PER_FILE), { ...last, path: "", message: `… and ${rest} more problems` }];
}
