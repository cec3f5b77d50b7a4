import assert from "node:assert/strict";
import type { RejectReason } from "../../src/core/types.ts";
import { rejected, rejectReason } from "../../src/gateway/reject_reason.ts";

/** Per reason, the texts that must get it, each with its section of the reference. */
type Texts = {
  readonly [R in RejectReason]?: readonly (readonly [text: string, section: string])[];
};

/**
 * The exchange's texts as ../shared/reference/hyperliquid-api.md records them: those that refuse
 * the whole action (`wholeAction`), then those that do not, by the reason each must get.
 */
const WHOLE_ACTION: Texts = {
  addressBudget: [[
    "Too many cumulative requests sent (97460 > 97456) for cumulative volume traded $87457.46. " +
    "Place taker orders to free up 1 request per USDC traded.",
    "§2.6",
  ]],
  nonce: [
    ["Invalid nonce: duplicate nonce 1713825891591", "§4.9"],
    ["Invalid nonce: nonce too low 1713825891591 < 1713825891600", "§4.9"],
  ],
  other: [
    ["Unable to recover signer.", "§4.9"],
    ["Must deposit before performing actions. User: 0xabc", "§4.9"],
    ["Signed action over weight limit of 200.", "§2.5"],
  ],
};
const NOT_WHOLE_ACTION: Texts = {
  rateLimited: [
    ["too many pending post requests id=17", "§2.2"],
    ["HTTP 429 Too Many Requests", "§2.4"],
  ],
  alreadyGone: [["Order was never placed, already canceled, or filled. asset=4", "§4.4"]],
  postOnlyWouldMatch: [
    ["Post only order would have immediately matched, bbo was 64143@64144. asset=0", "§4.9"],
  ],
  minNotional: [["Order must have minimum value of $10. asset=4", "§4.3"]],
  tickOrLot: [
    ["Price must be divisible by tick size.", "§4.9"],
    ["Order has invalid price.", "§4.9"],
    ["Order has invalid size.", "§4.9"],
    ["Order has zero size.", "§4.9"],
  ],
  margin: [
    ["Insufficient margin to place order.", "§4.9"],
    ["Order would cause position to exceed margin tier limit at current leverage", "§4.9"],
  ],
  other: [
    ["Reduce only order would increase position.", "§4.9"],
    ["Order price too far from oracle", "§4.9"],
  ],
};

Deno.test("the exchange's rejection texts get their typed reason (reference §4.9)", () => {
  for (const [texts, wholeAction] of [[WHOLE_ACTION, true], [NOT_WHOLE_ACTION, false]] as const) {
    for (const [reason, rows] of Object.entries(texts)) {
      for (const [text, section] of rows) {
        assert.equal(rejectReason(text), reason, `${section}: ${text}`);
        const r = rejected(text);
        assert.equal(r.reason, reason, text);
        assert.equal(r.text, text, "the text is kept");
        assert.equal(r.wholeAction, wholeAction, `${section} whole action: ${text}`);
      }
    }
  }
});

Deno.test("a top-level err refuses the whole action whatever its text", () => {
  assert.equal(rejected("Order price too far from oracle", true).wholeAction, true);
});

Deno.test("the same refusal with other figures has the same key", () => {
  const a = rejected("Cannot set scheduled cancel time until enough volume traded. Traded: $0.");
  const b = rejected("Cannot set scheduled cancel time until enough volume traded. Traded: $32.5.");
  assert.equal(a.key, b.key);
  assert.notEqual(a.key, rejected("Unable to recover signer.").key);
});

Deno.test("no module outside the gateway reads rejection texts", async () => {
  // The texts the classifier owns, as they would appear in a regex or a string test.
  const phrases = [
    "too many cumulative",
    "never placed",
    "immediately matched",
    "minimum value",
    "insufficient margin",
    "invalid nonce",
    "tick size",
  ];
  const offenders: string[] = [];
  const root = new URL("../../src/", import.meta.url);
  const walk = async (dir: URL, rel: string): Promise<void> => {
    for await (const e of Deno.readDir(dir)) {
      const path = `${rel}${e.name}`;
      if (e.isDirectory) {
        // The gateway classifies; the simulator is the exchange and writes these texts.
        if (path === "gateway" || path === "sim") continue;
        await walk(new URL(`${e.name}/`, dir), `${path}/`);
      } else if (e.name.endsWith(".ts") && path !== "backtest/venue.ts") {
        // (backtest/venue.ts models the exchange: it writes these texts, typed at the source.)
        const text = (await Deno.readTextFile(new URL(e.name, dir))).toLowerCase();
        for (const p of phrases) if (text.includes(p)) offenders.push(`${path}: ${p}`);
      }
    }
  };
  await walk(root, "");
  assert.deepEqual(offenders, []);
});
