/**
 * Exact decimal values for the wire formatter: `coef × 10^exp` with a non-negative BigInt
 * coefficient. No float arithmetic happens on these.
 */
export interface Decimal {
  readonly coef: bigint;
  readonly exp: number;
}

/** Significant digits a float is read with: every decimal of <= 15 digits survives a round trip. */
export const FLOAT_READ_DIGITS = 15;

/**
 * The decimal a finite, non-negative float stands for: its value rounded to 15 significant digits
 * (`toPrecision(15)`). Any decimal written with at most 15 significant digits comes back exactly,
 * so binary artefacts vanish (0.1 + 0.2 = 0.30000000000000004 reads as 0.3); the cost is that a
 * float is never treated as more precise than 15 digits, far beyond any tick.
 */
export function decimalFromNumber(x: number): Decimal {
  const text = x.toPrecision(FLOAT_READ_DIGITS);
  const ePos = text.indexOf("e");
  const mantissa = ePos < 0 ? text : text.slice(0, ePos);
  let exp = ePos < 0 ? 0 : Number(text.slice(ePos + 1));
  const dot = mantissa.indexOf(".");
  let digits = mantissa;
  if (dot >= 0) {
    digits = mantissa.slice(0, dot) + mantissa.slice(dot + 1);
    exp -= mantissa.length - dot - 1;
  }
  // drop trailing zeros so `coef` carries only significant digits
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  exp += digits.length - end;
  return { coef: BigInt(digits.slice(0, end)), exp };
}

/** Number of decimal digits of a positive coefficient. */
export function digitCount(coef: bigint): number {
  return coef.toString().length;
}

/**
 * `value` rounded to a multiple of `10^stepExp`: toward zero (`up` false) or away from zero
 * (`up` true, only when something non-zero was cut). The result is `q × 10^stepExp`; returns q.
 */
export function roundToStep(value: Decimal, stepExp: number, up: boolean): bigint {
  if (value.exp >= stepExp) return value.coef * 10n ** BigInt(value.exp - stepExp);
  const divisor = 10n ** BigInt(stepExp - value.exp);
  const q = value.coef / divisor;
  return up && q * divisor !== value.coef ? q + 1n : q;
}

/**
 * Plain (never exponent) text of `q × 10^exp` for q >= 0, without trailing fractional zeros or a
 * trailing ".".
 */
export function scaledToString(q: bigint, exp: number): string {
  const digits = q.toString();
  if (q === 0n) return "0";
  if (exp >= 0) return exp === 0 ? digits : digits + "0".repeat(exp);
  const places = -exp;
  const padded = digits.length <= places ? "0".repeat(places - digits.length + 1) + digits : digits;
  const cut = padded.length - places;
  let end = padded.length;
  while (end > cut && padded.charCodeAt(end - 1) === 48) end--;
  return end === cut ? padded.slice(0, cut) : `${padded.slice(0, cut)}.${padded.slice(cut, end)}`;
}
