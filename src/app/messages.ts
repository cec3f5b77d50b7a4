/** Operator-facing messages of the app (no secrets, ever). */
import type { Network } from "../core/types.ts";

/** No key for a real network: say what to set, and the two ways to try the bot without one. */
export function missingKeyMessage(network: Network): string {
  return [
    `no trading key for ${network}: set HL_PRIVATE_KEY (0x + 64 hex digits) in the environment`,
    "(and HL_ACCOUNT_ADDRESS when it is an API wallet's key).",
    "To try the bot without a key:",
    "  deno task sim                     # the same bot against the embedded simulator",
    "  deno task run <config> --dry-run  # real market data, sends nothing",
  ].join("\n");
}
