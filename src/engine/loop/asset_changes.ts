/**
 * Compares a fresh `meta` answer with the asset table the bot started with, for the coins it
 * quotes: a coin delisted or gone, a new asset id, or changed szDecimals / maxLeverage means the
 * orders the bot formats no longer match the exchange's rules. Pure; the loop reports the result.
 */
import type { AssetMeta } from "../../core/types.ts";

/** One line per quoted coin whose trading rules differ from those at start (empty: none). */
export function assetChanges(
  known: ReadonlyMap<string, AssetMeta>,
  fresh: readonly AssetMeta[],
  coins: readonly string[],
): string[] {
  const now = new Map(fresh.map((a) => [a.coin, a]));
  const out: string[] = [];
  for (const coin of coins) {
    const before = known.get(coin);
    const after = now.get(coin);
    if (!before) continue;
    if (!after) {
      out.push(`${coin}: no longer listed in meta`);
      continue;
    }
    if (after.isDelisted && !before.isDelisted) out.push(`${coin}: delisted`);
    if (after.assetId !== before.assetId) {
      out.push(`${coin}: asset id ${before.assetId} -> ${after.assetId}`);
    }
    if (after.szDecimals !== before.szDecimals) {
      out.push(`${coin}: szDecimals ${before.szDecimals} -> ${after.szDecimals}`);
    }
    if (after.maxLeverage !== before.maxLeverage) {
      out.push(`${coin}: maxLeverage ${before.maxLeverage} -> ${after.maxLeverage}`);
    }
  }
  return out;
}
