import assert from "node:assert/strict";
import fc from "fast-check";
import { ALICE, BOB, CAROL, type Fill, fills, info, micro, quietCore, wire } from "./helpers.ts";

const USERS = [ALICE, BOB, CAROL];
type Book = { levels: { px: string; sz: string; n: number }[][] };
type Open = { coin: string; side: string; limitPx: string; sz: string; oid: number };

const step = fc.oneof(
  fc.record({
    kind: fc.constant("order" as const),
    user: fc.integer({ min: 0, max: 2 }),
    b: fc.boolean(),
    px: fc.integer({ min: 3490, max: 3510 }),
    sz: fc.integer({ min: 1, max: 40 }),
    tif: fc.constantFrom("Gtc" as const, "Ioc" as const, "Alo" as const),
    r: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("cancel" as const),
    user: fc.integer({ min: 0, max: 2 }),
    pick: fc.nat(),
  }),
  fc.record({
    kind: fc.constant("modify" as const),
    user: fc.integer({ min: 0, max: 2 }),
    pick: fc.nat(),
    px: fc.integer({ min: 3490, max: 3510 }),
  }),
);

Deno.test("random trading keeps the book, open orders, positions and cash consistent", () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
      const core = quietCore();
      for (const s of steps) {
        const user = USERS[s.user] as string;
        const open = info<Open[]>(core, { type: "openOrders", user });
        let answer;
        if (s.kind === "order") {
          const order = wire({
            a: 1,
            b: s.b,
            p: String(s.px),
            s: (s.sz / 100).toFixed(2),
            tif: s.tif,
            r: s.r,
          });
          answer = core.execute(user, { type: "order", orders: [order], grouping: "na" });
        } else if (s.kind === "cancel") {
          const target = open[s.pick % Math.max(1, open.length)];
          answer = core.execute(user, { type: "cancel", cancels: [{ a: 1, o: target?.oid ?? 1 }] });
        } else {
          const target = open[s.pick % Math.max(1, open.length)];
          answer = core.execute(user, {
            type: "modify",
            oid: target?.oid ?? 1,
            order: wire({ a: 1, b: target?.side === "B", p: String(s.px), s: "0.1" }),
          });
        }
        assert.equal(answer.httpStatus, 200);
      }
      // the book is never crossed and equals the users' open orders
      const book = info<Book>(core, { type: "l2Book", coin: "ETH" });
      const [bids = [], asks = []] = book.levels;
      if (bids[0] && asks[0]) assert.ok(Number(bids[0].px) < Number(asks[0].px));
      const fromOrders = new Map<string, number>();
      for (const user of USERS) {
        for (const o of info<Open[]>(core, { type: "openOrders", user })) {
          assert.ok(Number(o.sz) > 0);
          const key = `${o.side}${Number(o.limitPx)}`;
          fromOrders.set(key, (fromOrders.get(key) ?? 0) + Math.round(Number(o.sz) * 1e4));
        }
      }
      const fromBook = new Map<string, number>();
      for (const l of bids) fromBook.set(`B${Number(l.px)}`, Math.round(Number(l.sz) * 1e4));
      for (const l of asks) fromBook.set(`A${Number(l.px)}`, Math.round(Number(l.sz) * 1e4));
      assert.deepEqual(fromBook, fromOrders);
      // positions net to zero; cash = funding + closedPnl - fees
      let net = 0;
      for (const user of USERS) {
        const state = info<{
          assetPositions: { position: { szi: string; unrealizedPnl: string } }[];
          marginSummary: { accountValue: string };
        }>(core, { type: "clearinghouseState", user });
        let unrealized = 0;
        for (const p of state.assetPositions) {
          net += Math.round(Number(p.position.szi) * 1e4);
          unrealized += micro(p.position.unrealizedPnl);
        }
        const all: Fill[] = fills(core, user);
        const cash = all.reduce((sum, f) => sum + micro(f.closedPnl) - micro(f.fee), 100_000e6);
        assert.equal(micro(state.marginSummary.accountValue) - unrealized, cash);
      }
      assert.equal(net, 0);
    }),
    { numRuns: 60 },
  );
});
