/**
 * Pure parsing of `/exchange` answers (REST body or WS action payload) into typed per-item
 * outcomes. A top-level `{"status":"err"}` is copied to every item; an answer that cannot be
 * understood means the action may have executed, so it maps to `unknown`.
 */
import { rejected } from "./reject_reason.ts";
import { z } from "zod";
import type { ActionOutcome, CancelOutcome, Cloid, OrderOutcome } from "../core/types.ts";
import { cloid as cloidSchema } from "../wire/wire_schemas.ts";

const topLevelErr = z.object({ status: z.literal("err"), response: z.unknown() });

const topLevelOk = z.object({
  status: z.literal("ok"),
  response: z
    .object({
      type: z.string(),
      data: z.object({ statuses: z.array(z.unknown()) }).nullish(),
    })
    .nullish(),
});

const itemStatus = z.union([
  z.object({ resting: z.object({ oid: z.number().int(), cloid: cloidSchema.nullish() }) }),
  z.object({
    filled: z.object({
      oid: z.number().int(),
      totalSz: z.string(),
      avgPx: z.string(),
      cloid: cloidSchema.nullish(),
    }),
  }),
  z.object({ error: z.string() }),
  z.string(),
]);

type ItemStatus = z.output<typeof itemStatus>;

type TopLevel =
  | { readonly kind: "err"; readonly reason: string }
  | { readonly kind: "ok"; readonly statuses: readonly unknown[] | null }
  | { readonly kind: "bad"; readonly reason: string };

function reasonText(response: unknown): string {
  if (typeof response === "string") return response;
  try {
    return JSON.stringify(response) ?? String(response);
  } catch {
    return String(response);
  }
}

/**
 * Split an `/exchange` answer into an action-level error, the per-item statuses, or an unrecognised
 * shape.
 */
export function parseTopLevel(body: unknown): TopLevel {
  const err = topLevelErr.safeParse(body);
  if (err.success) return { kind: "err", reason: reasonText(err.data.response) };
  const ok = topLevelOk.safeParse(body);
  if (ok.success) return { kind: "ok", statuses: ok.data.response?.data?.statuses ?? null };
  return { kind: "bad", reason: `unrecognised exchange answer: ${reasonText(body).slice(0, 200)}` };
}

function orderItem(raw: unknown, sentCloid: Cloid | undefined): OrderOutcome {
  const parsed = itemStatus.safeParse(raw);
  if (!parsed.success) {
    return { kind: "unknown", reason: `unrecognised status: ${reasonText(raw).slice(0, 200)}` };
  }
  const s: ItemStatus = parsed.data;
  if (typeof s === "string") {
    // "waitingForFill" / "waitingForTrigger" (or anything else bare): not final, reconcile.
    return { kind: "unknown", reason: s };
  }
  if ("error" in s) return rejected(s.error);
  if ("resting" in s) {
    const c = s.resting.cloid ?? sentCloid;
    return c !== undefined
      ? { kind: "resting", oid: s.resting.oid, cloid: c }
      : { kind: "resting", oid: s.resting.oid };
  }
  const f = s.filled;
  const c = f.cloid ?? sentCloid;
  const base = { kind: "filled" as const, oid: f.oid, totalSz: f.totalSz, avgPx: f.avgPx };
  return c !== undefined ? { ...base, cloid: c } : base;
}

/**
 * Outcomes of an order or batchModify action, one per item in request order. `sentCloids[i]`
 * fills in the cloid when the exchange does not echo it.
 */
export function orderOutcomes(
  body: unknown,
  sentCloids: readonly (Cloid | undefined)[],
): OrderOutcome[] {
  const n = sentCloids.length;
  const top = parseTopLevel(body);
  if (top.kind === "err") return Array.from({ length: n }, () => rejected(top.reason, true));
  if (top.kind === "bad") return Array.from({ length: n }, () => unknown(top.reason));
  const statuses = top.statuses;
  return sentCloids.map((c, i): OrderOutcome => {
    if (statuses === null) return unknown("ok answer without statuses");
    if (i >= statuses.length) return unknown("no status for this item");
    return orderItem(statuses[i], c);
  });
}

function cancelItem(raw: unknown): CancelOutcome {
  const parsed = itemStatus.safeParse(raw);
  if (!parsed.success) {
    return { kind: "unknown", reason: `unrecognised status: ${reasonText(raw).slice(0, 200)}` };
  }
  const s = parsed.data;
  if (s === "success") return { kind: "success" };
  if (typeof s === "object" && "error" in s) return rejected(s.error);
  return { kind: "unknown", reason: `unexpected cancel status: ${reasonText(s).slice(0, 200)}` };
}

/** Outcomes of a cancel or cancelByCloid action of `n` items. */
export function cancelOutcomes(body: unknown, n: number): CancelOutcome[] {
  const top = parseTopLevel(body);
  if (top.kind === "err") return Array.from({ length: n }, () => rejected(top.reason, true));
  if (top.kind === "bad") return Array.from({ length: n }, () => unknown(top.reason));
  const statuses = top.statuses;
  return Array.from({ length: n }, (_, i): CancelOutcome => {
    if (statuses === null) return unknown("ok answer without statuses");
    if (i >= statuses.length) return unknown("no status for this item");
    return cancelItem(statuses[i]);
  });
}

/** Outcome of an action answered without per-item statuses (scheduleCancel, ...). */
export function actionOutcome(body: unknown): ActionOutcome {
  const top = parseTopLevel(body);
  if (top.kind === "err") return rejected(top.reason, true);
  if (top.kind === "bad") return unknown(top.reason);
  return { kind: "ok" };
}

function unknown(reason: string): { kind: "unknown"; reason: string } {
  return { kind: "unknown", reason };
}
