/**
 * Per-signer nonce state as Hyperliquid documents it: the 100 highest nonces per signer; a new
 * nonce must be greater than the smallest of them, never used, and inside (T - 2 days, T + 1 day).
 */
export const NONCE_SET_SIZE = 100;
/** How far behind the server time a nonce may be: 2 days. */
export const NONCE_PAST_WINDOW_MS = 2 * 24 * 3600 * 1000;
/** How far ahead of the server time a nonce may be: 1 day. */
export const NONCE_FUTURE_WINDOW_MS = 24 * 3600 * 1000;

/** Refuses reused, too old or out-of-window nonces per signer, as the exchange does. */
export class NonceBook {
  readonly #sets = new Map<string, number[]>();

  /** The exchange's refusal text, or null if `nonce` may be used by `signer` at `nowMs`. */
  check(signer: string, nonce: number, nowMs: number): string | null {
    const set = this.#sets.get(signer) ?? [];
    if (set.includes(nonce)) return `Invalid nonce: duplicate nonce ${nonce}`;
    const min = nowMs - NONCE_PAST_WINDOW_MS;
    const max = nowMs + NONCE_FUTURE_WINDOW_MS;
    if (nonce <= min) return `Invalid nonce: nonce too low ${nonce} < ${min}`;
    if (nonce >= max) return `Invalid nonce: nonce too high ${nonce} > ${max}`;
    if (set.length >= NONCE_SET_SIZE) {
      const smallest = set[0] ?? 0;
      if (nonce <= smallest) return `Invalid nonce: nonce too low ${nonce} < ${smallest}`;
    }
    return null;
  }

  /** Mark `nonce` used by `signer` (call after `check` passed). */
  record(signer: string, nonce: number): void {
    const set = this.#sets.get(signer) ?? [];
    let i = set.length;
    while (i > 0 && (set[i - 1] ?? 0) > nonce) i--;
    set.splice(i, 0, nonce);
    if (set.length > NONCE_SET_SIZE) set.shift();
    this.#sets.set(signer, set);
  }
}
