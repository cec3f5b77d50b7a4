/** Shared builders for the exchange-core tests. */
import type { SimExchangeCore, SimMarketOptions, SimPush } from "../../../src/sim/market/api.ts";
import { createSimExchangeCore } from "../../../src/sim/market/exchange_core.ts";

export const T0 = 1_764_000_000_000;
export const ALICE = "0xa000000000000000000000000000000000000001";
export const BOB = "0xb000000000000000000000000000000000000002";
export const CAROL = "0xc000000000000000000000000000000000000003";
export const BTC = 0;
export const ETH = 1;
export const SOL = 2;

/** A core with no background liquidity and no taker flow: only the test's orders trade. */
export function quietCore(extra: Partial<SimMarketOptions> = {}): SimExchangeCore {
  const core = createSimExchangeCore({
    seed: 7,
    startMs: T0,
    takerRatePerSec: 0,
    market: { ladderLevels: 0 },
    ...extra,
  });
  for (const user of [ALICE, BOB, CAROL]) core.fund(user, 100_000);
  return core;
}

export type Tif = "Gtc" | "Ioc" | "Alo";

export interface OrderArgs {
  a: number;
  b: boolean;
  p: string;
  s: string;
  tif?: Tif;
  r?: boolean;
  c?: string;
}

export function wire(o: OrderArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {
    a: o.a,
    b: o.b,
    p: o.p,
    s: o.s,
    r: o.r ?? false,
    t: { limit: { tif: o.tif ?? "Gtc" } },
  };
  if (o.c !== undefined) out.c = o.c;
  return out;
}

/** Places orders and returns the statuses array. */
export function place(core: SimExchangeCore, user: string, ...orders: OrderArgs[]): unknown[] {
  const answer = core.execute(user, { type: "order", orders: orders.map(wire), grouping: "na" });
  const body = answer.body as { status: string; response: { data: { statuses: unknown[] } } };
  if (body.status !== "ok") throw new Error(`order failed: ${JSON.stringify(body)}`);
  return body.response.data.statuses;
}

export function placeOne(core: SimExchangeCore, user: string, order: OrderArgs): unknown {
  return place(core, user, order)[0];
}

export function restingOid(status: unknown): number {
  const s = status as { resting?: { oid: number } };
  if (!s.resting) throw new Error(`not resting: ${JSON.stringify(status)}`);
  return s.resting.oid;
}

export function info<T = unknown>(core: SimExchangeCore, body: Record<string, unknown>): T {
  const answer = core.info(body);
  if (answer.httpStatus !== 200) throw new Error(`info ${answer.httpStatus}`);
  return answer.body as T;
}

export interface Fill {
  coin: string;
  px: string;
  sz: string;
  side: string;
  closedPnl: string;
  fee: string;
  crossed: boolean;
  oid: number;
  dir: string;
  startPosition: string;
  time: number;
  cloid?: string;
  liquidation?: unknown;
}

export function fills(core: SimExchangeCore, user: string): Fill[] {
  return info<Fill[]>(core, { type: "userFills", user });
}

export function accountValueMicro(core: SimExchangeCore, user: string): number {
  const state = info<{ marginSummary: { accountValue: string } }>(core, {
    type: "clearinghouseState",
    user,
  });
  return micro(state.marginSummary.accountValue);
}

export function micro(usd: string): number {
  return Math.round(Number(usd) * 1e6);
}

export function collect(core: SimExchangeCore): SimPush[] {
  const pushes: SimPush[] = [];
  core.onPush((p) => pushes.push(p));
  return pushes;
}

export function cloid(n: number): string {
  return `0x${n.toString(16).padStart(32, "0")}`;
}
