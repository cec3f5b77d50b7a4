/** A tiny stand-in exchange core for protocol-server tests (no matching, fixed book). */
import type { SimAnswer, SimExchangeCore, SimPush } from "../../../src/sim/market/api.ts";

export class FakeCore implements SimExchangeCore {
  now = 0;
  readonly balances = new Map<string, number>();
  readonly agents = new Map<string, string>();
  readonly cumVol = new Map<string, number>();
  readonly reserved = new Map<string, number>();
  readonly executed: { user: string; action: unknown }[] = [];
  readonly listeners: ((p: SimPush) => void)[] = [];
  nextOid = 1;
  bookVersion = 0;

  nowMs(): number {
    return this.now;
  }

  book(): unknown {
    const levels = (side: number) =>
      Array.from({ length: 20 }, (_, i) => ({
        px: String(side === 0 ? 100 - i : 101 + i),
        sz: String(1 + this.bookVersion),
        n: 1,
      }));
    return { coin: "BTC", time: this.now, levels: [levels(0), levels(1)] };
  }

  advance(nowMs: number): void {
    this.now = nowMs;
  }

  /** Test hook: change the book and push it. */
  bumpBook(): void {
    this.bookVersion++;
    this.emit({ channel: "l2Book", coin: "BTC", data: this.book() });
  }

  emit(p: SimPush): void {
    for (const l of this.listeners) l(p);
  }

  info(body: unknown): SimAnswer {
    const type = (body as { type?: unknown }).type;
    switch (type) {
      case "meta":
        return {
          httpStatus: 200,
          body: { universe: [{ name: "BTC", szDecimals: 5, maxLeverage: 50 }] },
        };
      case "l2Book":
        return { httpStatus: 200, body: this.book() };
      case "allMids":
        return { httpStatus: 200, body: { BTC: "100.5" } };
      case "userFills":
        return { httpStatus: 200, body: Array.from({ length: 45 }, (_, i) => ({ tid: i })) };
      case "openOrders":
        return { httpStatus: 200, body: [] };
      default:
        return {
          httpStatus: 422,
          body: "Failed to deserialize the JSON body into the target type",
        };
    }
  }

  execute(user: string, action: unknown): SimAnswer {
    this.executed.push({ user, action });
    const a = action as { type: string; orders?: unknown[]; cancels?: unknown[] };
    if (a.type === "order") {
      return {
        httpStatus: 200,
        body: {
          status: "ok",
          response: {
            type: "order",
            data: { statuses: (a.orders ?? []).map(() => ({ resting: { oid: this.nextOid++ } })) },
          },
        },
      };
    }
    if (a.type === "cancel" || a.type === "cancelByCloid") {
      return {
        httpStatus: 200,
        body: {
          status: "ok",
          response: { type: "cancel", data: { statuses: (a.cancels ?? []).map(() => "success") } },
        },
      };
    }
    return { httpStatus: 200, body: { status: "ok", response: { type: "default" } } };
  }

  batchLength(action: unknown): number {
    const a = action as Record<string, unknown>;
    for (const k of ["orders", "cancels", "modifies"]) {
      const v = a[k];
      if (Array.isArray(v)) return v.length;
    }
    return 0;
  }

  blockPriority(action: unknown): number {
    const a = action as { type?: string; orders?: { t?: { limit?: { tif?: string } } }[] };
    if (a.type === "cancel" || a.type === "cancelByCloid") return 1;
    if (a.type === "order" && (a.orders ?? []).some((o) => o.t?.limit?.tif !== "Alo")) return 2;
    return 0;
  }

  reservedRequests(user: string): number {
    return this.reserved.get(user) ?? 0;
  }

  cumVolumeUsd(user: string): number {
    return this.cumVol.get(user) ?? 0;
  }

  fund(user: string, usd: number): void {
    this.balances.set(user.toLowerCase(), (this.balances.get(user.toLowerCase()) ?? 0) + usd);
  }

  approveAgent(master: string, agent: string): void {
    this.agents.set(agent.toLowerCase(), master.toLowerCase());
  }

  accountOf(signer: string): string {
    return this.agents.get(signer.toLowerCase()) ?? signer.toLowerCase();
  }

  knows(address: string): boolean {
    return this.balances.has(address.toLowerCase()) || this.agents.has(address.toLowerCase());
  }

  snapshotFor(sub: Record<string, unknown>): SimPush | null {
    if (sub.type === "l2Book") return { channel: "l2Book", coin: "BTC", data: this.book() };
    if (sub.type === "userFills") {
      return {
        channel: "userFills",
        user: String(sub.user),
        data: { isSnapshot: true, user: sub.user, fills: [] },
      };
    }
    return null;
  }

  onPush(listener: (push: SimPush) => void): void {
    this.listeners.push(listener);
  }

  readonly noted = new Map<string, number>();

  noteRequests(user: string, count: number): void {
    this.noted.set(user, (this.noted.get(user) ?? 0) + count);
  }

  stats(): Record<string, unknown> {
    return { executed: this.executed.length };
  }
}
