const PLAIN_DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/;

/**
 * Canonical text of a plain decimal string, as Hyperliquid hashes it: leading integer zeros
 * dropped ("00123" → "123"), trailing fractional zeros and a bare "." dropped ("1.2000" → "1.2",
 * "5." → "5"), a missing integer part filled (".5" → "0.5"), and negative zero made "0"
 * ("-0.0" → "0"). Throws TypeError for anything else (exponents, signs other than a leading "-",
 * spaces, empty input).
 */
export function normalizeDecimalString(s: string): string {
  const m = typeof s === "string" ? PLAIN_DECIMAL.exec(s) : null;
  if (m === null || (m[2] === "" && (m[3] ?? "") === "")) {
    throw new TypeError(`not a plain decimal string: ${JSON.stringify(s)}`);
  }
  const sign = m[1];
  const intPart = (m[2] ?? "").replace(/^0+/, "") || "0";
  const fracPart = (m[3] ?? "").replace(/0+$/, "");
  const body = fracPart === "" ? intPart : `${intPart}.${fracPart}`;
  return body === "0" ? "0" : sign + body;
}
