/**
 * One way to reach the exchange for every request: `RequestTransport.request("info" | "exchange",
 * body, …)` over HTTP (`HttpRequestTransport`: POST /info or /exchange through the REST limiter)
 * or over the WebSocket's `post` method (`WsPostRequestTransport`). Both answer in the same terms
 * (`HttpResult`: ok, refused with a status, rate limited, provably not sent, or no answer), never
 * throw and never retry; the info and exchange clients above them decide what an answer means.
 */
import type { LimiterLane, RestLimiter, WsPoster } from "../core/ports.ts";
import type { HttpPoster, HttpResult } from "./http_poster.ts";

/** The two request kinds of the exchange's API. */
export type Endpoint = "info" | "exchange";

/** What a request costs and how long it may wait. */
export interface RequestOptions {
  /** Per-IP REST weight (charged by the HTTP path; by the WS path only when given a limiter). */
  readonly weight: number;
  /** Limiter share (default "normal"; cancels and the final check take "priority"). */
  readonly lane?: LimiterLane;
  /** Give up as notSent when the REST limiter has not let it through within this. */
  readonly queueTimeoutMs?: number;
  /** Called when the request is actually written (after any limiter wait). */
  readonly onWritten?: () => void;
}

/** What became of a request: the HTTP poster's terms, which the WS path maps onto. */
export type RequestResult = HttpResult;

/** Sends one request to the exchange and says what became of it; never throws. */
export interface RequestTransport {
  /** Which wire it uses, for logs. */
  readonly via: "rest" | "ws";
  request(
    endpoint: Endpoint,
    body: unknown,
    options: RequestOptions,
    signal: AbortSignal,
  ): Promise<RequestResult>;
}

/** POST /info and /exchange over HTTP, each request charged through the poster's REST limiter. */
export class HttpRequestTransport implements RequestTransport {
  readonly via = "rest" as const;
  readonly #poster: HttpPoster;

  constructor(poster: HttpPoster) {
    this.#poster = poster;
  }

  request(
    endpoint: Endpoint,
    body: unknown,
    options: RequestOptions,
    signal: AbortSignal,
  ): Promise<RequestResult> {
    return this.#poster.post(`/${endpoint}`, body, options.weight, signal, {
      ...(options.lane ? { lane: options.lane } : {}),
      ...(options.queueTimeoutMs !== undefined ? { queueTimeoutMs: options.queueTimeoutMs } : {}),
      ...(options.onWritten ? { onWritten: options.onWritten } : {}),
    });
  }
}

/** The WS poster, and optionally a REST limiter so WS requests also take the per-IP weight. */
export interface WsPostRequestTransportOptions {
  readonly poster: WsPoster;
  readonly limiter?: RestLimiter;
}

/** The text of a WS post `error` answer (it mirrors an HTTP status) as a request result. */
export function classifyPostError(message: string): RequestResult {
  // The server could not read the request (it echoes it on the error channel): nothing ran.
  if (message.startsWith("Error parsing JSON into valid websocket request")) {
    return { kind: "http", status: 400, text: message.slice(0, 300) };
  }
  if (/\b429\b|too many/i.test(message)) return { kind: "rateLimited", status: 429 };
  const status = /\b(400|401|403|404|413|422)\b/.exec(message)?.[1];
  if (status !== undefined) return { kind: "http", status: Number(status), text: message };
  return { kind: "noAnswer", errorKind: "network", reason: `post error: ${message}` };
}

/**
 * Requests as WS `post` messages on the feed's connection (the `WsPoster` port): an info answer's
 * `payload.data` and an action answer's `payload` are the bodies REST would answer.
 */
export class WsPostRequestTransport implements RequestTransport {
  readonly via = "ws" as const;
  readonly #poster: WsPoster;
  readonly #limiter: RestLimiter | undefined;

  constructor(options: WsPostRequestTransportOptions) {
    this.#poster = options.poster;
    this.#limiter = options.limiter;
  }

  async request(
    endpoint: Endpoint,
    body: unknown,
    options: RequestOptions,
    signal: AbortSignal,
  ): Promise<RequestResult> {
    if (this.#limiter !== undefined) {
      try {
        await this.#limiter.acquire(options.weight, signal, options.lane ?? "normal");
      } catch (error) {
        return {
          kind: "notSent",
          errorKind: "aborted",
          reason: `limiter wait aborted: ${String(error)}`,
        };
      }
    }
    options.onWritten?.();
    const result = await this.#poster.post(endpoint === "info" ? "info" : "action", body, signal);
    switch (result.kind) {
      case "ok": {
        const payload = result.payload;
        const data = endpoint === "info" && typeof payload === "object" && payload !== null
          ? (payload as { data?: unknown }).data
          : payload;
        return { kind: "ok", status: 200, body: data };
      }
      case "error":
        return classifyPostError(result.message);
      case "unknown":
        return { kind: "noAnswer", errorKind: "timeout", reason: result.reason };
      case "notSent":
        return { kind: "notSent", errorKind: "network", reason: result.reason };
    }
  }
}
