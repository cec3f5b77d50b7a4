/**
 * A signed action envelope on its way to the exchange through the one request transport (REST
 * `/exchange` or WS `post`, request_transport.ts): `sendAction` charges its weight and says, in
 * the terms of order outcomes, whether the exchange answered, refused it at the door (nothing
 * executed), or whether its fate is unknown. Never retries, never throws.
 */
import type { WeightTable } from "../core/ports.ts";
import type { Address, Rejected } from "../core/types.ts";
import type { L1Action } from "./actions.ts";
import { rejected } from "./reject_reason.ts";
import type { RequestTransport } from "./request_transport.ts";

/** An ECDSA signature in the exchange's JSON form (hex r and s, v 27 or 28). */
export interface Signature {
  readonly r: string;
  readonly s: string;
  readonly v: number;
}

/** The `/exchange` body (and WS action payload). Optional keys are left out when unset. */
export interface ActionEnvelope {
  readonly action: L1Action;
  readonly nonce: number;
  readonly signature: Signature;
  readonly vaultAddress?: Address;
  readonly expiresAfter?: number;
}

/** What the action weighs for the per-IP limit: `items` = length of its array. */
export interface ActionWeight {
  readonly items: number;
  readonly kind: "order" | "cancel";
}

/**
 * What became of a signed action on the wire, in the terms that decide the order outcomes (answer,
 * rejected, unknown, notSent).
 */
export type TransportAnswer =
  /** The exchange answered; `body` is `{status, response}` still to be parsed. */
  | { readonly kind: "answer"; readonly body: unknown }
  /** Refused as a whole before execution (e.g. HTTP 422): copy to every item as rejected. */
  | Rejected
  /** May have executed: reconcile, never resend blindly. */
  | { readonly kind: "unknown"; readonly reason: string }
  /** Provably not executed (never sent, or refused at the door like a 429). */
  | { readonly kind: "notSent"; readonly reason: string };

/** The weights an action is charged and how long an order may wait for the REST limiter. */
export interface SendActionOptions {
  readonly weights: WeightTable;
  /**
   * An order action (not a cancel) still held by the REST limiter this long after it was handed
   * over is dropped as notSent: it was decided on data that is old by then (default 1000).
   */
  readonly maxOrderQueueMs?: number;
  /** Wall clock now, ms (for expiresAfter). */
  readonly nowMs: number;
}

/**
 * Send `envelope` once through `transport`, charging `WeightTable.exchange(n, kind)`. Cancels take
 * the limiter's reserved share (a backoff for new orders does not hold them); nothing waits past
 * its own expiresAfter (the exchange would refuse it and charge 5x).
 */
export async function sendAction(
  transport: RequestTransport,
  envelope: ActionEnvelope,
  weight: ActionWeight,
  signal: AbortSignal,
  options: SendActionOptions,
): Promise<TransportAnswer> {
  let queueMs = weight.kind === "cancel" ? Infinity : options.maxOrderQueueMs ?? 1_000;
  if (envelope.expiresAfter !== undefined) {
    queueMs = Math.min(queueMs, envelope.expiresAfter - options.nowMs);
  }
  const result = await transport.request("exchange", envelope, {
    weight: options.weights.exchange(weight.items, weight.kind),
    lane: weight.kind === "cancel" ? "priority" : "normal",
    ...(Number.isFinite(queueMs) ? { queueTimeoutMs: Math.max(0, queueMs) } : {}),
  }, signal);
  switch (result.kind) {
    case "ok":
      return { kind: "answer", body: result.body };
    case "badJson":
      return { kind: "unknown", reason: `HTTP ${result.status} with a non-JSON body` };
    case "rateLimited":
      return { kind: "notSent", reason: "rate limited (429)" };
    case "http": {
      // A WS post error is already the exchange's sentence (it mirrors the status).
      const text = transport.via === "ws" ? result.text : `HTTP ${result.status} ${result.text}`;
      if (result.status >= 500) return { kind: "unknown", reason: text.trim() };
      return rejected(text.trim(), true);
    }
    case "notSent":
      return { kind: "notSent", reason: result.reason };
    case "noAnswer":
      return { kind: "unknown", reason: result.reason };
  }
}
