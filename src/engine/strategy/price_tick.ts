/**
 * The price step at a given perp price (§5.1 of the API reference): 5 significant figures and at
 * most `6 - szDecimals` decimals; integers are always allowed, so the step is never above 1.
 */
export function priceTick(px: number, szDecimals: number): number {
  if (!(px > 0) || !Number.isFinite(px)) throw new RangeError(`bad price ${px}`);
  let magnitude = Math.floor(Math.log10(px));
  // Guard against log10 rounding just below an exact power of ten.
  if (10 ** (magnitude + 1) <= px) magnitude += 1;
  const decimals = Math.max(0, Math.min(6 - szDecimals, 4 - magnitude));
  return 10 ** -decimals;
}
