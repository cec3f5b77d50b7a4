/**
 * When did an exchange action actually leave the process? The engine hands an action to the
 * gateway and moves on; the request may still wait for the REST limiter before it is written.
 * This tracker ties the two ends together by the action's nonce: the nonce source tells it which
 * nonce the last signed action took, the transports tell it when a request with that nonce was
 * written (REST: when fetch is called; WS: when the post is handed to the feed, whose own waits
 * are only for a full message budget or in-flight gate). Used for tick-to-order latency.
 */
import type { NonceProvider, WsPoster } from "../core/ports.ts";

const MAX_PENDING = 1_000;

/**
 * Measures when an action's request was actually written, matched by nonce, for tick-to-order
 * latency.
 */
export class WriteTracker {
  readonly #now: () => number;
  #last: number | null = null;
  readonly #pending = new Map<number, (monoMs: number) => void>();

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Wrap a nonce source so the tracker sees every nonce handed out. */
  nonces(inner: NonceProvider): NonceProvider {
    return {
      next: () => {
        const n = inner.next();
        this.#last = n;
        return n;
      },
    };
  }

  /**
   * The write time of the action that took the newest nonce (call right after handing the
   * action to the gateway; signing and the nonce are synchronous there). null when unknown.
   */
  lastActionWritten(): Promise<number> | null {
    const nonce = this.#last;
    if (nonce === null) return null;
    this.#last = null;
    const { promise, resolve } = Promise.withResolvers<number>();
    this.#pending.set(nonce, resolve);
    if (this.#pending.size > MAX_PENDING) {
      const oldest = this.#pending.keys().next();
      if (!oldest.done) this.#pending.delete(oldest.value);
    }
    return promise;
  }

  /** A request carrying `nonce` is being written now. */
  written(nonce: unknown): void {
    if (typeof nonce !== "number") return;
    const resolve = this.#pending.get(nonce);
    if (resolve === undefined) return;
    this.#pending.delete(nonce);
    resolve(this.#now());
  }

  /** A WS poster that reports action posts to the tracker as they are handed to the feed. */
  poster(inner: WsPoster): WsPoster {
    return {
      post: (type, payload, signal) => {
        if (type === "action") this.written((payload as { nonce?: unknown }).nonce);
        return inner.post(type, payload, signal);
      },
    };
  }

  /** A fetch that reports `/exchange` bodies to the tracker. */
  fetch(inner: typeof fetch = fetch): typeof fetch {
    return (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith("/exchange") && typeof init?.body === "string") {
        try {
          this.written((JSON.parse(init.body) as { nonce?: unknown }).nonce);
        } catch {
          // not JSON: nothing to track
        }
      }
      return inner(input, init);
    };
  }
}
