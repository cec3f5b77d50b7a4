import type { WireFill } from "./types.ts";

/** Gathers what one core call changed; the core turns it into pushes when the call ends. */
export class PushCollector {
  readonly orderUpdates = new Map<string, unknown[]>();
  readonly fills = new Map<string, WireFill[]>();
  readonly trades = new Map<number, unknown[]>();
  readonly dirtyBooks = new Set<number>();
  midsChanged = false;

  addOrderUpdate(user: string, update: unknown): void {
    const list = this.orderUpdates.get(user);
    if (list) list.push(update);
    else this.orderUpdates.set(user, [update]);
  }

  addFill(user: string, fill: WireFill): void {
    const list = this.fills.get(user);
    if (list) list.push(fill);
    else this.fills.set(user, [fill]);
  }

  addTrade(asset: number, trade: unknown): void {
    const list = this.trades.get(asset);
    if (list) list.push(trade);
    else this.trades.set(asset, [trade]);
  }

  clear(): void {
    this.orderUpdates.clear();
    this.fills.clear();
    this.trades.clear();
    this.dirtyBooks.clear();
    this.midsChanged = false;
  }
}
