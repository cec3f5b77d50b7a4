import { rejected } from "../../../src/gateway/reject_reason.ts";
import assert from "node:assert/strict";
import type { RiskConfig } from "../../../src/config/schema.ts";
import {
  coinMode,
  initialRiskState,
  reduceRisk,
  type RiskEvent,
  type RiskState,
} from "../../../src/engine/risk/risk_state.ts";

const cfg: RiskConfig = {
  maxLossUsd: 100,
  maxConsecutiveRejects: 3,
  maxRateLimitErrors: 3,
  minAddressBudget: 200,
  resumeAddressBudget: 1000,
};

const reject = (reason = "Order must have minimum value of $10. asset=4") => rejected(reason);
const resting = { kind: "resting", oid: 1 } as const;
const budgetRefusal = "Too many cumulative requests sent (97460 > 97456) for cumulative volume";

const run = (events: readonly RiskEvent[], from: RiskState = initialRiskState) =>
  events.reduce((s, e) => reduceRisk(s, e, cfg), from);

interface Case {
  name: string;
  events: RiskEvent[];
  halted: boolean;
  reason?: RegExp;
  check?: (s: RiskState) => void;
}

const cases: Case[] = [
  { name: "starts quoting", events: [], halted: false },
  {
    name: "pnl above the loss limit keeps running",
    events: [{ type: "pnl", totalPnlUsd: -99.99 }],
    halted: false,
  },
  {
    name: "pnl at -maxLossUsd halts",
    events: [{ type: "pnl", totalPnlUsd: -100 }],
    halted: true,
    reason: /loss limit/,
  },
  {
    name: "a halt is latched when pnl recovers",
    events: [{ type: "pnl", totalPnlUsd: -150 }, { type: "pnl", totalPnlUsd: 10 }],
    halted: true,
  },
  {
    name: "consecutive rejects below the limit keep running",
    events: [{ type: "orderOutcomes", outcomes: [reject(), reject()], nowMs: 0 }],
    halted: false,
    check: (s) => assert.equal(s.consecutiveRejects, 2),
  },
  {
    name: "maxConsecutiveRejects rejects in a row halt (across actions)",
    events: [
      { type: "orderOutcomes", outcomes: [reject(), reject()], nowMs: 0 },
      { type: "orderOutcomes", outcomes: [reject()], nowMs: 1 },
    ],
    halted: true,
    reason: /3 consecutive rejects/,
  },
  {
    name: "an accepted order resets the reject count",
    events: [
      { type: "orderOutcomes", outcomes: [reject(), reject(), resting, reject()], nowMs: 0 },
    ],
    halted: false,
    check: (s) => assert.equal(s.consecutiveRejects, 1),
  },
  {
    name: "a filled outcome also resets the reject count",
    events: [{
      type: "orderOutcomes",
      outcomes: [reject(), reject(), { kind: "filled", oid: 2, totalSz: "1", avgPx: "1" }],
      nowMs: 0,
    }],
    halted: false,
    check: (s) => assert.equal(s.consecutiveRejects, 0),
  },
  {
    name: "unknown and notSent outcomes do not count or reset",
    events: [{
      type: "orderOutcomes",
      outcomes: [reject(), { kind: "unknown", reason: "timeout" }, {
        kind: "notSent",
        reason: "x",
      }, reject()],
      nowMs: 0,
    }],
    halted: false,
    check: (s) => assert.equal(s.consecutiveRejects, 2),
  },
  {
    name: "an address-budget refusal is neither a reject nor a rate-limit error (slow down)",
    events: [{
      type: "orderOutcomes",
      outcomes: [reject(budgetRefusal), reject(budgetRefusal), reject(budgetRefusal)],
      nowMs: 0,
    }],
    halted: false,
    check: (s) => {
      assert.equal(s.consecutiveRejects, 0);
      assert.deepEqual(s.rateLimitErrorTimesMs, []);
    },
  },
  {
    name: "maxRateLimitErrors 429s within 60 s halt",
    events: [
      { type: "rateLimitError", nowMs: 0 },
      { type: "rateLimitError", nowMs: 30_000 },
      { type: "rateLimitError", nowMs: 59_999 },
    ],
    halted: true,
    reason: /3 rate-limit errors/,
  },
  {
    name: "rate-limit errors older than 60 s fall out of the window",
    events: [
      { type: "rateLimitError", nowMs: 0 },
      { type: "rateLimitError", nowMs: 30_000 },
      { type: "rateLimitError", nowMs: 60_000 },
    ],
    halted: false,
    check: (s) => assert.deepEqual(s.rateLimitErrorTimesMs, [30_000, 60_000]),
  },
  {
    name: "budget refusals on orders and cancels do not add to 429s toward the kill switch",
    events: [
      { type: "orderOutcomes", outcomes: [reject(budgetRefusal)], nowMs: 0 },
      { type: "cancelOutcomes", outcomes: [reject(budgetRefusal)], nowMs: 1 },
      { type: "rateLimitError", nowMs: 2 },
      { type: "rateLimitError", nowMs: 3 },
    ],
    halted: false,
    check: (s) => assert.deepEqual(s.rateLimitErrorTimesMs, [2, 3]),
  },
  {
    name: "ordinary cancel rejections are not rate-limit errors",
    events: [{
      type: "cancelOutcomes",
      outcomes: [reject("Order was never placed, already canceled, or filled. asset=4")],
      nowMs: 0,
    }],
    halted: false,
    check: (s) => assert.deepEqual(s.rateLimitErrorTimesMs, []),
  },
  {
    name: "manual halt",
    events: [{ type: "halt", reason: "operator" }],
    halted: true,
    reason: /^operator$/,
  },
  {
    name: "the first halt reason is kept",
    events: [{ type: "halt", reason: "operator" }, { type: "pnl", totalPnlUsd: -500 }],
    halted: true,
    reason: /^operator$/,
  },
  {
    name: "resume clears the halt, the reject count and the rate-limit window",
    events: [
      { type: "orderOutcomes", outcomes: [reject(), reject(), reject()], nowMs: 0 },
      { type: "rateLimitError", nowMs: 0 },
      { type: "resume" },
    ],
    halted: false,
    check: (s) => {
      assert.equal(s.haltReason, null);
      assert.equal(s.consecutiveRejects, 0);
      assert.deepEqual(s.rateLimitErrorTimesMs, []);
    },
  },
  {
    name: "after resume a still-breached loss limit halts again on the next pnl",
    events: [{ type: "pnl", totalPnlUsd: -200 }, { type: "resume" }, {
      type: "pnl",
      totalPnlUsd: -200,
    }],
    halted: true,
  },
];

for (const c of cases) {
  Deno.test(`risk: ${c.name}`, () => {
    const s = run(c.events);
    assert.equal(s.halted, c.halted);
    if (c.reason) assert.match(s.haltReason ?? "", c.reason);
    if (!c.halted) assert.equal(s.haltReason, null);
    c.check?.(s);
  });
}

const budget = (remaining: number): RiskEvent => ({ type: "addressBudget", remaining });

const budgetCases: Array<{ name: string; remaining: number[]; paused: boolean }> = [
  { name: "plenty of budget: not paused", remaining: [5000], paused: false },
  { name: "at minAddressBudget: not paused", remaining: [200], paused: false },
  { name: "below minAddressBudget: paused", remaining: [199], paused: true },
  {
    name: "between min and resume after a pause: still paused",
    remaining: [100, 999],
    paused: true,
  },
  { name: "at resumeAddressBudget after a pause: resumed", remaining: [100, 1000], paused: false },
  {
    name: "between min and resume without a pause: not paused",
    remaining: [5000, 500],
    paused: false,
  },
  { name: "negative remaining: paused", remaining: [-5], paused: true },
];

for (const c of budgetCases) {
  Deno.test(`risk: address budget gate: ${c.name}`, () => {
    const s = run(c.remaining.map(budget));
    assert.equal(s.budgetPaused, c.paused);
  });
}

const pos = (coin: string, positionUsd: number): RiskEvent => ({
  type: "position",
  coin,
  positionUsd,
  maxPositionUsd: 1000,
});

const modeCases: Array<{
  name: string;
  events: RiskEvent[];
  dataStale?: boolean;
  want: Record<string, string>;
}> = [
  { name: "all quoting", events: [], want: { BTC: "quoting", ETH: "quoting" } },
  {
    name: "long at max: reducing, others quoting",
    events: [pos("BTC", 1000)],
    want: { BTC: "reducing", ETH: "quoting" },
  },
  { name: "short at max: reducing", events: [pos("ETH", -1200)], want: { ETH: "reducing" } },
  {
    name: "back under max: quoting again",
    events: [pos("ETH", -1200), pos("ETH", -999)],
    want: { ETH: "quoting" },
  },
  {
    name: "budget low: quotes stay (the loop paces), reducing still reducing",
    events: [pos("BTC", 1000), budget(0)],
    want: { BTC: "reducing", ETH: "quoting" },
  },
  { name: "stale data: pulled", events: [], dataStale: true, want: { BTC: "pulled" } },
  {
    name: "halted: halted (over everything)",
    events: [pos("BTC", 1000), budget(0), { type: "halt", reason: "x" }],
    dataStale: true,
    want: { BTC: "halted", ETH: "halted" },
  },
];

for (const c of modeCases) {
  Deno.test(`risk: coinMode: ${c.name}`, () => {
    const s = run(c.events);
    for (const [coin, mode] of Object.entries(c.want)) {
      assert.equal(coinMode(s, coin, { dataStale: c.dataStale ?? false }), mode, coin);
    }
  });
}

Deno.test("risk: reduceRisk does not mutate its input state", () => {
  const before = structuredClone(initialRiskState);
  run([{ type: "halt", reason: "x" }, budget(0), pos("BTC", 5000), {
    type: "rateLimitError",
    nowMs: 1,
  }]);
  assert.deepEqual(initialRiskState, before);
});

Deno.test("risk: a rate-limited refusal feeds the kill switch; a budget refusal does not", () => {
  const limited = run([{
    type: "orderOutcomes",
    outcomes: [rejected("HTTP 429 Too Many Requests", true)],
    nowMs: 1,
  }]);
  assert.equal(limited.rateLimitErrorTimesMs.length, 1);
  assert.equal(limited.consecutiveRejects, 0);
  const budget = run([{ type: "orderOutcomes", outcomes: [rejected(budgetRefusal)], nowMs: 1 }]);
  assert.equal(budget.rateLimitErrorTimesMs.length, 0);
  assert.equal(budget.consecutiveRejects, 0);
  const plain = run([{ type: "orderOutcomes", outcomes: [reject()], nowMs: 1 }]);
  assert.equal(plain.consecutiveRejects, 1);
});
