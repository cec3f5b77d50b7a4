/**
 * The synthetic rest of the market: a seeded random walk of each coin's fair value, a ladder of
 * background liquidity from an "other makers" account around it, and Poisson taker flow that
 * sends IOC orders against the whole book (bots' orders included).
 */
import { roundPrice, tickAt } from "./decimal.ts";
import type { CoinState, MarketState } from "./market_state.ts";
import type { Prng } from "./prng.ts";
import type { SimOrder } from "./types.ts";

/** Account of the background liquidity ladder (the "other makers"). */
export const SYNTHETIC_MAKER = "0x00000000000000000000000000000000000a11ce";
/** Account of the random taker flow. */
export const SYNTHETIC_TAKER = "0x00000000000000000000000000000000000b0b00";

/**
 * Shape of the background market: taker rate, ladder size and spacing, notionals (USD) and taker
 * slippage.
 */
export interface SyntheticOptions {
  takerRatePerSec: number;
  /** Levels per side of the background ladder. */
  ladderLevels: number;
  /** Mean notional per background level, USD. */
  levelNotionalUsd: number;
  /** Half-spread of the ladder around fair value, bps (at least 2 ticks). */
  halfSpreadBps: number;
  /** Distance between ladder levels, bps (at least 1 tick). */
  levelStepBps: number;
  /** Mean notional of a taker order, USD (exponentially distributed). */
  takerMeanNotionalUsd: number;
  /** How far past fair value a taker's IOC limit goes, bps. */
  takerSlippageBps: number;
}

/** The default background market: 10 levels of about $5000 per side, 2 taker orders/s per coin. */
export const DEFAULT_SYNTHETIC: SyntheticOptions = {
  takerRatePerSec: 2,
  ladderLevels: 10,
  levelNotionalUsd: 5000,
  halfSpreadBps: 2,
  levelStepBps: 1,
  takerMeanNotionalUsd: 1500,
  takerSlippageBps: 15,
};

/**
 * Moves each coin's fair value, keeps the background ladder around it, and sends taker orders into
 * the book.
 */
export class SyntheticMarket {
  private readonly ladders = new Map<number, SimOrder[]>();
  /** Fair value at each coin's last ladder refresh. */
  private readonly ladderOracle = new Map<number, number>();

  constructor(
    private readonly state: MarketState,
    private readonly prng: Prng,
    private readonly options: SyntheticOptions,
  ) {
    state.account(SYNTHETIC_MAKER, true);
    state.account(SYNTHETIC_TAKER, true);
  }

  /** Builds the initial ladders (no random walk). */
  init(): void {
    for (const coin of this.state.coins) this.refresh(coin, true);
  }

  /** One time step of `dtSec` seconds for every coin. */
  step(dtSec: number): void {
    for (const coin of this.state.coins) {
      const shock = this.prng.normal() * coin.spec.volPerSqrtSec * Math.sqrt(dtSec);
      coin.oracle *= Math.exp(shock);
      this.refresh(coin, false);
      const arrivals = this.prng.poisson(this.options.takerRatePerSec * dtSec);
      for (let i = 0; i < arrivals; i++) this.taker(coin);
    }
    this.state.pushes.midsChanged = true;
  }

  /** A long gap in one go: the random walk over `dtSec` and fresh ladders, no taker flow. */
  jump(dtSec: number): void {
    for (const coin of this.state.coins) {
      const shock = this.prng.normal() * coin.spec.volPerSqrtSec * Math.sqrt(dtSec);
      coin.oracle *= Math.exp(shock);
      this.refresh(coin, false);
    }
    this.state.pushes.midsChanged = true;
  }

  private anchors(coin: CoinState): { bid: number; ask: number } {
    const d = coin.pxDecimals;
    const hs = this.options.halfSpreadBps / 1e4;
    const down = roundPrice(coin.oracle, d, "down");
    const up = roundPrice(coin.oracle, d, "up");
    const bid = Math.min(roundPrice(coin.oracle * (1 - hs), d, "down"), down - 2 * tickAt(down, d));
    const ask = Math.max(roundPrice(coin.oracle * (1 + hs), d, "up"), up + 2 * tickAt(up, d));
    return { bid: Math.max(bid, tickAt(1, d)), ask };
  }

  private refresh(coin: CoinState, force: boolean): void {
    const current = this.ladders.get(coin.index) ?? [];
    const intact = current.every((order) => order.status === "open");
    const drift = Math.abs(coin.oracle / (this.ladderOracle.get(coin.index) ?? 0) - 1) * 1e4;
    if (!force && intact && drift < this.options.levelStepBps / 2) return;
    const { bid, ask } = this.anchors(coin);
    if (!force && intact && bid === coin.ladderBid && ask === coin.ladderAsk) return;
    this.ladderOracle.set(coin.index, coin.oracle);
    for (const order of current) {
      if (order.status === "open") this.state.removeResting(order, "canceled");
    }
    coin.ladderBid = bid;
    coin.ladderAsk = ask;
    const placed: SimOrder[] = [];
    this.placeSide(coin, true, bid, placed);
    this.placeSide(coin, false, ask, placed);
    this.ladders.set(coin.index, placed);
  }

  private placeSide(coin: CoinState, isBuy: boolean, start: number, placed: SimOrder[]): void {
    const d = coin.pxDecimals;
    const unit = 10 ** d;
    const opposite = coin.book.side(!isBuy).best()?.px;
    let px = start;
    for (let k = 0; k < this.options.ladderLevels; k++) {
      if (k > 0) {
        const stepped = isBuy
          ? roundPrice(px / unit * (1 - this.options.levelStepBps / 1e4), d, "down")
          : roundPrice(px / unit * (1 + this.options.levelStepBps / 1e4), d, "up");
        const minStep = tickAt(px, d);
        px = isBuy ? Math.min(stepped, px - minStep) : Math.max(stepped, px + minStep);
        if (px <= 0) break;
      }
      const size = this.options.levelNotionalUsd * (0.5 + this.prng.next()) * (1 + 0.25 * k);
      if (opposite !== undefined && (isBuy ? px >= opposite : px <= opposite)) continue;
      const lots = Math.max(1, Math.round(size / (px / unit) * 10 ** coin.spec.szDecimals));
      const order = this.state.newOrder(
        SYNTHETIC_MAKER,
        coin,
        isBuy,
        px,
        lots,
        lots,
        "Gtc",
        false,
        null,
      );
      this.state.rest(order);
      placed.push(order);
    }
  }

  private taker(coin: CoinState): void {
    const isBuy = this.prng.next() < 0.5;
    const notional = this.options.takerMeanNotionalUsd * this.prng.exponential();
    const slip = this.options.takerSlippageBps / 1e4;
    const d = coin.pxDecimals;
    const px = isBuy
      ? roundPrice(coin.oracle * (1 + slip), d, "up")
      : roundPrice(coin.oracle * (1 - slip), d, "down");
    const lots = Math.max(1, Math.round(notional / coin.oracle * 10 ** coin.spec.szDecimals));
    const order = this.state.newOrder(
      SYNTHETIC_TAKER,
      coin,
      isBuy,
      px,
      lots,
      lots,
      "Ioc",
      false,
      null,
    );
    this.state.count("takerFlow.orders");
    this.state.match(order);
  }
}
