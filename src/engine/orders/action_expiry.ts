/**
 * The two numbers that keep a late action from executing after we have given it up, in one
 * place: every signed action carries `expiresAfter = sent + actionExpiryMs` (the exchange refuses
 * it after that), and an order whose answer never came is written off as not placed only after
 * `unknownWriteOffMs`, which is longer than the expiry by a margin for clock skew. Until then an
 * unknown order counts as live (it holds its ladder level).
 */

/** Lifetime of a signed action: its expiresAfter is the send time plus this. */
export function actionExpiryMs(requestTimeoutMs: number): number {
  return Math.max(2_000, requestTimeoutMs);
}

/** Time after sending before an unanswered order not found on the exchange is written off. */
export function unknownWriteOffMs(requestTimeoutMs: number): number {
  const expiry = actionExpiryMs(requestTimeoutMs);
  return Math.max(10_000, expiry + Math.max(5_000, expiry));
}
