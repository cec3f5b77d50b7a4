import { priceStepExp } from "../../format/wire_number.ts";

/**
 * The price step at a given perp price (§5.1 of the API reference): 5 significant figures and at
 * most `6 - szDecimals` decimals; integers are always allowed, so the step is never above 1. The
 * rule itself lives in the formatter (`priceStepExp`).
 */
export function priceTick(px: number, szDecimals: number): number {
  if (!(px > 0) || !Number.isFinite(px)) throw new RangeError(`bad price ${px}`);
  return 10 ** priceStepExp(px, szDecimals);
}
