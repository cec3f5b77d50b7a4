/** The simulator's exchange core: wires state, actions, info, synthetic market and pushes. */
import type { SimAnswer, SimExchangeCore, SimMarketOptions, SimPush } from "./api.ts";
import {
  batchLength,
  blockPriority,
  executeAction,
  fireScheduledCancels,
  SCHEDULE_CANCEL_MIN_VOLUME_USD,
} from "./actions.ts";
import { allMidsBody, answerInfo, bboBody, l2BookBody } from "./info.ts";
import { MarketState } from "./market_state.ts";
import { createPrng } from "./prng.ts";
import { DEFAULT_SYNTHETIC, SyntheticMarket } from "./synthetic_market.ts";
import { DEFAULT_UNIVERSE } from "./universe.ts";

const DAY_MS = 86_400_000;
/** At most this many regular steps per advance; older gaps are walked in one jump. */
const MAX_CATCH_UP_STEPS = 6_000;

/** Build a deterministic simulated exchange from a seed and options. */
export function createSimExchangeCore(options: SimMarketOptions): SimExchangeCore {
  const volatilityScale = options.volatilityScale ?? 1;
  const coins = (options.coins ?? DEFAULT_UNIVERSE).map((c) =>
    volatilityScale === 1 ? c : { ...c, volPerSqrtSec: c.volPerSqrtSec * volatilityScale }
  );
  const state = new MarketState(coins, options.startMs, {
    taker: options.takerFeeRate ?? 0.00045,
    maker: options.makerFeeRate ?? 0.00015,
  });
  const synthetic = new SyntheticMarket(state, createPrng(options.seed), {
    ...DEFAULT_SYNTHETIC,
    ...options.market,
    takerRatePerSec: options.takerRatePerSec ?? DEFAULT_SYNTHETIC.takerRatePerSec,
  });
  const actionOptions = {
    scheduleCancelMinVolumeUsd: options.scheduleCancelMinVolumeUsd ??
      SCHEDULE_CANCEL_MIN_VOLUME_USD,
  };
  const stepMs = Math.max(1, options.stepMs ?? 100);
  const listeners: ((push: SimPush) => void)[] = [];
  const funded = new Set<string>();
  let lastStep = options.startMs;
  let day = Math.floor(options.startMs / DAY_MS);

  synthetic.init();
  state.pushes.clear();

  const emit = (push: SimPush) => {
    for (const listener of listeners) listener(push);
  };

  const flush = () => {
    const p = state.pushes;
    const users = new Set([...p.orderUpdates.keys(), ...p.fills.keys()]);
    for (const user of users) {
      const updates = p.orderUpdates.get(user);
      if (updates) emit({ channel: "orderUpdates", user, data: updates });
      const fills = p.fills.get(user);
      if (fills) {
        emit({ channel: "userFills", user, data: { user, fills } });
        emit({ channel: "userEvents", user, data: { fills } });
      }
    }
    for (const [asset, trades] of p.trades) {
      const coin = state.coins[asset];
      if (coin) emit({ channel: "trades", coin: coin.spec.name, data: trades });
    }
    for (const asset of p.dirtyBooks) {
      const coin = state.coins[asset];
      if (!coin) continue;
      const name = coin.spec.name;
      emit({ channel: "l2Book", coin: name, data: l2BookBody(state, coin, 20) });
      emit({ channel: "l2BookFast", coin: name, data: l2BookBody(state, coin, 5) });
      const bbo = bboBody(state, coin);
      const key = JSON.stringify(bbo.bbo);
      if (key !== coin.lastBboKey) {
        coin.lastBboKey = key;
        emit({ channel: "bbo", coin: name, data: bbo });
      }
    }
    if (p.midsChanged || p.dirtyBooks.size > 0) {
      emit({ channel: "allMids", data: { mids: allMidsBody(state) } });
    }
    p.clear();
  };

  const rollDay = () => {
    const today = Math.floor(state.now / DAY_MS);
    if (today === day) return;
    day = today;
    for (const coin of state.coins) {
      coin.dayNtlVlm = 0;
      coin.dayBaseVlm = 0;
      coin.prevDayPx = coin.oracle;
    }
  };

  return {
    nowMs: () => state.now,
    advance(nowMs: number) {
      if (nowMs < state.now) return;
      const pending = Math.floor((nowMs - lastStep) / stepMs);
      if (pending > MAX_CATCH_UP_STEPS) {
        // A long jump of time: walk the gap in one go, then simulate the last 10 minutes (at 100 ms) in steps.
        lastStep += (pending - MAX_CATCH_UP_STEPS) * stepMs;
        state.now = lastStep;
        rollDay();
        synthetic.jump((pending - MAX_CATCH_UP_STEPS) * stepMs / 1000);
        fireScheduledCancels(state);
      }
      while (lastStep + stepMs <= nowMs) {
        lastStep += stepMs;
        state.now = lastStep;
        rollDay();
        synthetic.step(stepMs / 1000);
        state.liquidateUnderwater();
        fireScheduledCancels(state);
      }
      state.now = nowMs;
      fireScheduledCancels(state);
      flush();
    },
    info(body: unknown): SimAnswer {
      return answerInfo(state, body);
    },
    execute(user: string, action: unknown): SimAnswer {
      const answer = executeAction(state, user.toLowerCase(), action, actionOptions);
      flush();
      return answer;
    },
    batchLength,
    blockPriority,
    reservedRequests: (user) => state.accounts.get(user.toLowerCase())?.requestsReserved ?? 0,
    cumVolumeUsd: (user) => (state.accounts.get(user.toLowerCase())?.cumVlm ?? 0) / 1e6,
    fund(user: string, usd: number) {
      const account = state.account(user.toLowerCase());
      account.balance += Math.round(usd * 1e6);
      funded.add(account.address);
    },
    approveAgent(master: string, agent: string) {
      state.agents.set(agent.toLowerCase(), master.toLowerCase());
    },
    accountOf: (signer) => state.agents.get(signer.toLowerCase()) ?? signer.toLowerCase(),
    knows: (address) =>
      funded.has(address.toLowerCase()) || state.agents.has(address.toLowerCase()),
    snapshotFor(subscription: Record<string, unknown>): SimPush | null {
      const coin = typeof subscription.coin === "string"
        ? state.coinByName.get(subscription.coin)
        : undefined;
      const user = typeof subscription.user === "string" ? subscription.user.toLowerCase() : "";
      switch (subscription.type) {
        case "l2Book":
          if (!coin) return null;
          return subscription.fast === true
            ? { channel: "l2BookFast", coin: coin.spec.name, data: l2BookBody(state, coin, 5) }
            : { channel: "l2Book", coin: coin.spec.name, data: l2BookBody(state, coin, 20) };
        case "bbo":
          return coin ? { channel: "bbo", coin: coin.spec.name, data: bboBody(state, coin) } : null;
        case "allMids":
          return { channel: "allMids", data: { mids: allMidsBody(state) } };
        case "userFills": {
          const account = state.accounts.get(user);
          const fills = account ? state.recentFills(account) : [];
          return { channel: "userFills", user, data: { isSnapshot: true, user, fills } };
        }
        default:
          return null;
      }
    },
    onPush(listener) {
      listeners.push(listener);
    },
    noteRequests(user: string, count: number) {
      state.account(user.toLowerCase()).requestsUsed += count;
    },
    stats() {
      let openOrders = 0;
      for (const account of state.accounts.values()) {
        if (!account.synthetic) openOrders += account.open.size;
      }
      return { ...state.counters, openOrders, nowMs: state.now };
    },
  };
}
