/**
 * Whole-bot: an action sent as a WS `post` is answered on the `error` channel (as a request the
 * server could not parse, echoing it) instead of on `post`, injected by `/sim/faults`
 * `postErrorChannel`. Nothing ran: the post is settled at once from the echoed id as `rejected`
 * (not left to time out as `unknown`), the bot goes on, sends no order twice, and its view ends
 * equal to the exchange's open orders.
 */
import { setupQuoting, teardown, waitFor } from "../app/_harness.ts";
import { assertReconciled, HARNESS_LEVELS, outcomes } from "./_sim_answers.ts";

Deno.test("an error-channel answer to an action post: rejected at once, reconciled", async () => {
  const s = await setupQuoting({ vol: 0.0008, takerRatePerSec: 0 });
  try {
    const before = outcomes(s.bot, "rejected");
    await s.faults({ postErrorChannel: { count: 2 } });
    await waitFor("2 error-channel answers", async () => {
      const f = (await s.stats()).faults as { injected: { postErrorChannel: number } };
      return f.injected.postErrorChannel === 2;
    });
    // Typed outcome from the echoed id (a post timeout would have said "unknown").
    await waitFor("rejected outcomes", () => outcomes(s.bot, "rejected") > before);
    await waitFor(
      "the rejection, with the server's text",
      () =>
        s.logs.some((l) =>
          l.msg.endsWith(" rejected") &&
          String(l.fields.text).startsWith("Error parsing JSON into valid websocket request")
        ),
    );
    await assertReconciled(s.bot, s.openOrders, s.actions, HARNESS_LEVELS);
  } finally {
    await teardown(s);
  }
});
