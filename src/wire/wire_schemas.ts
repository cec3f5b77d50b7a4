/**
 * Zod schemas for the wire shapes shared by the REST info answers and the WS pushes (orders,
 * fills, book levels), converting short/decimal-string wire values into core types. Imported by
 * the gateway and the feed, which do not import each other.
 */
import { z } from "zod";
import type { BookLevel, Cloid, ExchangeOrder, Fill, OrderUpdate, Side } from "../core/types.ts";

/** A decimal string (or a JSON number) converted to a finite number. */
export const decimal = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const n = typeof value === "number" ? value : value.trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: `not a finite decimal: ${String(value)}` });
    return z.NEVER;
  }
  return n;
});

/** A whole number on the wire (ids, times, counts). */
export const intNumber = z.number().int();

/** The wire side, "B" (bid) or "A" (ask), as a core `Side`. */
export const side = z.enum(["B", "A"]).transform((s): Side => (s === "B" ? "bid" : "ask"));

const CLOID_RE = /^0x[0-9a-fA-F]{32}$/;

/** A wire cloid (any hex case) as a lowercase `Cloid`. */
export const cloid = z.string().regex(CLOID_RE).transform((s) => s.toLowerCase() as Cloid);

/** Optional cloid: absent or null both mean none. */
export const optionalCloid = cloid.nullish().transform((c) => c ?? undefined);

/** One wire book level (`px`, `sz` decimal strings; `n` orders) as numbers. */
export const bookLevel = z
  .object({ px: decimal, sz: decimal, n: intNumber })
  .transform((l): BookLevel => ({ px: l.px, sz: l.sz, n: l.n }));

/** `levels: [bids, asks]` of l2Book answers and pushes. */
export const bookLevels = z.tuple([z.array(bookLevel), z.array(bookLevel)]);

/** An order from openOrders, orderStatus or orderUpdates, as a core `ExchangeOrder`. */
export const exchangeOrder = z
  .object({
    coin: z.string(),
    side,
    limitPx: decimal,
    sz: decimal,
    origSz: decimal,
    oid: intNumber,
    timestamp: intNumber,
    cloid: optionalCloid,
    reduceOnly: z.boolean().nullish(),
  })
  // The fields of the same name and type pass as they are; absent optional ones stay absent.
  .transform(({ timestamp, cloid, reduceOnly, ...same }): ExchangeOrder => ({
    ...same,
    timestampMs: timestamp,
    ...(cloid !== undefined ? { cloid } : {}),
    ...(reduceOnly === true ? { reduceOnly: true } : {}),
  }));

/** One entry of the `orderUpdates` stream, as a core `OrderUpdate`. */
export const orderUpdate = z
  .object({ order: exchangeOrder, status: z.string(), statusTimestamp: intNumber })
  .transform((u): OrderUpdate => ({
    order: u.order,
    status: u.status,
    statusTimestampMs: u.statusTimestamp,
  }));

/** One fill from userFills or the fills stream, as a core `Fill`. */
export const fill = z
  .object({
    coin: z.string(),
    px: decimal,
    sz: decimal,
    side,
    time: intNumber,
    startPosition: decimal,
    closedPnl: decimal,
    fee: decimal,
    oid: intNumber,
    tid: intNumber,
    crossed: z.boolean(),
    hash: z.string(),
    cloid: optionalCloid,
  })
  .transform(({ time, cloid, ...same }): Fill => ({
    ...same,
    timeMs: time,
    ...(cloid !== undefined ? { cloid } : {}),
  }));
