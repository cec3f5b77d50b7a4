/**
 * `InfoApi` over the request transport (REST `/info`, or WS `post`): builds the request, charges
 * the info weight, validates the answer with zod and converts it to core types. Idempotent, so network
 * errors, timeouts and 5xx are retried with backoff; 429, other 4xx and parse errors are not.
 */
import type { z } from "zod";
import type { Clock } from "../core/clock.ts";
import { systemClock } from "../core/clock.ts";
import { type Logger, silentLogger } from "../core/log.ts";
import { GatewayError, type InfoApi, type LimiterLane, type WeightTable } from "../core/ports.ts";
import type {
  AccountState,
  AddressRateLimit,
  AssetMeta,
  BookSnapshot,
  Cloid,
  ExchangeOrder,
  Fill,
  OrderStatusResult,
  UserFees,
} from "../core/types.ts";
import { retry, RetryError } from "../util/async.ts";
import type { HttpResult } from "./http_poster.ts";
import type { RequestTransport } from "./request_transport.ts";
import {
  clearinghouseStateAnswer,
  l2BookAnswer,
  metaAnswer,
  openOrdersAnswer,
  orderStatusAnswer,
  userFeesAnswer,
  userFillsAnswer,
  userRateLimitAnswer,
} from "./info_schemas.ts";

/** The transport, request weights, and the retry policy (attempts, backoff in ms, jitter). */
export interface InfoClientOptions {
  readonly transport: RequestTransport;
  readonly weights: WeightTable;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Attempts in all for retriable failures (default 3; 1 disables retries). */
  readonly maxAttempts?: number;
  /** First retry delay, ms (default 250); doubles each attempt up to maxRetryDelayMs. */
  readonly minRetryDelayMs?: number;
  /** Cap of a single retry delay, ms (default 4000). */
  readonly maxRetryDelayMs?: number;
  /** Random source for retry jitter (default Math.random). */
  readonly random?: () => number;
  /** Limiter share every request takes (default "normal"; the final check uses "priority"). */
  readonly lane?: LimiterLane;
}

/** Convert a failed HttpResult into the GatewayError the InfoApi throws. */
export function httpResultError(type: string, result: HttpResult): GatewayError | undefined {
  switch (result.kind) {
    case "ok":
      return undefined;
    case "badJson":
      return new GatewayError("parse", `info ${type}: answer is not JSON`, result.status);
    case "rateLimited":
      return new GatewayError("rateLimited", `info ${type}: rate limited (429)`, 429);
    case "http":
      return new GatewayError(
        "http",
        `info ${type}: HTTP ${result.status} ${result.text}`,
        result.status,
      );
    case "notSent":
      return new GatewayError(
        result.errorKind === "aborted" ? "aborted" : "network",
        `info ${type}: ${result.reason}`,
      );
    case "noAnswer":
      return new GatewayError(result.errorKind, `info ${type}: ${result.reason}`);
  }
}

function isRetriable(error: GatewayError): boolean {
  if (error.kind === "network" || error.kind === "timeout") return true;
  return error.kind === "http" && (error.status ?? 0) >= 500;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: GatewayError };

/**
 * The `InfoApi` over the request transport: charges each query's weight, retries what is safe to retry, validates
 * answers at the edge.
 */
export class InfoClient implements InfoApi {
  readonly #transport: RequestTransport;
  readonly #weights: WeightTable;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #maxAttempts: number;
  readonly #minRetryDelayMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #random: () => number;
  readonly #lane: LimiterLane;

  constructor(options: InfoClientOptions) {
    this.#transport = options.transport;
    this.#weights = options.weights;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child({ mod: "info" });
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.#minRetryDelayMs = options.minRetryDelayMs ?? 250;
    this.#maxRetryDelayMs = Math.max(this.#minRetryDelayMs, options.maxRetryDelayMs ?? 4_000);
    this.#random = options.random ?? Math.random;
    this.#lane = options.lane ?? "normal";
  }

  /** POST one info request and parse the answer with `schema`; retries retriable failures. */
  async request<S extends z.ZodType>(
    body: { readonly type: string } & Record<string, unknown>,
    schema: S,
    signal: AbortSignal,
  ): Promise<z.output<S>> {
    const type = body.type;
    const weight = this.#weights.info(type);
    const once = async (): Promise<Attempt<z.output<S>>> => {
      const result = await this.#transport.request("info", body, {
        weight,
        lane: this.#lane,
      }, signal);
      const failure = httpResultError(type, result);
      if (failure !== undefined) {
        if (isRetriable(failure) && !signal.aborted) throw failure;
        return { ok: false, error: failure };
      }
      const parsed = schema.safeParse(result.kind === "ok" ? result.body : undefined);
      if (!parsed.success) {
        this.#log.warn("info answer failed validation", { type, issues: parsed.error.message });
        return {
          ok: false,
          error: new GatewayError("parse", `info ${type}: ${parsed.error.message.slice(0, 300)}`),
        };
      }
      return { ok: true, value: parsed.data };
    };
    let attempt: Attempt<z.output<S>>;
    try {
      attempt = await retry(once, {
        maxAttempts: this.#maxAttempts,
        minTimeout: this.#minRetryDelayMs,
        maxTimeout: this.#maxRetryDelayMs,
        random: this.#random,
        signal,
      });
    } catch (error) {
      const cause = error instanceof RetryError ? error.cause : error;
      if (cause instanceof GatewayError) throw cause;
      throw new GatewayError("aborted", `info ${type}: ${String(cause)}`);
    }
    if (!attempt.ok) throw attempt.error;
    return attempt.value;
  }

  meta(signal: AbortSignal): Promise<AssetMeta[]> {
    return this.request({ type: "meta" }, metaAnswer, signal);
  }

  async l2Book(coin: string, signal: AbortSignal): Promise<BookSnapshot> {
    const book = await this.request({ type: "l2Book", coin }, l2BookAnswer, signal);
    if (book === null) throw new GatewayError("parse", `info l2Book: no market ${coin}`);
    return {
      coin: book.coin,
      timeMs: book.time,
      receivedAtMs: this.#clock.nowMs(),
      source: "rest",
      bids: book.levels[0],
      asks: book.levels[1],
    };
  }

  openOrders(user: string, signal: AbortSignal): Promise<ExchangeOrder[]> {
    return this.request({ type: "openOrders", user: user.toLowerCase() }, openOrdersAnswer, signal);
  }

  clearinghouseState(user: string, signal: AbortSignal): Promise<AccountState> {
    return this.request(
      { type: "clearinghouseState", user: user.toLowerCase() },
      clearinghouseStateAnswer,
      signal,
    );
  }

  userFees(user: string, signal: AbortSignal): Promise<UserFees> {
    return this.request({ type: "userFees", user: user.toLowerCase() }, userFeesAnswer, signal);
  }

  userRateLimit(user: string, signal: AbortSignal): Promise<AddressRateLimit> {
    return this.request(
      { type: "userRateLimit", user: user.toLowerCase() },
      userRateLimitAnswer,
      signal,
    );
  }

  orderStatus(user: string, id: number | Cloid, signal: AbortSignal): Promise<OrderStatusResult> {
    const oid = typeof id === "number" ? id : id.toLowerCase();
    return this.request(
      { type: "orderStatus", user: user.toLowerCase(), oid },
      orderStatusAnswer,
      signal,
    );
  }

  userFills(user: string, signal: AbortSignal): Promise<Fill[]> {
    return this.request(
      { type: "userFills", user: user.toLowerCase(), aggregateByTime: false },
      userFillsAnswer,
      signal,
    );
  }
}
