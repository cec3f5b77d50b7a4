/**
 * hl-mm: a market-making bot for Hyperliquid perpetuals.
 *   deno task run configs/fast_trading.json      # trade (HL_PRIVATE_KEY in the environment)
 *   deno task sim                                # the same bot against the embedded simulator
 *   deno task run configs/fast_trading.json --dry-run   # real market data, sends nothing
 */
import { main } from "./src/app/main_cli.ts";

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
