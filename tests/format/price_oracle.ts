/**
 * Test-only oracle for the tick rules, written straight from the definition (not from the
 * formatter's decade/step shortcut). Values are exact: BigInt scaled by 10^SCALE.
 */
export const SCALE = 40;
const TEN = 10n;
const ONE = TEN ** BigInt(SCALE);

/** Exact scaled value of a plain decimal string. */
export function toScaled(s: string): bigint {
  const [i = "0", f = ""] = s.split(".");
  if (f.length > SCALE) throw new Error("too many decimals for the oracle");
  return BigInt(i) * ONE + BigInt((f + "0".repeat(SCALE)).slice(0, SCALE));
}

/** Plain decimal text of a scaled value. */
export function fromScaled(v: bigint): string {
  const i = v / ONE;
  const f = (v % ONE).toString().padStart(SCALE, "0").replace(/0+$/, "");
  return f === "" ? i.toString() : `${i}.${f}`;
}

/** By definition: > 0, and an integer, or <= 5 sig figs with <= maxDecimals decimals. */
export function isValidByDefinition(v: bigint, maxDecimals: number): boolean {
  if (v <= 0n) return false;
  if (v % ONE === 0n) return true;
  const digits = v.toString().replace(/0+$/, "");
  const trailingZeros = v.toString().length - digits.length;
  const decimals = SCALE - trailingZeros;
  return decimals <= maxDecimals && digits.length <= 5;
}

const J_MAX = 30;

/** Smallest valid price strictly above v (v >= 0). See the proof in the test file. */
export function nextValidAbove(v: bigint, maxDecimals: number): bigint {
  let best: bigint | null = null;
  for (let j = -maxDecimals; j <= J_MAX; j++) {
    const m = TEN ** BigInt(j + SCALE);
    const c = (v / m + 1n) * m;
    if (isValidByDefinition(c, maxDecimals) && (best === null || c < best)) best = c;
  }
  if (best === null) throw new Error("no valid price above");
  return best;
}

/** Largest valid price strictly below v, or null if none (v small). */
export function prevValidBelow(v: bigint, maxDecimals: number): bigint | null {
  let best: bigint | null = null;
  const consider = (c: bigint) => {
    if (c < v && isValidByDefinition(c, maxDecimals) && (best === null || c > best)) best = c;
  };
  for (let j = -maxDecimals; j <= J_MAX; j++) {
    const m = TEN ** BigInt(j + SCALE);
    consider(v % m === 0n ? v - m : (v / m) * m); // largest multiple of 10^j below v
    consider(m); // the power of ten itself
  }
  return best;
}
