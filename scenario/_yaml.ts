/**
 * Reading a scenario file's YAML: syntax errors, empty files, complex keys and alias bombs become
 * problems, and parsing works without `--allow-env`.
 *
 * @module
 */
import process from "node:process";
import { isAlias, isMap, isScalar, isSeq, type Node as YamlNode, parseDocument } from "yaml";
import { positionOf, type Problem, type YamlSource } from "./_problems.ts";

/** Most aliases the YAML may expand (alias bombs are refused). */
export const MAX_YAML_ALIAS_COUNT = 100;

/**
 * `yaml` reads `process.env.LOG_TOKENS`/`LOG_STREAM` while parsing, which Deno refuses without
 * `--allow-env`. Without that permission, parse with an empty `process.env` (synchronously, so
 * nothing else can observe it).
 */
function withoutEnvironmentLookups<T>(parse: () => T): T {
  const state = Deno.permissions.querySync({ name: "env", variable: "LOG_TOKENS" }).state;
  if (state === "granted") return parse();
  const descriptor = Object.getOwnPropertyDescriptor(process, "env");
  if (descriptor === undefined || !descriptor.configurable) return parse();
  Object.defineProperty(process, "env", { value: {}, configurable: true, writable: true });
  try {
    return parse();
  } finally {
    Object.defineProperty(process, "env", descriptor);
  }
}

/** Parses the YAML; returns the plain data, or problems (syntax, empty, aliases) and `undefined`. */
export function parseYaml(text: string, source: YamlSource, problems: Problem[]): unknown {
  const document = withoutEnvironmentLookups(() =>
    parseDocument(text, { lineCounter: source.lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: "error" })
  );
  source.document = document;
  for (const error of [...document.errors, ...document.warnings]) {
    problems.push({ file: source.file, ...positionOf(source, error.pos[0]), path: "", message: yamlMessage(error) });
  }
  problems.push(...complexKeyProblems(source));
  if (problems.length > 0) return undefined;
  if (document.contents === null) {
    problems.push({
      file: source.file,
      line: 1,
      column: 1,
      path: "",
      message: "the file is empty: a scenario needs a `name` and `cases` or a `matrix`",
    });
    return undefined;
  }
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    problems.push(aliasProblem(source, error as Error));
    return undefined;
  }
}

function yamlMessage(error: { code: string; message: string; name: string }): string {
  const kind = error.name === "YAMLWarning" ? "YAML warning" : "YAML syntax error";
  const message = /call stack/i.test(error.message) ? "the YAML nests too deeply" : error.message.split("\n")[0];
  return `${kind}: ${message}`;
}

/** Every node of the document, depth first, without recursion (hostile nesting is deep). */
function* yamlNodes(root: unknown): Generator<unknown> {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    yield node;
    if (isMap(node)) { for (const pair of [...node.items].reverse()) stack.push(pair.value, pair.key); }
    else if (isSeq(node)) stack.push(...[...node.items].reverse());
  }
}

function aliasProblem(source: YamlSource, error: Error): Problem {
  if (!/alias/i.test(error.message)) {
    return { file: source.file, line: 1, column: 1, path: "", message: `cannot read the YAML: ${error.message}` };
  }
  let offset = 0;
  for (const node of yamlNodes(source.document?.contents)) {
    if (isAlias(node)) {
      offset = node.range?.[0] ?? 0;
      break;
    }
  }
  return {
    file: source.file,
    ...positionOf(source, offset),
    path: "",
    message: `the aliases expand to too much data (more than ${MAX_YAML_ALIAS_COUNT} aliased nodes): ` +
      "alias bombs are refused; write the values out or use `defaults`",
  };
}

/** Keys that are lists or mappings (`? [a, b]`) would be stringified: refuse them. */
function complexKeyProblems(source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  for (const node of yamlNodes(source.document?.contents)) {
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      if (isScalar(pair.key) || isAlias(pair.key)) continue;
      const offset = (pair.key as YamlNode | null)?.range?.[0] ?? 0;
      problems.push({
        file: source.file,
        ...positionOf(source, offset),
        path: "",
        message: "a key must be a plain word, not a list or a mapping",
      });
    }
  }
  return problems;
}
