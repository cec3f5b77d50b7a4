/** Pure helpers for WS subscriptions: wire objects, keys, echo matching, reconnect backoff. */

/** One WS subscription the feed keeps alive across reconnects. */
export type FeedSubscription =
  | { readonly type: "bbo"; readonly coin: string }
  | { readonly type: "l2Book"; readonly coin: string; readonly fast: boolean }
  | { readonly type: "orderUpdates"; readonly user: string }
  | { readonly type: "userFills"; readonly user: string };

/** The `subscription` object sent on the wire (`fast` only when true; users lowercased). */
export function wireSubscription(sub: FeedSubscription): Record<string, unknown> {
  switch (sub.type) {
    case "bbo":
      return { type: "bbo", coin: sub.coin };
    case "l2Book":
      return sub.fast ? { type: "l2Book", coin: sub.coin, fast: true } : {
        type: "l2Book",
        coin: sub.coin,
      };
    case "orderUpdates":
      return { type: "orderUpdates", user: sub.user.toLowerCase() };
    case "userFills":
      return { type: "userFills", user: sub.user.toLowerCase() };
  }
}

/** Identity of a subscription (one per coin/user and type). */
export function subscriptionId(sub: FeedSubscription): string {
  return sub.type === "bbo" || sub.type === "l2Book"
    ? `${sub.type}:${sub.coin}`
    : `${sub.type}:${sub.user.toLowerCase()}`;
}

const IDENTITY_KEYS = new Set(["type", "coin", "user"]);

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

/**
 * Does the server's echoed subscription acknowledge `sent`? The server may add fields (e.g.
 * `nSigFigs: null`), drop ones it does not know, and lowercase addresses: identity keys must be
 * present and equal (case-insensitively), other sent keys must be equal when echoed.
 */
export function echoMatches(
  sent: Readonly<Record<string, unknown>>,
  echo: Readonly<Record<string, unknown>>,
): boolean {
  for (const [key, value] of Object.entries(sent)) {
    if (!(key in echo)) {
      if (IDENTITY_KEYS.has(key)) return false;
      continue;
    }
    if (!sameValue(value, echo[key])) return false;
  }
  return true;
}

/** Capped exponential backoff with jitter in [cap/2, cap). `attempt` starts at 0. */
export function reconnectDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return cap / 2 + (cap / 2) * Math.min(Math.max(random(), 0), 1);
}
