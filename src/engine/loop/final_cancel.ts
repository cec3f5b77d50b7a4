/**
 * The last step of a shutdown: ask the exchange (openOrders) which of our orders are still open
 * and cancel them by oid, until none is left or the attempts run out.
 */
import type { Logger } from "../../core/log.ts";
import type { ExchangeApi, InfoApi } from "../../core/ports.ts";
import type { CancelOutcome, ExchangeOrder } from "../../core/types.ts";
import { delay } from "../../util/async.ts";
import { errorText } from "./action_sender.ts";

/**
 * What the final cancel needs: the exchange and info ports, our account, and which open orders
 * count as ours.
 */
export interface FinalCancelDeps {
  readonly exchange: ExchangeApi;
  readonly info: InfoApi;
  readonly user: string;
  readonly logger: Logger;
  /** Open orders to take down (the ownership rule: `orderFate(o) === "cancel"`). */
  readonly isMine: (order: ExchangeOrder) => boolean;
  readonly assetId: (coin: string) => number;
  readonly timeoutMs: number;
  /** Told about every cancel action sent (for the counters). */
  readonly onCanceled?: (outcomes: readonly CancelOutcome[]) => void;
  /** Default 4. */
  readonly attempts?: number;
}

/** Our orders left open at the end (0 = confirmed clean; null = openOrders never answered). */
export async function confirmNoOpenOrders(deps: FinalCancelDeps): Promise<number | null> {
  const { logger } = deps;
  let left: number | null = null;
  const attempts = deps.attempts ?? 4;
  for (let attempt = 0; attempt < attempts; attempt++) {
    let open: ExchangeOrder[];
    try {
      open = await deps.info.openOrders(deps.user, AbortSignal.timeout(deps.timeoutMs));
    } catch (error) {
      logger.warn("shutdown: openOrders failed", { error: errorText(error), attempt });
      await delay(250 * (attempt + 1));
      continue;
    }
    const mine = open.filter(deps.isMine);
    left = mine.length;
    if (mine.length === 0) return 0;
    if (attempt === attempts - 1) break;
    logger.info("shutdown: canceling leftovers", { count: mine.length, attempt });
    const outcomes = await deps.exchange.cancelByOid(
      mine.map((o) => ({ assetId: deps.assetId(o.coin), oid: o.oid })),
      AbortSignal.timeout(deps.timeoutMs),
    );
    deps.onCanceled?.(outcomes);
    await delay(100 * (attempt + 1));
  }
  return left;
}
