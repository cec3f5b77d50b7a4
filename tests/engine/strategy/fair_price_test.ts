import assert from "node:assert/strict";
import { fairPrice, type TopOfBook } from "../../../src/engine/strategy/fair_price.ts";

const top = (bid: [number, number] | null, ask: [number, number] | null): TopOfBook => ({
  bid: bid && { px: bid[0], sz: bid[1] },
  ask: ask && { px: ask[0], sz: ask[1] },
});

const cases: Array<[string, TopOfBook, "mid" | "microprice", number | null]> = [
  ["mid", top([99, 1], [101, 3]), "mid", 100],
  ["microprice leans to the thinner side", top([99, 1], [101, 3]), "microprice", 99.5],
  ["microprice with equal sizes is mid", top([99, 2], [101, 2]), "microprice", 100],
  ["microprice with no size falls back to mid", top([99, 0], [101, 0]), "microprice", 100],
  ["no bid", top(null, [101, 1]), "mid", null],
  ["no ask", top([99, 1], null), "microprice", null],
  ["locked book", top([100, 1], [100, 1]), "mid", null],
  ["crossed book", top([101, 1], [100, 1]), "mid", null],
];

for (const [name, t, mode, want] of cases) {
  Deno.test(`fairPrice: ${name}`, () => assert.equal(fairPrice(t, mode), want));
}
