/** Parse and normalize a WS subscription the way the exchange echoes it in its acks. */
import { z } from "zod";

const coin = z.string().min(1).max(64);
const user = z.string().regex(/^0x[0-9a-fA-F]{40}$/).transform((s) => s.toLowerCase());

const l2Book = z.object({
  type: z.literal("l2Book"),
  coin,
  nSigFigs: z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).nullish(),
  mantissa: z.union([z.literal(1), z.literal(2), z.literal(5)]).nullish(),
  fast: z.boolean().optional(),
});
const byCoin = z.object({ type: z.enum(["bbo", "trades"]), coin });
const allMids = z.object({ type: z.literal("allMids"), dex: z.string().max(64).optional() });
const byUser = z.object({ type: z.enum(["orderUpdates", "userEvents", "notification"]), user });
const userFills = z.object({
  type: z.literal("userFills"),
  user,
  aggregateByTime: z.boolean().optional(),
});

/** A subscription normalized to the form the exchange echoes in its acks and uses as a key. */
export type WsSubscription =
  | {
    type: "l2Book";
    coin: string;
    nSigFigs: number | null;
    mantissa: number | null;
    fast?: boolean;
  }
  | { type: "bbo" | "trades"; coin: string }
  | { type: "allMids"; dex?: string }
  | { type: "orderUpdates" | "userEvents" | "notification"; user: string }
  | { type: "userFills"; user: string; aggregateByTime?: boolean };

/** Normalized subscription (fixed key order, lowercase addresses), or null if invalid. */
export function normalizeSubscription(raw: unknown): WsSubscription | null {
  if (typeof raw !== "object" || raw === null) return null;
  const type = (raw as { type?: unknown }).type;
  switch (type) {
    case "l2Book": {
      const p = l2Book.safeParse(raw);
      if (!p.success) return null;
      if (p.data.mantissa != null && p.data.nSigFigs !== 5) return null;
      return {
        type: "l2Book",
        coin: p.data.coin,
        nSigFigs: p.data.nSigFigs ?? null,
        mantissa: p.data.mantissa ?? null,
        ...(p.data.fast !== undefined ? { fast: p.data.fast } : {}),
      };
    }
    case "bbo":
    case "trades": {
      const p = byCoin.safeParse(raw);
      return p.success ? { type: p.data.type, coin: p.data.coin } : null;
    }
    case "allMids": {
      const p = allMids.safeParse(raw);
      if (!p.success) return null;
      return p.data.dex !== undefined ? { type: "allMids", dex: p.data.dex } : { type: "allMids" };
    }
    case "orderUpdates":
    case "userEvents":
    case "notification": {
      const p = byUser.safeParse(raw);
      return p.success ? { type: p.data.type, user: p.data.user } : null;
    }
    case "userFills": {
      const p = userFills.safeParse(raw);
      if (!p.success) return null;
      return {
        type: "userFills",
        user: p.data.user,
        ...(p.data.aggregateByTime !== undefined
          ? { aggregateByTime: p.data.aggregateByTime }
          : {}),
      };
    }
    default:
      return null;
  }
}

/** Stable key of a normalized subscription. */
export function subscriptionKey(sub: WsSubscription): string {
  return JSON.stringify(sub);
}

/** The user a subscription tracks, if it is user-specific. */
export function subscriptionUser(sub: WsSubscription): string | null {
  return "user" in sub ? sub.user : null;
}
