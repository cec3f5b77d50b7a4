import assert from "node:assert/strict";
import type { Cloid } from "../../src/core/types.ts";
import { actionOutcome, cancelOutcomes, orderOutcomes } from "../../src/gateway/exchange_answer.ts";

const C1 = "0x000000000000000000000000000000a1" as Cloid;

Deno.test("an echoed cloid wins over the sent one and is lowercased", () => {
  const out = orderOutcomes({
    status: "ok",
    response: {
      type: "order",
      data: { statuses: [{ resting: { oid: 5, cloid: "0x000000000000000000000000000000B2" } }] },
    },
  }, [C1]);
  assert.deepEqual(out, [{ kind: "resting", oid: 5, cloid: "0x000000000000000000000000000000b2" }]);
});

Deno.test("missing statuses and unrecognised answers are unknown, never rejected", () => {
  assert.deepEqual(
    orderOutcomes({ status: "ok", response: { type: "default" } }, [C1]).map((o) => o.kind),
    ["unknown"],
  );
  assert.deepEqual(
    orderOutcomes({
      status: "ok",
      response: { type: "order", data: { statuses: [{ resting: { oid: 1 } }] } },
    }, [C1, C1]).map((o) => o.kind),
    ["resting", "unknown"],
  );
  assert.deepEqual(orderOutcomes(null, [C1]).map((o) => o.kind), ["unknown"]);
  assert.deepEqual(orderOutcomes("garbage", [C1]).map((o) => o.kind), ["unknown"]);
  assert.deepEqual(
    orderOutcomes({ status: "ok", response: { type: "order", data: { statuses: [{ x: 1 }] } } }, [
      C1,
    ]).map((o) => o.kind),
    ["unknown"],
  );
  assert.deepEqual(cancelOutcomes({ weird: true }, 2).map((o) => o.kind), ["unknown", "unknown"]);
  assert.equal(actionOutcome(undefined).kind, "unknown");
});

Deno.test("a batchModify answered with bare success is unknown (no oid to track)", () => {
  const out = orderOutcomes({
    status: "ok",
    response: { type: "batchModify", data: { statuses: ["success"] } },
  }, [C1]);
  assert.deepEqual(out, [{ kind: "unknown", reason: "success" }]);
});

Deno.test("a non-string top-level err response is stringified", () => {
  assert.deepEqual(actionOutcome({ status: "err", response: { code: 1 } }), {
    kind: "rejected",
    reason: "other",
    text: '{"code":1}',
    key: '{"code":#}',
    wholeAction: true,
  });
});
