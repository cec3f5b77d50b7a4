/**
 * Shared end of every fault test: compare the bot's view with the exchange (openOrders and
 * clearinghouseState) until they agree, then stop the bot and check the exchange is clean.
 * "Agree" means 0 orphans (exchange orders of ours the bot does not show), 0 orders the bot shows
 * that the exchange does not have, 0 duplicates (a cloid executed twice, or more orders on a side
 * than the ladder has levels) and equal positions.
 */
import assert from "node:assert/strict";
import type { BotResult } from "../../src/app/run_bot.ts";
import type { BotConfig } from "../../src/config/schema.ts";
import { sentCloids, type Setup, waitFor, type WireOpenOrder } from "../app/_harness.ts";

/** One comparison of the bot's view with the exchange. */
export interface ViewVsExchange {
  /** On the exchange (our coins) but not in the bot's view. */
  readonly orphans: readonly string[];
  /** In the bot's view but not on the exchange. */
  readonly missing: readonly string[];
  /** Cloids executed more than once, and sides with more orders than ladder levels. */
  readonly duplicates: readonly string[];
  /** Coins whose position differs between the bot and clearinghouseState. */
  readonly positionDiffs: readonly string[];
}

interface ClearinghouseState {
  assetPositions: { position: { coin: string; szi: string } }[];
}

const key = (coin: string, side: string, px: number) => `${coin} ${side} ${px}`;

/** Exchange positions by coin (clearinghouseState), 0 for coins without one. */
export async function exchangePositions(s: Setup): Promise<Map<string, number>> {
  const user = s.sim.demo.address;
  const state = await s.info<ClearinghouseState>({ type: "clearinghouseState", user });
  return new Map(state.assetPositions.map((p) => [p.position.coin, Number(p.position.szi)]));
}

/** Sides of the exchange's open orders with more orders than the config's ladder levels. */
export function overfullSides(open: readonly WireOpenOrder[], config: BotConfig): string[] {
  const out: string[] = [];
  for (const c of config.coins) {
    for (const side of ["B", "A"] as const) {
      const n = open.filter((o) => o.coin === c.coin && o.side === side).length;
      if (n > c.levels) out.push(`${c.coin} ${side}: ${n} orders for ${c.levels} levels`);
    }
  }
  return out;
}

/** Compare the bot's view with the exchange once. */
export async function compareViewWithExchange(
  s: Setup,
  config: BotConfig,
): Promise<ViewVsExchange> {
  const coins = new Set(config.coins.map((c) => c.coin));
  const open = (await s.openOrders()).filter((o) => coins.has(o.coin));
  const snap = s.bot.view.snapshot();
  const viewKeys: string[] = [];
  for (const c of snap.coins) {
    for (const b of c.bids) viewKeys.push(key(c.coin, "B", b.px));
    for (const a of c.asks) viewKeys.push(key(c.coin, "A", a.px));
  }
  const exKeys = open.map((o) => key(o.coin, o.side, Number(o.limitPx)));
  const orphans = [...exKeys];
  const missing: string[] = [];
  for (const k of viewKeys) {
    const i = orphans.indexOf(k);
    if (i >= 0) orphans.splice(i, 1);
    else missing.push(k);
  }
  const duplicates = [...sentCloids(s.actions)].filter(([, n]) => n > 1).map(([c, n]) =>
    `${c} executed ${n}x`
  );
  duplicates.push(...overfullSides(open, config));
  const positions = await exchangePositions(s);
  const positionDiffs: string[] = [];
  for (const c of snap.coins) {
    const ex = positions.get(c.coin) ?? 0;
    if (Math.abs(ex - c.position) > 1e-9) {
      positionDiffs.push(`${c.coin}: bot ${c.position}, exchange ${ex}`);
    }
  }
  return { orphans, missing, duplicates, positionDiffs };
}

/**
 * Wait until the bot's view and the exchange agree (0 orphans, 0 missing, equal positions),
 * then assert 0 duplicates. In-flight timing can make one sample differ; agreement must come.
 */
export async function assertViewMatchesExchange(s: Setup, config: BotConfig): Promise<void> {
  let last: ViewVsExchange | null = null;
  try {
    await waitFor("the bot's view to match the exchange", async () => {
      last = await compareViewWithExchange(s, config);
      return last.orphans.length === 0 && last.missing.length === 0 &&
        last.positionDiffs.length === 0;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}: ${JSON.stringify(last)}`);
  }
  const final = last as ViewVsExchange | null;
  assert.ok(final !== null);
  assert.ok(final.duplicates.length === 0, `duplicates: ${final.duplicates.join("; ")}`);
}

/**
 * Stop the bot (the SIGTERM path) and check: exit code 0, 0 orders of ours left on the
 * exchange, no cloid executed twice, and the final summary's positions equal the exchange's.
 */
export async function stopAndAssertClean(s: Setup, config: BotConfig): Promise<BotResult> {
  const result = await s.bot.stop();
  const coins = new Set(config.coins.map((c) => c.coin));
  const left = (await s.openOrders()).filter((o) => coins.has(o.coin));
  assert.ok(left.length === 0, `orphans after stop: ${JSON.stringify(left)}`);
  assert(
    result.exitCode === 0,
    `exit code ${result.exitCode}: ${JSON.stringify(result.unconfirmed)} ${result.error ?? ""}`,
  );
  assert.ok(result.openOrdersLeft === 0, `openOrdersLeft ${result.openOrdersLeft}`);
  const dups = [...sentCloids(s.actions)].filter(([, n]) => n > 1);
  assert.ok(dups.length === 0, `cloids executed twice: ${JSON.stringify(dups)}`);
  const positions = await exchangePositions(s);
  for (const c of result.summary.coins) {
    const ex = positions.get(c.coin) ?? 0;
    assert.ok(Math.abs(ex - c.position) < 1e-9, `${c.coin}: bot ${c.position}, exchange ${ex}`);
  }
  return result;
}

/**
 * Samples the exchange's open orders every 25 ms until stopped, and records every time a side
 * held more orders than the ladder has levels (orders beyond the configured ladder).
 */
export function watchLadder(
  s: Setup,
  config: BotConfig,
): { samples(): number; stop(): Promise<string[]> } {
  const over: string[] = [];
  let running = true;
  let samples = 0;
  const loop = (async () => {
    while (running) {
      const open = await s.openOrders();
      for (const o of overfullSides(open, config)) over.push(o);
      samples++;
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return {
    samples: () => samples,
    stop: async () => {
      running = false;
      await loop;
      return over;
    },
  };
}

/** True once a log line with this message (and, optionally, matching fields) was recorded. */
export function logged(
  s: Setup,
  msg: string,
  match: (fields: Record<string, unknown>) => boolean = () => true,
  sinceIndex = 0,
): boolean {
  return s.logs.slice(sinceIndex).some((l) => l.msg === msg && match(l.fields));
}

/**
 * Wait until the feed has reconnected and resubscribed, and the bot has reconciled after the
 * reconnect (a "reconciled" log line logged at or after `mark`).
 */
export async function reconnectedAndReconciled(s: Setup, mark: number): Promise<void> {
  await waitFor("reconnected and resubscribed", () => {
    const feed = s.bot.view.snapshot().feed;
    return feed.connected && feed.reconnects >= 1;
  });
  await waitFor(
    "reconciled after the reconnect",
    () => logged(s, "reconciled", (f) => f.reason === "ws reconnect", mark),
  );
}
