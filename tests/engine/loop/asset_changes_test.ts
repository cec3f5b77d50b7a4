import assert from "node:assert/strict";
import type { AssetMeta } from "../../../src/core/types.ts";
import { assetChanges } from "../../../src/engine/loop/asset_changes.ts";

const BTC: AssetMeta = { coin: "BTC", assetId: 0, szDecimals: 5, maxLeverage: 40 };
const ETH: AssetMeta = { coin: "ETH", assetId: 1, szDecimals: 4, maxLeverage: 25 };
const known = new Map([[BTC.coin, BTC], [ETH.coin, ETH]]);

Deno.test("assetChanges: same rules or a new listing elsewhere report nothing", () => {
  const listed: AssetMeta = { coin: "NEW", assetId: 2, szDecimals: 0, maxLeverage: 3 };
  assert.deepEqual(assetChanges(known, [BTC, ETH, listed], ["BTC", "ETH"]), []);
});

Deno.test("assetChanges: delisted, gone, moved and changed rules of quoted coins", () => {
  const fresh: AssetMeta[] = [
    { ...BTC, szDecimals: 4, maxLeverage: 20, isDelisted: true },
    { ...ETH, assetId: 7 },
  ];
  assert.deepEqual(assetChanges(known, fresh, ["BTC", "ETH"]), [
    "BTC: delisted",
    "BTC: szDecimals 5 -> 4",
    "BTC: maxLeverage 40 -> 20",
    "ETH: asset id 1 -> 7",
  ]);
  assert.deepEqual(assetChanges(known, [BTC], ["ETH"]), ["ETH: no longer listed in meta"]);
  assert.deepEqual(assetChanges(known, fresh, []), [], "coins not quoted are not checked");
});
