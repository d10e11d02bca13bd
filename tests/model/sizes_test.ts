/** Tests of model/sizes.ts: every accepted form, every reject, and exact round trips. */
import { assert, assertEquals } from "../helpers.ts";
import {
  formatDuration,
  formatSize,
  GIB_BYTES,
  KIB_BYTES,
  MAX_DURATION_SECONDS,
  MAX_SIZE_BYTES,
  MIB_BYTES,
  parseDuration,
  parseSize,
  TIB_BYTES,
} from "../../model/sizes.ts";

Deno.test("parseSize: plain integers, as numbers or strings", () => {
  assertEquals(parseSize(4096), 4096);
  assertEquals(parseSize("4096"), 4096);
  assertEquals(parseSize(0), 0);
  assertEquals(parseSize(" 123 "), 123);
  assertEquals(parseSize("4096B"), 4096);
});

Deno.test("parseSize: binary units are powers of 1024", () => {
  assertEquals(parseSize("64KiB"), 64 * KIB_BYTES);
  assertEquals(parseSize("1MiB"), MIB_BYTES);
  assertEquals(parseSize("10GiB"), 10 * GIB_BYTES);
  assertEquals(parseSize("1TiB"), TIB_BYTES);
  assertEquals(parseSize("256 KiB"), 256 * KIB_BYTES);
  assertEquals(parseSize("64kib"), 64 * KIB_BYTES);
});

Deno.test("parseSize: decimal units are powers of 1000", () => {
  assertEquals(parseSize("1KB"), 1000);
  assertEquals(parseSize("2MB"), 2_000_000);
  assertEquals(parseSize("3GB"), 3_000_000_000);
  assertEquals(parseSize("1TB"), 1e12);
});

Deno.test("parseSize: fractions are exact when they make whole bytes", () => {
  assertEquals(parseSize("1.5GiB"), 1.5 * GIB_BYTES);
  assertEquals(parseSize("0.5KiB"), 512);
  assertEquals(parseSize("1.25MiB"), 1.25 * MIB_BYTES);
  assertEquals(parseSize("1.5KB"), 1500);
});

/** The error `run` throws; fails when it returns. */
function thrownBy(run: () => unknown, label = ""): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${label ? label + ": " : ""}expected an error, none was thrown`);
}

function assertRejects(value: string | number, fragment: string | RegExp) {
  const error = thrownBy(() => parseSize(value), String(value));
  assert(error instanceof RangeError || error instanceof TypeError, `${value}: ${error}`);
  if (typeof fragment === "string") assert(error.message.includes(fragment), `${value}: ${error.message}`);
  else assert(fragment.test(error.message), `${value}: ${error.message} does not match ${fragment}`);
}

Deno.test("parseSize: rejects fractions of a byte, negatives, empties, unknown units", () => {
  assertRejects("0.3KiB", "is 307.2 bytes: a size must be a whole number of bytes");
  assertRejects(1.5, "not a whole number of bytes");
  assertRejects("1.5", "a size must be a whole number of bytes");
  assertRejects("-4KiB", "cannot be negative");
  assertRejects(-1, "cannot be negative");
  assertRejects("", "cannot be empty");
  assertRejects("   ", "cannot be empty");
  assertRejects("4K", "unknown size unit `K` in `4K` (did you mean `4KiB`?)");
  assertRejects("4m", "did you mean `4MiB`?");
  assertRejects("4 bananas", "unknown size unit `bananas`");
  assertRejects("KiB", "is not a size");
  assertRejects("1e9", "is not a size");
  assertRejects("1.", "is not a size");
  assertRejects(".5KiB", "is not a size");
  assertRejects("0x10", "is not a size");
  assertRejects(Number.NaN, "is not a size");
  assertRejects(Infinity, "is not a size");
});

Deno.test("parseSize: every reject says which forms are accepted", () => {
  for (const value of ["4K", "", "KiB", "4 bananas"]) {
    assertRejects(value, /KiB, MiB, GiB, TiB \(powers of 1024.*KB, MB, GB, TB \(powers of 1000\)/);
  }
});

Deno.test("parseSize: above 1 TiB per run is refused", () => {
  assertEquals(parseSize("1TiB"), MAX_SIZE_BYTES);
  assertRejects("2TiB", "above the 1TiB limit per run (a typo could blow this up)");
  assertRejects(TIB_BYTES + 1, "a typo could blow this up");
  assertRejects("1.1TiB", "a typo could blow this up");
  assertRejects("99999999999999999999999999KiB", "a typo could blow this up");
  assertRejects("1" + "0".repeat(40), "is not a size");
  assertEquals(parseSize("2TiB", { maxBytes: 4 * TIB_BYTES }), 2 * TIB_BYTES);
});

Deno.test("parseDuration: every form", () => {
  assertEquals(parseDuration("500ms"), 0.5);
  assertEquals(parseDuration("2s"), 2);
  assertEquals(parseDuration("1.5s"), 1.5);
  assertEquals(parseDuration("1m"), 60);
  assertEquals(parseDuration("1.5m"), 90);
  assertEquals(parseDuration("2min"), 120);
  assertEquals(parseDuration("1h"), 3600);
  assertEquals(parseDuration("250us"), 0.00025);
  assertEquals(parseDuration("250µs"), 0.00025);
  assertEquals(parseDuration("100ns"), 1e-7);
  assertEquals(parseDuration(2), 2);
  assertEquals(parseDuration(0.5), 0.5);
  assertEquals(parseDuration("2"), 2);
  assertEquals(parseDuration(0), 0);
  assertEquals(parseDuration(" 3 s "), 3);
});

Deno.test("parseDuration: rejects", () => {
  const rejects: [string | number, string][] = [
    ["-1s", "cannot be negative"],
    [-1, "cannot be negative"],
    ["", "cannot be empty"],
    ["5 minutes", "unknown duration unit `minutes`"],
    ["2x", "unknown duration unit `x`"],
    ["s", "is not a duration"],
    [Number.NaN, "is not a duration"],
    ["2h", "above the 1h limit per run (a typo could blow this up)"],
    [MAX_DURATION_SECONDS + 1, "a typo could blow this up"],
  ];
  for (const [value, fragment] of rejects) {
    const error = thrownBy(() => parseDuration(value), String(value));
    assert(error.message.includes(fragment), `${value}: ${error.message}`);
  }
  assert(/ns, us, ms, s, m \(minutes\), h/.test(thrownBy(() => parseDuration("2x")).message));
});

Deno.test("formatSize: brief, exact, binary first", () => {
  const expected: [number, string][] = [
    [0, "0B"],
    [1, "1B"],
    [4095, "4095B"],
    [4096, "4KiB"],
    [256 * KIB_BYTES, "256KiB"],
    [MIB_BYTES, "1MiB"],
    [1.5 * GIB_BYTES, "1.5GiB"],
    [1.25 * GIB_BYTES, "1.25GiB"],
    [1536, "1.5KiB"],
    [TIB_BYTES, "1TiB"],
    [1000, "1KB"],
    [2_000_000, "2MB"],
    [12345, "12345B"],
    [1023 * KIB_BYTES, "1023KiB"],
  ];
  for (const [bytes, text] of expected) assertEquals(formatSize(bytes), text, String(bytes));
  assert(thrownBy(() => formatSize(-1)) instanceof RangeError, "formatSize(-1)");
  assert(thrownBy(() => formatSize(1.5)) instanceof RangeError, "formatSize(1.5)");
});

Deno.test("formatSize: parses back to the same number", () => {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const values = [0, 1, 7, 4096, 8191, 1000, 999_999, 3 * MIB_BYTES / 4, TIB_BYTES];
  for (let i = 0; i < 500; i++) values.push(Math.floor(random() * 2 ** Math.floor(random() * 40)));
  for (let power = 0; power <= 40; power++) values.push(2 ** power, 3 * 2 ** power);
  for (const bytes of values.filter((value) => value <= TIB_BYTES)) {
    assertEquals(parseSize(formatSize(bytes)), bytes, `${bytes} → ${formatSize(bytes)}`);
  }
});

Deno.test("formatDuration: brief, and parses back", () => {
  const expected: [number, string][] = [
    [0, "0s"],
    [0.5, "500ms"],
    [1, "1s"],
    [1.5, "1.5s"],
    [90, "90s"],
    [120, "2m"],
    [3600, "1h"],
    [0.00025, "250us"],
    [0.001, "1ms"],
    [1e-7, "100ns"],
    [0.0125, "12.5ms"],
  ];
  for (const [seconds, text] of expected) {
    assertEquals(formatDuration(seconds), text, String(seconds));
    assertEquals(parseDuration(text), seconds, text);
  }
  assert(thrownBy(() => formatDuration(-1)) instanceof RangeError, "formatDuration(-1)");
  assert(thrownBy(() => formatDuration(Infinity)) instanceof RangeError, "formatDuration(Infinity)");
});
