/**
 * `ExchangeApi`: build the wire action, take a nonce, sign, wrap the envelope and send it once
 * through the injected request transport (REST or WS post; see action_transport.ts). Signing is
 * synchronous with the real signer, so the request is handed to the transport in the same turn
 * as the call. Never retries and never throws: every item gets a typed
 * outcome (notSent when it provably never left, unknown when it may have executed).
 */
import type { NonceProvider, WeightTable } from "../core/ports.ts";
import type { Clock } from "../core/clock.ts";
import { systemClock } from "../core/clock.ts";
import { type Logger, silentLogger } from "../core/log.ts";
import type { ExchangeApi } from "../core/ports.ts";
import type {
  ActionOutcome,
  Address,
  CancelByCloid,
  CancelByOid,
  CancelOutcome,
  Cloid,
  ModifyIntent,
  OrderIntent,
  OrderOutcome,
} from "../core/types.ts";
import { signL1Action } from "../signer/l1.ts";
import {
  batchModifyAction,
  cancelAction,
  cancelByCloidAction,
  type L1Action,
  orderAction,
  reserveRequestWeightAction,
  scheduleCancelAction,
} from "./actions.ts";
import {
  type ActionEnvelope,
  type ActionWeight,
  sendAction,
  type Signature,
  type TransportAnswer,
} from "./action_transport.ts";
import type { RequestTransport } from "./request_transport.ts";
import { actionOutcome, cancelOutcomes, orderOutcomes } from "./exchange_answer.ts";

/** What signing one L1 action takes; the vault and expiry are part of the signed hash. */
export interface SignL1Args {
  readonly privateKey: string;
  readonly action: L1Action;
  readonly nonce: number;
  readonly isMainnet: boolean;
  readonly vaultAddress?: string;
  readonly expiresAfter?: number;
}

/** Signs an L1 action (the real one is `signL1Action` from src/signer/l1.ts). */
export type SignL1Fn = (args: SignL1Args) => Signature | Promise<Signature>;

/**
 * How the exchange client signs (key, network, vault, expiry), numbers (nonces) and sends
 * (transport) actions.
 */
export interface ExchangeClientOptions {
  /** REST `/exchange` or WS `post` (request_transport.ts). */
  readonly transport: RequestTransport;
  /** The REST weight of an action (`exchange(n, kind)`). */
  readonly weights: WeightTable;
  /** See SendActionOptions.maxOrderQueueMs (default 1000). */
  readonly maxOrderQueueMs?: number;
  readonly nonces: NonceProvider;
  /** Hex private key of the signing (agent) wallet. Never logged. */
  readonly privateKey: string;
  readonly isMainnet: boolean;
  /** Trade for this vault / sub-account. */
  readonly vaultAddress?: Address;
  /** When set, each action carries expiresAfter = clock.nowMs() + expiresAfterMs. */
  readonly expiresAfterMs?: number;
  /** Defaults to the real signL1Action. */
  readonly sign?: SignL1Fn;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Largest batch sent; bigger ones are refused locally as notSent (default 200). */
  readonly maxBatchItems?: number;
}

/** The action types the client sends, as counted in `ExchangeStats`. */
export type ActionKind =
  | "order"
  | "batchModify"
  | "cancel"
  | "cancelByCloid"
  | "scheduleCancel"
  | "reserveRequestWeight";

/** Counts per `${kind}:${outcome}` (e.g. `order:resting`), for metrics. */
export type ExchangeStats = Readonly<Record<string, number>>;

/**
 * The `ExchangeApi`: builds, signs and sends actions, and turns every answer or failure into typed
 * per-item outcomes.
 */
export class ExchangeClient implements ExchangeApi {
  readonly #transport: RequestTransport;
  readonly #weights: WeightTable;
  readonly #maxOrderQueueMs: number | undefined;
  readonly #nonces: NonceProvider;
  readonly #privateKey: string;
  readonly #isMainnet: boolean;
  readonly #vaultAddress: Address | undefined;
  readonly #expiresAfterMs: number | undefined;
  readonly #sign: SignL1Fn;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #maxBatchItems: number;
  readonly #stats = new Map<string, number>();

  constructor(options: ExchangeClientOptions) {
    this.#transport = options.transport;
    this.#weights = options.weights;
    this.#maxOrderQueueMs = options.maxOrderQueueMs;
    this.#nonces = options.nonces;
    this.#privateKey = options.privateKey;
    this.#isMainnet = options.isMainnet;
    this.#vaultAddress = options.vaultAddress?.toLowerCase() as Address | undefined;
    this.#expiresAfterMs = options.expiresAfterMs;
    this.#sign = options.sign ?? signL1Action;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child({ mod: "exchange" });
    this.#maxBatchItems = options.maxBatchItems ?? 200;
  }

  stats(): ExchangeStats {
    return Object.fromEntries(this.#stats);
  }

  async placeOrders(orders: readonly OrderIntent[], signal: AbortSignal): Promise<OrderOutcome[]> {
    if (orders.length === 0) return [];
    const outcomes = await this.#perItem(
      "order",
      orderAction(orders),
      { items: orders.length, kind: "order" },
      signal,
      (body) => orderOutcomes(body, orders.map((o) => lower(o.cloid))),
    );
    return this.#count("order", outcomes);
  }

  async modifyOrders(
    modifies: readonly ModifyIntent[],
    signal: AbortSignal,
  ): Promise<OrderOutcome[]> {
    if (modifies.length === 0) return [];
    const outcomes = await this.#perItem(
      "batchModify",
      batchModifyAction(modifies),
      { items: modifies.length, kind: "order" },
      signal,
      (body) => orderOutcomes(body, modifies.map((m) => lower(m.order.cloid))),
    );
    return this.#count("batchModify", outcomes);
  }

  async cancelByCloid(
    cancels: readonly CancelByCloid[],
    signal: AbortSignal,
  ): Promise<CancelOutcome[]> {
    if (cancels.length === 0) return [];
    const outcomes = await this.#perItem(
      "cancelByCloid",
      cancelByCloidAction(cancels),
      { items: cancels.length, kind: "cancel" },
      signal,
      (body) => cancelOutcomes(body, cancels.length),
    );
    return this.#count("cancelByCloid", outcomes);
  }

  async cancelByOid(
    cancels: readonly CancelByOid[],
    signal: AbortSignal,
  ): Promise<CancelOutcome[]> {
    if (cancels.length === 0) return [];
    const outcomes = await this.#perItem(
      "cancel",
      cancelAction(cancels),
      { items: cancels.length, kind: "cancel" },
      signal,
      (body) => cancelOutcomes(body, cancels.length),
    );
    return this.#count("cancel", outcomes);
  }

  scheduleCancel(timeMs: number | null, signal: AbortSignal): Promise<ActionOutcome> {
    return this.#single("scheduleCancel", scheduleCancelAction(timeMs), signal);
  }

  reserveRequestWeight(requests: number, signal: AbortSignal): Promise<ActionOutcome> {
    return this.#single("reserveRequestWeight", reserveRequestWeightAction(requests), signal);
  }

  /** An action with one outcome for the whole of it. */
  async #single(kind: ActionKind, action: L1Action, signal: AbortSignal): Promise<ActionOutcome> {
    const answer = await this.#send(kind, action, { items: 1, kind: "order" }, signal);
    const outcome = answer.kind === "answer" ? actionOutcome(answer.body) : answer;
    this.#count(kind, [outcome]);
    return outcome;
  }

  async #perItem<T>(
    kind: ActionKind,
    action: L1Action,
    weight: ActionWeight,
    signal: AbortSignal,
    parse: (body: unknown) => T[],
  ): Promise<(T | Exclude<TransportAnswer, { kind: "answer" }>)[]> {
    if (weight.items > this.#maxBatchItems) {
      const reason = `batch of ${weight.items} exceeds ${this.#maxBatchItems} items`;
      this.#log.warn("batch refused locally", { kind, items: weight.items });
      return Array.from({ length: weight.items }, () => ({ kind: "notSent" as const, reason }));
    }
    const answer = await this.#send(kind, action, weight, signal);
    if (answer.kind === "answer") return parse(answer.body);
    return Array.from({ length: weight.items }, () => answer);
  }

  async #send(
    kind: ActionKind,
    action: L1Action,
    weight: ActionWeight,
    signal: AbortSignal,
  ): Promise<TransportAnswer> {
    if (signal.aborted) return { kind: "notSent", reason: "aborted before signing" };
    const nonce = this.#nonces.next();
    const expiresAfter = this.#expiresAfterMs === undefined
      ? undefined
      : this.#clock.nowMs() + this.#expiresAfterMs;
    let signature: Signature;
    try {
      // Not awaited when synchronous: the request reaches the transport in the caller's turn.
      const signed = this.#sign({
        privateKey: this.#privateKey,
        action,
        nonce,
        isMainnet: this.#isMainnet,
        ...(this.#vaultAddress !== undefined ? { vaultAddress: this.#vaultAddress } : {}),
        ...(expiresAfter !== undefined ? { expiresAfter } : {}),
      });
      signature = signed instanceof Promise ? await signed : signed;
    } catch (error) {
      const reason = `signing failed: ${error instanceof Error ? error.message : String(error)}`;
      this.#log.error("signing failed", { kind, nonce });
      return { kind: "notSent", reason };
    }
    const envelope: ActionEnvelope = {
      action,
      nonce,
      signature,
      ...(this.#vaultAddress !== undefined ? { vaultAddress: this.#vaultAddress } : {}),
      ...(expiresAfter !== undefined ? { expiresAfter } : {}),
    };
    let answer: TransportAnswer;
    try {
      answer = await sendAction(this.#transport, envelope, weight, signal, {
        weights: this.#weights,
        nowMs: this.#clock.nowMs(),
        ...(this.#maxOrderQueueMs !== undefined ? { maxOrderQueueMs: this.#maxOrderQueueMs } : {}),
      });
    } catch (error) {
      // A transport must not throw; if one does we cannot know whether bytes left.
      answer = { kind: "unknown", reason: `transport threw: ${String(error)}` };
    }
    if (answer.kind !== "answer") {
      this.#log.warn("action not answered", {
        kind,
        nonce,
        items: weight.items,
        outcome: answer.kind,
        reason: answer.reason,
      });
    }
    return answer;
  }

  #count<T extends { readonly kind: string }>(kind: ActionKind, outcomes: T[]): T[] {
    for (const o of outcomes) {
      const key = `${kind}:${o.kind}`;
      this.#stats.set(key, (this.#stats.get(key) ?? 0) + 1);
    }
    return outcomes;
  }
}

function lower(c: Cloid | undefined): Cloid | undefined {
  return c === undefined ? undefined : (c.toLowerCase() as Cloid);
}
