import assert from "node:assert/strict";
import type { SimExchangeCore } from "../../../src/sim/market/api.ts";
import { createSimExchangeCore } from "../../../src/sim/market/exchange_core.ts";
import {
  DEFAULT_MARKET_PROFILE,
  isMarketProfileName,
  MARKET_PROFILE_NAMES,
  type MarketProfileName,
  profileMarketOptions,
} from "../../../src/sim/market/market_profiles.ts";
import { DEFAULT_SYNTHETIC } from "../../../src/sim/market/synthetic_market.ts";
import { ALICE, ETH, fills, info, T0 } from "./helpers.ts";

type Book = { levels: { px: string; sz: string; n: number }[][] };

function coreFor(profile: MarketProfileName, seed: number): SimExchangeCore {
  const core = createSimExchangeCore({ ...profileMarketOptions(profile), seed, startMs: T0 });
  core.fund(ALICE, 1_000_000);
  return core;
}

/**
 * A maker that joins the best bid and ask of ETH (behind the queue already there) every second
 * for 60 s of simulated time; returns its fill count and the taker orders the market sent.
 */
function makerAtTouch(profile: MarketProfileName, seed: number): { fills: number; takers: number } {
  const core = coreFor(profile, seed);
  for (let s = 0; s < 60; s++) {
    core.execute(ALICE, {
      type: "cancel",
      cancels: info<{ oid: number }[]>(core, { type: "openOrders", user: ALICE }).map((o) => ({
        a: ETH,
        o: o.oid,
      })),
    });
    const book = info<Book>(core, { type: "l2Book", coin: "ETH" });
    const bid = book.levels[0]?.[0]?.px;
    const ask = book.levels[1]?.[0]?.px;
    const orders = [];
    if (bid) {
      orders.push({ a: ETH, b: true, p: bid, s: "0.5", r: false, t: { limit: { tif: "Alo" } } });
    }
    if (ask) {
      orders.push({ a: ETH, b: false, p: ask, s: "0.5", r: false, t: { limit: { tif: "Alo" } } });
    }
    core.execute(ALICE, { type: "order", orders, grouping: "na" });
    core.advance(T0 + (s + 1) * 1000);
  }
  const takers = Number(core.stats()["takerFlow.orders"] ?? 0);
  return { fills: fills(core, ALICE).length, takers };
}

Deno.test("market profiles: busy is the default and today's market; names are checked", () => {
  assert.equal(DEFAULT_MARKET_PROFILE, "busy");
  assert.deepEqual([...MARKET_PROFILE_NAMES].sort(), ["busy", "calm", "thin"]);
  assert.ok(isMarketProfileName("thin"));
  assert.ok(!isMarketProfileName("Thin"));
  const busy = profileMarketOptions("busy");
  assert.equal(busy.takerRatePerSec, DEFAULT_SYNTHETIC.takerRatePerSec);
  assert.equal(busy.volatilityScale, 1);
  assert.deepEqual(busy.market, {});
  // Explicit options win over the profile; the synthetic tuning merges field by field.
  const tuned = profileMarketOptions("thin", { takerRatePerSec: 3, market: { halfSpreadBps: 5 } });
  assert.equal(tuned.takerRatePerSec, 3);
  assert.equal(tuned.market?.halfSpreadBps, 5);
  assert.equal(
    tuned.market?.levelNotionalUsd,
    profileMarketOptions("thin").market?.levelNotionalUsd,
  );
});

Deno.test("market profiles: busy with no profile options is the same market as before", () => {
  const plain = createSimExchangeCore({ seed: 4, startMs: T0 });
  const busy = createSimExchangeCore({ ...profileMarketOptions("busy"), seed: 4, startMs: T0 });
  plain.advance(T0 + 20_000);
  busy.advance(T0 + 20_000);
  assert.deepEqual(info(busy, { type: "allMids" }), info(plain, { type: "allMids" }));
  assert.deepEqual(busy.stats(), plain.stats());
});

Deno.test("market profiles: thin has fewer takers and deeper queues, so a maker at the touch fills far less", () => {
  for (const seed of [1, 2, 3]) {
    const busy = makerAtTouch("busy", seed);
    const thin = makerAtTouch("thin", seed);
    assert.ok(
      thin.takers * 4 < busy.takers,
      `seed ${seed}: takers ${thin.takers} vs ${busy.takers}`,
    );
    assert.ok(busy.fills > 0, `seed ${seed}: busy gave no fills`);
    assert.ok(
      thin.fills * 3 < busy.fills,
      `seed ${seed}: fills thin ${thin.fills} busy ${busy.fills}`,
    );
  }
  // Deeper competing queues: the displayed size per level is far larger.
  const depth = (profile: MarketProfileName) => {
    const book = info<Book>(coreFor(profile, 1), { type: "l2Book", coin: "ETH" });
    return Number(book.levels[0]?.[0]?.sz);
  };
  assert.ok(depth("thin") > 5 * depth("busy"), `${depth("thin")} vs ${depth("busy")}`);
});

Deno.test("market profiles: calm moves less than busy on the same seed", () => {
  const pathLength = (profile: MarketProfileName) => {
    let total = 0;
    for (const seed of [1, 2, 3]) {
      const core = coreFor(profile, seed);
      let last = Number(info<Record<string, string>>(core, { type: "allMids" }).BTC);
      for (let s = 1; s <= 120; s++) {
        core.advance(T0 + s * 1000);
        const mid = Number(info<Record<string, string>>(core, { type: "allMids" }).BTC);
        total += Math.abs(Math.log(mid / last));
        last = mid;
      }
    }
    return total;
  };
  const calm = pathLength("calm");
  const busy = pathLength("busy");
  assert.ok(calm < busy / 2, `calm ${calm} busy ${busy}`);
  assert.ok(profileMarketOptions("calm").takerRatePerSec! < DEFAULT_SYNTHETIC.takerRatePerSec);
  assert.ok(
    profileMarketOptions("calm").takerRatePerSec! > profileMarketOptions("thin").takerRatePerSec!,
  );
});
