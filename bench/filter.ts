/**
 * The `--filter` of `run`, `bench:native` and `bench:calls`: one rule for all three, a regular
 * expression that keeps the cases whose id (`blog/write_read`) or name (`write_read`) it matches.
 *
 * @module
 */

/** What a case filter looks at. */
export interface Filterable {
  /** `scenario/slug`. */
  id: string;
  /** The case's name. */
  name: string;
}

/** The regular expression of a `--filter` value; throws an `Error` saying why it is not one. */
export function caseFilter(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new Error(`not a valid regular expression: ${(error as Error).message}`);
  }
}

/** The cases whose id or name `pattern` matches, in their order. */
export function filterCases<T extends Filterable>(cases: readonly T[], pattern: RegExp): T[] {
  return cases.filter((c) => pattern.test(c.id) || pattern.test(c.name));
}
