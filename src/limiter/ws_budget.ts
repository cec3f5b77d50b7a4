/**
 * The WS message budget (reference §2.2): at most 2000 messages per minute sent to Hyperliquid
 * across all connections. It is a `TokenBucket` of that capacity, one token per message
 * (subscribe, unsubscribe, ping, post), with the same FIFO waiting, window guard and 429-style
 * backoff as the REST limiter.
 */
import type { MessageBudget } from "../core/ports.ts";
import { TokenBucket, type TokenBucketOptions } from "./token_bucket.ts";

/** Messages per minute the exchange accepts from one IP. */
export const WS_MESSAGES_PER_MIN = 2_000;

/** Simultaneous in-flight WS `post` requests the exchange accepts from one IP. */
export const WS_MAX_IN_FLIGHT_POSTS = 100;

/** A message budget; `capacityPerMin` defaults to 2000 and must not exceed it. */
export function createWsMessageBudget(
  options: Partial<TokenBucketOptions> = {},
): MessageBudget & TokenBucket {
  const capacityPerMin = options.capacityPerMin ?? WS_MESSAGES_PER_MIN;
  if (capacityPerMin > WS_MESSAGES_PER_MIN) {
    throw new RangeError(
      `WS capacity ${capacityPerMin} per minute is above the exchange's ${WS_MESSAGES_PER_MIN}`,
    );
  }
  return new TokenBucket({ ...options, capacityPerMin });
}
