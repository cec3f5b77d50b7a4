/**
 * How a signed action envelope reaches the exchange: REST `/exchange` or WS `post`. A transport
 * never retries and never throws: it says whether the exchange answered, refused at the door
 * (nothing executed), or whether the fate of the action is unknown.
 */
import type { Rejected } from "../core/types.ts";
import { rejected } from "./reject_reason.ts";
import type { RestLimiter, WeightTable, WsPoster } from "../core/ports.ts";
import type { Address } from "../core/types.ts";
import type { HttpPoster } from "./http_poster.ts";
import type { L1Action } from "./actions.ts";

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

/**
 * Delivers a signed action to the exchange, over REST or WS, and says what became of it; never
 * throws.
 */
export interface ActionTransport {
  send(
    envelope: ActionEnvelope,
    weight: ActionWeight,
    signal: AbortSignal,
  ): Promise<TransportAnswer>;
}

/** The poster (with its limiter) and the weights a REST action is charged. */
export interface RestActionTransportOptions {
  readonly poster: HttpPoster;
  readonly weights: WeightTable;
  /**
   * An order action (not a cancel) still held by the REST limiter this long after it was handed
   * over is dropped as notSent: it was decided on data that is old by then (default 1000).
   */
  readonly maxOrderQueueMs?: number;
  /** Wall clock for expiresAfter (default Date.now). */
  readonly nowMs?: () => number;
}

/** `/exchange` over HTTP, charging `WeightTable.exchange(n, kind)` through the poster's limiter. */
export class RestActionTransport implements ActionTransport {
  readonly #poster: HttpPoster;
  readonly #weights: WeightTable;
  readonly #maxOrderQueueMs: number;
  readonly #nowMs: () => number;

  constructor(options: RestActionTransportOptions) {
    this.#poster = options.poster;
    this.#weights = options.weights;
    this.#maxOrderQueueMs = options.maxOrderQueueMs ?? 1_000;
    this.#nowMs = options.nowMs ?? Date.now;
  }

  async send(
    envelope: ActionEnvelope,
    weight: ActionWeight,
    signal: AbortSignal,
  ): Promise<TransportAnswer> {
    const w = this.#weights.exchange(weight.items, weight.kind);
    // Cancels take the limiter's reserved share (a backoff for new orders does not hold them);
    // nothing waits past its own expiresAfter (the exchange would refuse it and charge 5x).
    let queueMs = weight.kind === "cancel" ? Infinity : this.#maxOrderQueueMs;
    if (envelope.expiresAfter !== undefined) {
      queueMs = Math.min(queueMs, envelope.expiresAfter - this.#nowMs());
    }
    const result = await this.#poster.post("/exchange", envelope, w, signal, {
      lane: weight.kind === "cancel" ? "priority" : "normal",
      ...(Number.isFinite(queueMs) ? { queueTimeoutMs: Math.max(0, queueMs) } : {}),
    });
    switch (result.kind) {
      case "ok":
        return { kind: "answer", body: result.body };
      case "badJson":
        return { kind: "unknown", reason: `HTTP ${result.status} with a non-JSON body` };
      case "rateLimited":
        return { kind: "notSent", reason: "rate limited (429)" };
      case "http":
        if (result.status >= 500) {
          return { kind: "unknown", reason: `HTTP ${result.status} ${result.text}`.trim() };
        }
        return rejected(`HTTP ${result.status} ${result.text}`.trim(), true);
      case "notSent":
        return { kind: "notSent", reason: result.reason };
      case "noAnswer":
        return { kind: "unknown", reason: result.reason };
    }
  }
}

/**
 * The WS poster, and optionally the REST limiter and weights so WS actions count against the shared
 * per-IP weight.
 */
export interface WsActionTransportOptions {
  readonly poster: WsPoster;
  /** When given, the WS action also takes `WeightTable.exchange(n)` from this REST limiter. */
  readonly limiter?: RestLimiter;
  readonly weights?: WeightTable;
}

/** Classify the text of a WS post `error` response (it mirrors an HTTP status). */
export function classifyPostError(message: string): TransportAnswer {
  // The server could not read the request (it echoes it on the error channel): nothing ran.
  if (message.startsWith("Error parsing JSON into valid websocket request")) {
    return rejected(message.slice(0, 300), true);
  }
  if (/\b429\b|too many/i.test(message)) {
    return { kind: "notSent", reason: `rate limited: ${message}` };
  }
  if (/\b(400|401|403|404|413|422)\b/.test(message)) {
    return rejected(message, true);
  }
  return { kind: "unknown", reason: `post error: ${message}` };
}

/** Actions as WS `post` requests (the feed's connection, via the `WsPoster` port). */
export class WsActionTransport implements ActionTransport {
  readonly #poster: WsPoster;
  readonly #limiter: RestLimiter | undefined;
  readonly #weights: WeightTable | undefined;

  constructor(options: WsActionTransportOptions) {
    this.#poster = options.poster;
    this.#limiter = options.limiter;
    this.#weights = options.weights;
  }

  async send(
    envelope: ActionEnvelope,
    weight: ActionWeight,
    signal: AbortSignal,
  ): Promise<TransportAnswer> {
    if (this.#limiter !== undefined && this.#weights !== undefined) {
      try {
        await this.#limiter.acquire(this.#weights.exchange(weight.items, weight.kind), signal);
      } catch (error) {
        return { kind: "notSent", reason: `limiter wait aborted: ${String(error)}` };
      }
    }
    const result = await this.#poster.post("action", envelope, signal);
    switch (result.kind) {
      case "ok":
        return { kind: "answer", body: result.payload };
      case "error":
        return classifyPostError(result.message);
      case "unknown":
        return { kind: "unknown", reason: result.reason };
      case "notSent":
        return { kind: "notSent", reason: result.reason };
    }
  }
}
