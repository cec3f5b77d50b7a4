import assert from "node:assert/strict";
import {
  batchModifyAction,
  cancelAction,
  cancelByCloidAction,
  orderAction,
  scheduleCancelAction,
} from "../../src/gateway/actions.ts";
import type { Cloid, OrderIntent } from "../../src/core/types.ts";

const CLOID_UPPER = "0x1234567890ABCDEF1234567890ABCDEF" as Cloid;

const bid: OrderIntent = {
  coin: "BTC",
  assetId: 0,
  side: "bid",
  px: "30000",
  sz: "0.1",
  tif: "Alo",
  reduceOnly: false,
  cloid: CLOID_UPPER,
};

Deno.test("order action keys are in wire order and the cloid is lowercased", () => {
  assert.equal(
    JSON.stringify(orderAction([bid, { ...bid, side: "ask", tif: "Ioc", reduceOnly: true }])),
    '{"type":"order","orders":[' +
      '{"a":0,"b":true,"p":"30000","s":"0.1","r":false,"t":{"limit":{"tif":"Alo"}},' +
      '"c":"0x1234567890abcdef1234567890abcdef"},' +
      '{"a":0,"b":false,"p":"30000","s":"0.1","r":true,"t":{"limit":{"tif":"Ioc"}},' +
      '"c":"0x1234567890abcdef1234567890abcdef"}],"grouping":"na"}',
  );
});

Deno.test("order without a cloid leaves the c key out", () => {
  const noCloid = { ...bid, cloid: undefined } as unknown as OrderIntent;
  const action = orderAction([noCloid]);
  assert.equal(
    JSON.stringify(action),
    '{"type":"order","orders":[{"a":0,"b":true,"p":"30000","s":"0.1","r":false,' +
      '"t":{"limit":{"tif":"Alo"}}}],"grouping":"na"}',
  );
  assert.equal("c" in (action.orders[0] ?? {}), false);
});

Deno.test("cancel action uses a/o keys", () => {
  assert.equal(
    JSON.stringify(cancelAction([{ assetId: 3, oid: 77738308 }, { assetId: 0, oid: 1 }])),
    '{"type":"cancel","cancels":[{"a":3,"o":77738308},{"a":0,"o":1}]}',
  );
});

Deno.test("cancelByCloid action uses asset/cloid keys with a lowercase cloid", () => {
  assert.equal(
    JSON.stringify(cancelByCloidAction([{ assetId: 4, cloid: CLOID_UPPER }])),
    '{"type":"cancelByCloid","cancels":[{"asset":4,' +
      '"cloid":"0x1234567890abcdef1234567890abcdef"}]}',
  );
});

Deno.test("batchModify action targets by oid or lowercase cloid", () => {
  assert.equal(
    JSON.stringify(batchModifyAction([
      { target: 123, order: bid },
      { target: CLOID_UPPER, order: { ...bid, px: "30001", tif: "Gtc" } },
    ])),
    '{"type":"batchModify","modifies":[' +
      '{"oid":123,"order":{"a":0,"b":true,"p":"30000","s":"0.1","r":false,' +
      '"t":{"limit":{"tif":"Alo"}},"c":"0x1234567890abcdef1234567890abcdef"}},' +
      '{"oid":"0x1234567890abcdef1234567890abcdef","order":{"a":0,"b":true,"p":"30001",' +
      '"s":"0.1","r":false,"t":{"limit":{"tif":"Gtc"}},' +
      '"c":"0x1234567890abcdef1234567890abcdef"}}]}',
  );
});

Deno.test("scheduleCancel sets a time or leaves it out to clear", () => {
  assert.equal(
    JSON.stringify(scheduleCancelAction(1713825960000)),
    '{"type":"scheduleCancel","time":1713825960000}',
  );
  const clear = scheduleCancelAction(null);
  assert.equal(JSON.stringify(clear), '{"type":"scheduleCancel"}');
  assert.equal("time" in clear, false);
});
