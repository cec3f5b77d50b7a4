/**
 * Shared end-of-test checks of the sim-answer fault tests (issue 8): the bot's view of its open
 * orders converges to the exchange's `openOrders`, no order was sent twice, and the exchange
 * never holds more of our orders than the configured ladder.
 */
import assert from "node:assert/strict";
import type { BotHandle } from "../../src/app/run_bot.ts";
import { type RecordedAction, sentCloids, waitFor, type WireOpenOrder } from "../app/_harness.ts";

/** One order as `coin side px sz`, comparable between the bot's view and the exchange. */
function key(coin: string, side: "B" | "A", px: number, sz: number): string {
  return `${coin} ${side} ${px} ${sz}`;
}

/** The bot's live orders (its view's ladders). */
export function viewOrders(bot: BotHandle): string[] {
  return bot.view.snapshot().coins.flatMap((c) => [
    ...c.bids.map((l) => key(c.coin, "B", l.px, l.sz)),
    ...c.asks.map((l) => key(c.coin, "A", l.px, l.sz)),
  ]).sort();
}

/** The exchange's open orders in the same form. */
export function exchangeOrders(open: readonly WireOpenOrder[]): string[] {
  return open.map((o) => key(o.coin, o.side, Number(o.limitPx), Number(o.sz))).sort();
}

/**
 * Wait (hang guard only) until the bot's view equals the exchange's open orders, then check
 * that no cloid was sent twice and that no coin/side holds more orders than `levels` allows.
 */
export async function assertReconciled(
  bot: BotHandle,
  openOrders: () => Promise<WireOpenOrder[]>,
  actions: readonly RecordedAction[],
  levels: Readonly<Record<string, number>>,
): Promise<void> {
  let last = { view: [] as string[], exchange: [] as string[] };
  try {
    await waitFor("the bot's view to equal the exchange's openOrders", async () => {
      const exchange = exchangeOrders(await openOrders());
      const view = viewOrders(bot);
      last = { view, exchange };
      return exchange.length > 0 && JSON.stringify(view) === JSON.stringify(exchange);
    });
  } catch (error) {
    throw new Error(`${error}: ${JSON.stringify(last)}`);
  }
  const twice = [...sentCloids(actions)].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], "an order was sent twice");
  const open = await openOrders();
  for (const [coin, n] of Object.entries(levels)) {
    for (const side of ["B", "A"]) {
      const count = open.filter((o) => o.coin === coin && o.side === side).length;
      assert.ok(count <= n, `${count} ${coin} ${side} orders open, ladder is ${n}`);
    }
  }
  assert.equal(bot.view.snapshot().halted, false);
}

/** The harness config's ladder: 2 levels of BTC, 1 of ETH. */
export const HARNESS_LEVELS = { BTC: 2, ETH: 1 };

/** Sum of the bot's order outcomes of one kind (e.g. "unknown") across place/modify/cancel. */
export function outcomes(bot: BotHandle, kind: string): number {
  const orders = bot.view.snapshot().orders;
  return Object.values(orders).reduce((n, byKind) => n + (byKind[kind] ?? 0), 0);
}
