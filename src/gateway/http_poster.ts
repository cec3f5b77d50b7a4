/**
 * Thin JSON-over-HTTP poster for `/info` and `/exchange`. Every request first takes its weight
 * from the RestLimiter (abortable wait), then goes out with a per-request timeout combined with
 * the caller's signal. Never throws: the answer says what happened and whether the request may
 * have left the process (`notSent` = provably not; `noAnswer` = maybe).
 */
import type { LimiterLane, RestLimiter } from "../core/ports.ts";
import { type Logger, silentLogger } from "../core/log.ts";

/** The two REST endpoints of the exchange. */
export type HttpPath = "/info" | "/exchange";

/**
 * What a POST came to, classified so callers can tell "may have executed" from "provably not sent".
 */
export type HttpResult =
  /** 2xx with a JSON body (may be `null`). */
  | { readonly kind: "ok"; readonly status: number; readonly body: unknown }
  /** 2xx whose body is not JSON. */
  | { readonly kind: "badJson"; readonly status: number; readonly text: string }
  /** HTTP 429: the limiter has already been told. */
  | { readonly kind: "rateLimited"; readonly status: 429; readonly retryAfterMs?: number }
  /** Any other non-2xx status; the body is text (often `null` or a plain sentence). */
  | { readonly kind: "http"; readonly status: number; readonly text: string }
  /** Provably never written to the network (limiter wait aborted, connect refused, ...). */
  | {
    readonly kind: "notSent";
    readonly errorKind: "aborted" | "network";
    readonly reason: string;
  }
  /** May have been sent, but no (complete) answer came. */
  | {
    readonly kind: "noAnswer";
    readonly errorKind: "timeout" | "aborted" | "network";
    readonly reason: string;
  };

/** Per-request options of `HttpPoster.post`. */
export interface PostOptions {
  /** Limiter share to take the weight from (default "normal"). */
  readonly lane?: LimiterLane;
  /** Give up (notSent, nothing written) when the limiter has not let it through within this. */
  readonly queueTimeoutMs?: number;
  /** Called when the request is written (after the limiter's wait), right before fetch. */
  readonly onWritten?: () => void;
}

/** The REST base URL, the limiter every request waits on, and the timeout. */
export interface HttpPosterOptions {
  /** e.g. `https://api.hyperliquid.xyz` (no trailing slash needed). */
  readonly baseUrl: string;
  readonly limiter: RestLimiter;
  /** Per-request timeout, from the moment the limiter let it through (default 10000). */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
  /** Replaceable for tests; defaults to the global fetch. */
  readonly fetchFn?: typeof fetch;
}

/** Errors whose text proves the connection was never established (nothing was written). */
const CONNECT_FAILURE = /\(Connect\)|connection refused|dns error|tcp connect|are blocked/i;

/**
 * True when an error (or its causes) proves the connection never opened, so the request is safely
 * `notSent`.
 */
export function isConnectFailure(error: unknown): boolean {
  const texts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== undefined && e !== null; depth++) {
    texts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return texts.some((t) => CONNECT_FAILURE.test(t));
}

/** Retry-After is seconds or an HTTP date; returns ms or undefined. */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const dateMs = Date.parse(header);
  if (Number.isFinite(dateMs)) return Math.max(0, dateMs - nowMs);
  return undefined;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}

/**
 * The body of an HTTP error as one short line: an HTML page (a proxy's error page, not the
 * exchange's answer) is reduced to its title or text, anything else is cut to 500 characters.
 */
export function errorBodyText(text: string): string {
  if (!/^\s*</.test(text)) return text.slice(0, 500);
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  return `(HTML page) ${plain.slice(0, 200)}`.trim();
}

/**
 * POSTs JSON to /info or /exchange after the REST limiter lets it through; never throws, tells the
 * limiter about 429s.
 */
export class HttpPoster {
  readonly #baseUrl: string;
  readonly #limiter: RestLimiter;
  readonly #timeoutMs: number;
  readonly #log: Logger;
  readonly #fetch: typeof fetch;

  constructor(options: HttpPosterOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#limiter = options.limiter;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#log = (options.logger ?? silentLogger).child({ mod: "http" });
    this.#fetch = options.fetchFn ?? fetch;
  }

  get limiter(): RestLimiter {
    return this.#limiter;
  }

  /** POST `body` as JSON to `path`, after taking `weight` from the limiter. */
  async post(
    path: HttpPath,
    body: unknown,
    weight: number,
    signal: AbortSignal,
    opts: PostOptions = {},
  ): Promise<HttpResult> {
    let json: string;
    try {
      json = JSON.stringify(body);
    } catch (error) {
      return { kind: "notSent", errorKind: "network", reason: `unserializable body: ${error}` };
    }
    if (signal.aborted) return { kind: "notSent", errorKind: "aborted", reason: "aborted" };
    const queueTimeout = opts.queueTimeoutMs === undefined
      ? null
      : AbortSignal.timeout(Math.max(0, opts.queueTimeoutMs));
    try {
      await this.#limiter.acquire(
        weight,
        queueTimeout ? AbortSignal.any([signal, queueTimeout]) : signal,
        opts.lane ?? "normal",
      );
    } catch (error) {
      if (queueTimeout?.aborted && !signal.aborted) {
        return {
          kind: "notSent",
          errorKind: "aborted",
          reason: `not sent: the REST limiter held it over ${opts.queueTimeoutMs} ms`,
        };
      }
      return {
        kind: "notSent",
        errorKind: "aborted",
        reason: `limiter wait aborted: ${errorText(error)}`,
      };
    }
    if (signal.aborted) return { kind: "notSent", errorKind: "aborted", reason: "aborted" };

    // Not AbortSignal.any([signal, AbortSignal.timeout()]): combined with the engine's
    // long-lived signal it is retained per request (memory grows in a soak). One controller per
    // request, unlinked when the request ends.
    const request = new AbortController();
    const combined = request.signal;
    const onAbort = () => request.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(
      () => request.abort(new DOMException("timeout", "TimeoutError")),
      this.#timeoutMs,
    );
    try {
      opts.onWritten?.();
      return await this.#send(path, json, weight, signal, combined);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    }
  }

  async #send(
    path: HttpPath,
    json: string,
    weight: number,
    signal: AbortSignal,
    combined: AbortSignal,
  ): Promise<HttpResult> {
    const classifyAbort = (): HttpResult => {
      if (signal.aborted) return { kind: "noAnswer", errorKind: "aborted", reason: "aborted" };
      return {
        kind: "noAnswer",
        errorKind: "timeout",
        reason: `timeout after ${this.#timeoutMs} ms`,
      };
    };

    let response: Response;
    try {
      response = await this.#fetch(this.#baseUrl + path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: json,
        signal: combined,
      });
    } catch (error) {
      if (combined.aborted) return classifyAbort();
      if (isConnectFailure(error)) {
        return { kind: "notSent", errorKind: "network", reason: errorText(error) };
      }
      return { kind: "noAnswer", errorKind: "network", reason: errorText(error) };
    }

    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (combined.aborted) return classifyAbort();
      return { kind: "noAnswer", errorKind: "network", reason: errorText(error) };
    }

    if (response.status === 429) {
      const retryAfterMs = parseRetryAfterMs(response.headers.get("Retry-After"), Date.now());
      this.#limiter.on429(retryAfterMs);
      this.#log.warn("http 429", { path, weight, retryAfterMs });
      return retryAfterMs === undefined
        ? { kind: "rateLimited", status: 429 }
        : { kind: "rateLimited", status: 429, retryAfterMs };
    }
    if (response.status < 200 || response.status > 299) {
      const summary = errorBodyText(text);
      this.#log.warn("http error status", { path, status: response.status });
      return { kind: "http", status: response.status, text: summary };
    }
    try {
      return { kind: "ok", status: response.status, body: JSON.parse(text) };
    } catch {
      return { kind: "badJson", status: response.status, text: text.slice(0, 500) };
    }
  }
}
