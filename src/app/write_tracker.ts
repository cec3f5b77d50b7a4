/**
 * When did an exchange action actually leave the process? The engine hands an action to the
 * gateway and moves on; the request may still wait for the REST limiter before it is written.
 * `transport(inner)` decorates a request transport: an exchange request is noted (by its nonce)
 * when it is handed over, which the gateway does in the caller's turn, and its write time is taken
 * when the transport writes it (REST: after the limiter's wait, right before fetch; WS: when the
 * post is handed to the feed). Used for tick-to-order latency.
 */
import type {
  Endpoint,
  RequestOptions,
  RequestResult,
  RequestTransport,
} from "../gateway/request_transport.ts";

const MAX_PENDING = 1_000;

/**
 * Measures when an action's request was actually written, matched by nonce, for tick-to-order
 * latency.
 */
export class WriteTracker {
  readonly #now: () => number;
  #last: number | null = null;
  readonly #pending = new Map<number, (monoMs: number) => void>();
  /** Write times that came before anyone asked (bounded). */
  readonly #early = new Map<number, number>();

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /**
   * The write time of the newest action handed over (call right after handing the action to the
   * gateway). null when no action was handed over since the last call.
   */
  lastActionWritten(): Promise<number> | null {
    const nonce = this.#last;
    if (nonce === null) return null;
    this.#last = null;
    const early = this.#early.get(nonce);
    if (early !== undefined) {
      this.#early.delete(nonce);
      return Promise.resolve(early);
    }
    const { promise, resolve } = Promise.withResolvers<number>();
    this.#pending.set(nonce, resolve);
    bound(this.#pending);
    return promise;
  }

  /** A request carrying `nonce` is being written now. */
  #written(nonce: number): void {
    const at = this.#now();
    const resolve = this.#pending.get(nonce);
    if (resolve === undefined) {
      this.#early.set(nonce, at);
      bound(this.#early);
      return;
    }
    this.#pending.delete(nonce);
    resolve(at);
  }

  /** The same transport, reporting its exchange requests' hand-over and write to the tracker. */
  transport(inner: RequestTransport): RequestTransport {
    return {
      via: inner.via,
      request: (
        endpoint: Endpoint,
        body: unknown,
        options: RequestOptions,
        signal: AbortSignal,
      ): Promise<RequestResult> => {
        const nonce = (body as { nonce?: unknown } | null)?.nonce;
        if (endpoint !== "exchange" || typeof nonce !== "number") {
          return inner.request(endpoint, body, options, signal);
        }
        this.#last = nonce;
        return inner.request(endpoint, body, {
          ...options,
          onWritten: () => {
            options.onWritten?.();
            this.#written(nonce);
          },
        }, signal);
      },
    };
  }
}

function bound<V>(map: Map<number, V>): void {
  if (map.size <= MAX_PENDING) return;
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
}
