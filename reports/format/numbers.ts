/**
 * Plain numbers: rounding chart data to a few significant digits, and p-values.
 *
 * @module
 */

/**
 * A number rounded to `digits` significant digits (keeps the embedded chart data small).
 *
 * @example
 * ```ts
 * roundSignificant(3.14159265, 3); // 3.14
 * ```
 */
export function roundSignificant(value: number, digits = 6): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(digits));
}

/**
 * A p-value with three decimals, `<0.001` below that.
 *
 * @example
 * ```ts
 * formatPValue(0.0004); // "<0.001"
 * ```
 */
export function formatPValue(pValue: number): string {
  return pValue < 0.001 ? "<0.001" : pValue.toFixed(3);
}
