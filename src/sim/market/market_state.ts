/**
 * The exchange's state and matching engine: books, accounts, orders, fills and fees. Action
 * parsing, info answers and the synthetic market live in their own files and call in here.
 */
import type { SimCoinSpec } from "./api.ts";
import { OrderBook } from "./book.ts";
import { formatFloat, formatUnits, PERP_MAX_DECIMALS, roundPrice } from "./decimal.ts";
import { applyFill, MAX_FILLS_KEPT } from "./fill_ledger.ts";
import { wireOrder } from "./order_views.ts";
import { PushCollector } from "./push_collector.ts";
import type { Account, Position, SimOrder, Tif, WireFill } from "./types.ts";

/** One listed coin's live state: spec, book, fair value and daily volume. */
export interface CoinState {
  readonly index: number;
  readonly spec: SimCoinSpec;
  /** Price decimals: 6 − szDecimals. */
  readonly pxDecimals: number;
  readonly book: OrderBook;
  /** Fair value of the synthetic market (random walk), USD. */
  oracle: number;
  lastTradePx: number | null;
  /** Notional traded today, micro-USD, and base volume in lots. */
  dayNtlVlm: number;
  dayBaseVlm: number;
  prevDayPx: number;
  /** Last bbo pushed, as a comparable key. */
  lastBboKey: string;
  /** Synthetic ladder anchor (best bid/ask units) of the last refresh. */
  ladderBid: number;
  ladderAsk: number;
}

/** What matching an incoming order filled, in lots and micro-USD. */
export interface MatchResult {
  filledLots: number;
  /** Sum of px units × lots of the fills, micro-USD. */
  filledNotional: number;
}

/** Taker and maker fee rates as fractions of notional. */
export interface FeeRates {
  taker: number;
  maker: number;
}

const MAX_RECORDS_KEPT = 2000;

/** The exchange's liquidation backstop (a synthetic account). */
export const BACKSTOP = "0x000000000000000000000000000000000000b5b5";

/** The simulator's one owner of books, accounts and orders, with the matching engine. */
export class MarketState {
  readonly coins: CoinState[];
  readonly coinByName = new Map<string, CoinState>();
  readonly accounts = new Map<string, Account>();
  readonly agents = new Map<string, string>();
  readonly pushes = new PushCollector();
  readonly counters: Record<string, number> = {};
  now: number;
  private nextOid = 1_000_000;
  private nextHash = 1;

  constructor(specs: readonly SimCoinSpec[], startMs: number, readonly fees: FeeRates) {
    this.now = startMs;
    this.coins = specs.map((spec, index) => {
      const pxDecimals = PERP_MAX_DECIMALS - spec.szDecimals;
      return {
        index,
        spec,
        pxDecimals,
        book: new OrderBook(),
        oracle: spec.startPx,
        lastTradePx: null,
        dayNtlVlm: 0,
        dayBaseVlm: 0,
        prevDayPx: spec.startPx,
        lastBboKey: "",
        ladderBid: 0,
        ladderAsk: 0,
      };
    });
    for (const coin of this.coins) this.coinByName.set(coin.spec.name, coin);
    this.account(BACKSTOP, true);
  }

  count(key: string, by = 1): void {
    this.counters[key] = (this.counters[key] ?? 0) + by;
  }

  account(address: string, synthetic = false): Account {
    const key = address.toLowerCase();
    let account = this.accounts.get(key);
    if (!account) {
      account = {
        address: key,
        synthetic,
        balance: 0,
        positions: new Map(),
        leverage: new Map(),
        open: new Map(),
        records: new Map(),
        cloids: new Map(),
        fills: [],
        cumVlm: 0,
        daily: new Map(),
        requestsUsed: 0,
        requestsReserved: 0,
        scheduledCancel: null,
        triggerDay: -1,
        triggersToday: 0,
      };
      this.accounts.set(key, account);
    }
    return account;
  }

  allocateOid(): number {
    return this.nextOid++;
  }

  // ---- prices -------------------------------------------------------------------------------

  /**
   * Mark price in units: the median of the oracle (fair value), best bid and best ask, i.e. the
   * oracle clamped into the book's spread; the oracle alone when a side is empty.
   */
  markUnits(coin: CoinState): number {
    const oracle = roundPrice(coin.oracle, coin.pxDecimals, "down");
    const bid = coin.book.bids.best()?.px;
    const ask = coin.book.asks.best()?.px;
    if (bid === undefined || ask === undefined) return oracle;
    return Math.min(Math.max(oracle, bid), ask);
  }

  /** Mid of the book in units (may be a half unit), else last trade, else mark. */
  midUnits(coin: CoinState): number {
    const bid = coin.book.bids.best();
    const ask = coin.book.asks.best();
    if (bid && ask) return (bid.px + ask.px) / 2;
    return coin.lastTradePx ?? this.markUnits(coin);
  }

  midString(coin: CoinState): string {
    const mid = this.midUnits(coin);
    return formatFloat(mid / 10 ** coin.pxDecimals, coin.pxDecimals + 1);
  }

  pxString(coin: CoinState, units: number, style: "hl" | "wire" = "hl"): string {
    return formatUnits(units, coin.pxDecimals, style);
  }

  szString(coin: CoinState, lots: number): string {
    return formatUnits(lots, coin.spec.szDecimals, "hl");
  }

  // ---- margin -------------------------------------------------------------------------------

  leverageOf(account: Account, coin: CoinState): number {
    return account.leverage.get(coin.index)?.value ?? Math.min(20, coin.spec.maxLeverage);
  }

  unrealized(coin: CoinState, position: Position): number {
    const markNotional = Math.abs(position.szi) * this.markUnits(coin);
    return position.szi > 0 ? markNotional - position.cost : position.cost - markNotional;
  }

  accountValue(account: Account): number {
    let value = account.balance;
    for (const [asset, position] of account.positions) {
      const coin = this.coins[asset];
      if (coin && position.szi !== 0) value += this.unrealized(coin, position);
    }
    return value;
  }

  positionMargin(account: Account): number {
    let margin = 0;
    for (const [asset, position] of account.positions) {
      const coin = this.coins[asset];
      if (!coin || position.szi === 0) continue;
      margin += Math.abs(position.szi) * this.markUnits(coin) / this.leverageOf(account, coin);
    }
    return margin;
  }

  orderMargin(account: Account): number {
    let margin = 0;
    for (const order of account.open.values()) {
      if (order.reduceOnly) continue;
      const coin = this.coins[order.asset] as CoinState;
      margin += order.px * order.sz / this.leverageOf(account, coin);
    }
    return margin;
  }

  /** Lots of an order that would grow the position (the rest only reduces it). */
  increasingLots(account: Account, asset: number, isBuy: boolean, lots: number): number {
    const szi = account.positions.get(asset)?.szi ?? 0;
    const opposite = isBuy ? szi < 0 : szi > 0;
    return opposite ? Math.max(0, lots - Math.abs(szi)) : lots;
  }

  hasMarginFor(account: Account, coin: CoinState, isBuy: boolean, px: number, lots: number) {
    const grow = this.increasingLots(account, coin.index, isBuy, lots);
    if (grow === 0) return true;
    const need = px * grow / this.leverageOf(account, coin);
    const free = this.accountValue(account) - this.positionMargin(account) -
      this.orderMargin(account);
    return free >= need;
  }

  /**
   * Margin check of the resting side at a match: the order's own reservation counts as free,
   * so only accounts whose value fell (losses, price moves) lose their resting orders.
   */
  private makerHasMargin(maker: SimOrder, coin: CoinState, lots: number): boolean {
    if (maker.reduceOnly) return true;
    const account = this.accounts.get(maker.user);
    if (!account || account.synthetic) return true;
    const grow = this.increasingLots(account, coin.index, maker.isBuy, lots);
    if (grow === 0) return true;
    const leverage = this.leverageOf(account, coin);
    const free = this.accountValue(account) - this.positionMargin(account) -
      this.orderMargin(account) + maker.px * maker.sz / leverage;
    return free >= maker.px * grow / leverage;
  }

  // ---- order records and updates ------------------------------------------------------------

  record(account: Account, order: SimOrder): void {
    if (account.synthetic) return;
    account.records.set(order.oid, order);
    if (order.cloid !== null) account.cloids.set(order.cloid, order.oid);
    if (account.records.size > MAX_RECORDS_KEPT) {
      for (const [oid, old] of account.records) {
        if (account.records.size <= MAX_RECORDS_KEPT) break;
        if (account.open.has(oid)) continue;
        account.records.delete(oid);
        if (old.cloid !== null && account.cloids.get(old.cloid) === oid) {
          account.cloids.delete(old.cloid);
        }
      }
    }
  }

  setStatus(order: SimOrder, status: string): void {
    order.status = status;
    order.statusTimestamp = this.now;
    const account = this.accounts.get(order.user);
    if (!account || account.synthetic) return;
    this.pushes.addOrderUpdate(order.user, {
      order: wireOrder(this, order),
      status,
      statusTimestamp: this.now,
    });
  }

  // ---- resting orders -----------------------------------------------------------------------

  rest(order: SimOrder): void {
    const coin = this.coins[order.asset] as CoinState;
    coin.book.side(order.isBuy).add(order);
    const account = this.account(order.user);
    account.open.set(order.oid, order);
    this.pushes.dirtyBooks.add(order.asset);
  }

  /** Removes a resting order from book and account, with a final status. */
  removeResting(order: SimOrder, status: string): void {
    const coin = this.coins[order.asset] as CoinState;
    coin.book.side(order.isBuy).remove(order);
    this.accounts.get(order.user)?.open.delete(order.oid);
    this.pushes.dirtyBooks.add(order.asset);
    this.setStatus(order, status);
  }

  // ---- matching -----------------------------------------------------------------------------

  /**
   * Matches an incoming order against the opposite side (price-time priority, self-trade
   * prevention by expiring the maker). Does not rest the remainder.
   */
  match(order: SimOrder): MatchResult {
    const coin = this.coins[order.asset] as CoinState;
    const opposite = coin.book.side(!order.isBuy);
    const result: MatchResult = { filledLots: 0, filledNotional: 0 };
    while (order.sz > 0) {
      const level = opposite.best();
      if (!level) break;
      const crosses = order.isBuy ? level.px <= order.px : level.px >= order.px;
      if (!crosses) break;
      const maker = level.orders[0] as SimOrder;
      if (maker.user === order.user) {
        this.removeResting(maker, "selfTradeCanceled");
        this.count("selfTradeCanceled");
        continue;
      }
      const lots = Math.min(order.sz, maker.sz);
      if (!this.makerHasMargin(maker, coin, lots)) {
        this.removeResting(maker, "marginCanceled");
        this.count("marginCanceled");
        continue;
      }
      maker.sz -= lots;
      order.sz -= lots;
      result.filledLots += lots;
      result.filledNotional += lots * maker.px;
      this.pushes.dirtyBooks.add(coin.index);
      this.trade(coin, order, maker, lots, maker.px);
      if (maker.sz === 0) {
        this.removeResting(maker, "filled");
      }
      this.enforceReduceOnly(maker.user, coin.index);
    }
    return result;
  }

  private trade(
    coin: CoinState,
    taker: SimOrder,
    maker: SimOrder,
    lots: number,
    px: number,
    liquidation?: WireFill["liquidation"],
  ) {
    const notional = lots * px;
    coin.dayNtlVlm += notional;
    coin.dayBaseVlm += lots;
    coin.lastTradePx = px;
    this.count("fills");
    if (!this.account(taker.user).synthetic || !this.account(maker.user).synthetic) {
      this.count("fills.user");
    }
    const hash = `0x${(this.nextHash++).toString(16).padStart(64, "0")}`;
    const buyOid = taker.isBuy ? taker.oid : maker.oid;
    const sellOid = taker.isBuy ? maker.oid : taker.oid;
    const tid = (buyOid * 1_000_003 + sellOid * 7919) % 2 ** 50;
    applyFill(this, taker, coin, lots, px, true, hash, tid, liquidation);
    applyFill(this, maker, coin, lots, px, false, hash, tid);
    this.pushes.addTrade(coin.index, {
      coin: coin.spec.name,
      side: taker.isBuy ? "B" : "A",
      px: this.pxString(coin, px),
      sz: this.szString(coin, lots),
      hash,
      time: this.now,
      tid,
      users: taker.isBuy ? [taker.user, maker.user] : [maker.user, taker.user],
    });
  }

  /** Shrinks or cancels the user's resting reduce-only orders on `asset` after a fill. */
  enforceReduceOnly(user: string, asset: number): void {
    const account = this.accounts.get(user);
    if (!account || account.synthetic) return;
    const szi = account.positions.get(asset)?.szi ?? 0;
    for (const order of [...account.open.values()]) {
      if (order.asset !== asset || !order.reduceOnly) continue;
      const reduces = order.isBuy ? szi < 0 : szi > 0;
      if (!reduces) {
        this.removeResting(order, "reduceOnlyCanceled");
      } else if (order.sz > Math.abs(szi)) {
        order.sz = Math.abs(szi);
        this.pushes.dirtyBooks.add(asset);
      }
    }
  }

  /**
   * Liquidates accounts whose value fell under the maintenance margin (half the initial margin
   * at max leverage): their orders are cancelled (liquidatedCanceled) and every position is
   * closed at the mark against the exchange's backstop, as a taker fill with `liquidation`.
   */
  liquidateUnderwater(): void {
    for (const account of this.accounts.values()) {
      if (account.synthetic || account.positions.size === 0) continue;
      let maintenance = 0;
      for (const [asset, position] of account.positions) {
        const coin = this.coins[asset] as CoinState;
        maintenance += Math.abs(position.szi) * this.markUnits(coin) /
          (2 * coin.spec.maxLeverage);
      }
      if (this.accountValue(account) >= maintenance) continue;
      this.count("liquidations");
      this.cancelAll(account, "liquidatedCanceled");
      for (const [asset, position] of [...account.positions]) {
        const coin = this.coins[asset] as CoinState;
        const mark = this.markUnits(coin);
        const lots = Math.abs(position.szi);
        const isBuy = position.szi < 0;
        const mine = this.newOrder(
          account.address,
          coin,
          isBuy,
          mark,
          lots,
          lots,
          "Ioc",
          true,
          null,
        );
        const backstop = this.newOrder(
          BACKSTOP,
          coin,
          !isBuy,
          mark,
          lots,
          lots,
          "Gtc",
          false,
          null,
        );
        mine.sz = 0;
        mine.status = "filled";
        this.record(account, mine);
        this.trade(coin, mine, backstop, lots, mark, {
          liquidatedUser: account.address,
          markPx: this.pxString(coin, mark),
          method: "market",
        });
      }
    }
  }

  /** Cancels every open order of the account with `status`. */
  cancelAll(account: Account, status: string): number {
    let n = 0;
    for (const order of [...account.open.values()]) {
      this.removeResting(order, status);
      n++;
    }
    return n;
  }

  newOrder(
    user: string,
    coin: CoinState,
    isBuy: boolean,
    px: number,
    lots: number,
    origLots: number,
    tif: Tif,
    reduceOnly: boolean,
    cloid: string | null,
  ): SimOrder {
    return {
      oid: this.allocateOid(),
      user,
      asset: coin.index,
      isBuy,
      px,
      sz: lots,
      origSz: origLots,
      timestamp: this.now,
      cloid,
      reduceOnly,
      tif,
      status: "open",
      statusTimestamp: this.now,
    };
  }

  avgPxString(coin: CoinState, result: MatchResult): string {
    const units = result.filledNotional / result.filledLots;
    return formatFloat(units / 10 ** coin.pxDecimals, coin.pxDecimals + 2);
  }

  /** The fills of the account, newest first, at most 2000. */
  recentFills(account: Account): WireFill[] {
    return account.fills.slice(-MAX_FILLS_KEPT).reverse();
  }
}
