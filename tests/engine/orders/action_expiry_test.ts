import assert from "node:assert/strict";
import { actionExpiryMs, unknownWriteOffMs } from "../../../src/engine/orders/action_expiry.ts";

Deno.test("an unanswered order is written off only well after its action expired", () => {
  for (const timeoutMs of [100, 1_000, 5_000, 10_000, 60_000, 120_000]) {
    const expiry = actionExpiryMs(timeoutMs);
    const writeOff = unknownWriteOffMs(timeoutMs);
    assert.ok(expiry >= 2_000, `expiry ${expiry} too short to reach the exchange`);
    assert.ok(writeOff - expiry >= 5_000, `margin ${writeOff - expiry} for clock skew`);
  }
});
