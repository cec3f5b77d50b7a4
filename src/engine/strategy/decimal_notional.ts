/** Exact decimal checks on wire strings (no float rounding). */

function parseDecimal(s: string): { units: bigint; scale: number } {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (m === null) throw new RangeError(`not a plain decimal: ${s}`);
  const frac = m[2] ?? "";
  return { units: BigInt(m[1]! + frac), scale: frac.length };
}

/** True if px * sz >= minUsd exactly, for plain decimal strings and an integer `minUsd`. */
export function notionalAtLeast(px: string, sz: string, minUsd: number): boolean {
  const p = parseDecimal(px);
  const q = parseDecimal(sz);
  return p.units * q.units >= BigInt(minUsd) * 10n ** BigInt(p.scale + q.scale);
}
