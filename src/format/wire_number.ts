/**
 * The one place prices and sizes become wire strings (Hyperliquid perps).
 *
 * Rules (tick-and-lot-size): a price has at most 5 significant figures and at most
 * `6 - szDecimals` decimals, except that integer prices are always allowed; a size has at most
 * `szDecimals` decimals. Output strings are plain decimals: no exponent, no trailing zeros, no
 * trailing ".", never "-0".
 *
 * Floats are read as their 15-significant-digit decimal (see decimalFromNumber), then rounded in
 * exact BigInt decimal arithmetic: bids down, asks up, sizes down.
 */
import {
  type Decimal,
  decimalFromNumber,
  digitCount,
  roundToStep,
  scaledToString,
} from "./decimal.ts";

export { normalizeDecimalString } from "./normalize_decimal_string.ts";

/** Perp prices may have at most MAX_PERP_DECIMALS - szDecimals decimals. */
export const MAX_PERP_DECIMALS = 6;
/** Significant figures allowed in a non-integer price. */
export const MAX_PRICE_SIG_FIGS = 5;
/** Largest szDecimals accepted for sizes. */
const MAX_SZ_DECIMALS = 18;

/** Which side a price is for; decides the rounding direction (bids down, asks up). */
export type QuoteSide = "bid" | "ask";

/**
 * Wire price for a perp order: the nearest valid price at or below `px` for a bid, at or above it
 * for an ask. Throws RangeError for NaN, ±Infinity, negative or zero prices, a bid that rounds to
 * zero, or szDecimals outside 0..6; TypeError for an unknown side.
 */
export function formatPrice(px: number, szDecimals: number, side: QuoteSide): string {
  if (side !== "bid" && side !== "ask") throw new TypeError(`side must be "bid" or "ask"`);
  checkSzDecimals(szDecimals, MAX_PERP_DECIMALS);
  checkPositive(px, "price");
  const value = decimalFromNumber(px);
  const stepExp = stepExpOf(value, szDecimals);
  // Rounding up may reach the next power of ten, which is valid too.
  const q = roundToStep(value, stepExp, side === "ask");
  if (q === 0n) {
    throw new RangeError(
      `price ${px} rounds down to 0 with szDecimals ${szDecimals} (smallest tick ` +
        `${scaledToString(1n, stepExp)})`,
    );
  }
  return scaledToString(q, stepExp);
}

/**
 * The price step at `px` for a perp, as a power of ten: valid prices near `px` are the multiples
 * of 10^priceStepExp(px, szDecimals). The strategy uses it to stay one tick off the other side.
 */
export function priceStepExp(px: number, szDecimals: number): number {
  checkSzDecimals(szDecimals, MAX_PERP_DECIMALS);
  checkPositive(px, "price");
  return stepExpOf(decimalFromNumber(px), szDecimals);
}

/**
 * In the decade [10^lead, 10^(lead+1)) of `value` the valid prices are exactly the multiples of
 * 10^stepExp: integers from 10^4 up (5 sig figs there are integers anyway), otherwise 5 sig figs
 * capped by the decimals limit (both powers of ten, so the coarser one wins; integers are
 * multiples of either).
 */
function stepExpOf(value: Decimal, szDecimals: number): number {
  const lead = digitCount(value.coef) - 1 + value.exp; // power of ten of the leading digit
  return lead >= MAX_PRICE_SIG_FIGS - 1
    ? 0
    : Math.max(lead - (MAX_PRICE_SIG_FIGS - 1), szDecimals - MAX_PERP_DECIMALS);
}

/**
 * Wire size: `sz` rounded down to `szDecimals` decimals. Throws RangeError for NaN, ±Infinity,
 * negative sizes, sizes that round down to zero (use floorSize to test for that), or a bad
 * szDecimals.
 */
export function formatSize(sz: number, szDecimals: number): string {
  checkSzDecimals(szDecimals, MAX_SZ_DECIMALS);
  checkPositive(sz, "size");
  const q = roundToStep(decimalFromNumber(sz), -szDecimals, false);
  if (q === 0n) {
    throw new RangeError(`size ${sz} rounds down to 0 with szDecimals ${szDecimals}`);
  }
  return scaledToString(q, -szDecimals);
}

/**
 * `sz` rounded down to `szDecimals` decimals, as a number (0 when it rounds to nothing). The
 * number is the nearest double to the exact decimal, so formatSize(floorSize(x)) returns the same
 * string as formatSize(x). Throws RangeError for NaN, ±Infinity, negative sizes or a bad szDecimals.
 */
export function floorSize(sz: number, szDecimals: number): number {
  checkSzDecimals(szDecimals, MAX_SZ_DECIMALS);
  if (!Number.isFinite(sz) || sz < 0) {
    throw new RangeError(`size must be a finite non-negative number (got ${sz})`);
  }
  if (sz === 0) return 0;
  return Number(
    scaledToString(roundToStep(decimalFromNumber(sz), -szDecimals, false), -szDecimals),
  );
}

const CANONICAL_POSITIVE = /^(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/**
 * Whether `pxString` is a price the exchange accepts and hashes as-is for a perp with this
 * szDecimals: canonical plain decimal (as normalizeDecimalString would give), > 0, and either an
 * integer or at most 5 significant figures with at most `6 - szDecimals` decimals.
 */
export function isValidPerpPrice(pxString: string, szDecimals: number): boolean {
  checkSzDecimals(szDecimals, MAX_PERP_DECIMALS);
  if (typeof pxString !== "string" || !CANONICAL_POSITIVE.test(pxString)) return false;
  const dot = pxString.indexOf(".");
  if (dot < 0) return pxString !== "0";
  const decimals = pxString.length - dot - 1;
  if (decimals > MAX_PERP_DECIMALS - szDecimals) return false;
  const significant = (pxString.slice(0, dot) + pxString.slice(dot + 1)).replace(/^0+/, "");
  return significant.length <= MAX_PRICE_SIG_FIGS;
}

/**
 * Whether `szString` is a canonical plain decimal > 0 with at most `szDecimals` decimals.
 */
export function isValidSize(szString: string, szDecimals: number): boolean {
  checkSzDecimals(szDecimals, MAX_SZ_DECIMALS);
  if (typeof szString !== "string" || !CANONICAL_POSITIVE.test(szString)) return false;
  if (/^0(?:\.0*)?$/.test(szString)) return false;
  const dot = szString.indexOf(".");
  return dot < 0 || szString.length - dot - 1 <= szDecimals;
}

function checkSzDecimals(szDecimals: number, max: number): void {
  if (!Number.isInteger(szDecimals) || szDecimals < 0 || szDecimals > max) {
    throw new RangeError(`szDecimals must be an integer in 0..${max} (got ${szDecimals})`);
  }
}

function checkPositive(x: number, what: string): void {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new RangeError(`${what} must be a finite number (got ${x})`);
  }
  if (x < 0) throw new RangeError(`${what} must not be negative (got ${x})`);
  if (x === 0) throw new RangeError(`${what} must be greater than 0 (got ${x})`);
}
