/**
 * What a long run accumulates stays bounded (issue 9, finding 9): the loop's event log (recent
 * events, throttle and once-only keys), the fill deduplicator, the sidecar's history series, and
 * the HTTP poster's links to the engine's long-lived abort signal.
 */
import assert from "node:assert/strict";
import { silentLogger } from "../../../src/core/log.ts";
import type { Fill } from "../../../src/core/types.ts";
import { EventLog } from "../../../src/engine/loop/event_log.ts";
import { FillDeduper } from "../../../src/engine/orders/fill_dedup.ts";
import { HttpPoster } from "../../../src/gateway/http_poster.ts";
import { SnapshotHistory } from "../../../src/sidecar/history.ts";
import { FakeEngine } from "../../sidecar/fake_engine.ts";

const clock = { nowMs: () => 0, monoMs: () => 0 };

Deno.test("EventLog: recent events, throttle keys and once-only keys are bounded", () => {
  const log = new EventLog(silentLogger, clock, 50, 100);
  for (let i = 0; i < 10_000; i++) {
    log.warnThrottled(`reject:${i}`, "rejected", {});
    log.warnOnce(`foreign:${i}`, "foreign order", {});
  }
  assert.equal(log.recent().length, 50);
  assert.equal(log.keys, 200);
  // A forgotten once-only key warns again (that is the price of the bound); a kept one does not.
  const before = log.recent()[0];
  log.warnOnce("foreign:9999", "foreign order", {});
  assert.equal(log.recent()[0], before);
});

Deno.test("FillDeduper: the seen set is bounded", () => {
  const d = new FillDeduper({ maxSeen: 100 });
  const fill = (tid: number): Fill =>
    ({ coin: "BTC", tid, timeMs: tid, px: 1, sz: 1, side: "bid", fee: 0, closedPnl: 0 }) as Fill;
  for (let tid = 0; tid < 1_000; tid++) assert.equal(d.accept([fill(tid)], false).length, 1);
  assert.equal(d.accept([fill(999)], false).length, 0, "a recent fill is still deduplicated");
  assert.equal(d.accept([fill(0)], false).length, 1, "the oldest keys were forgotten");
});

Deno.test("SnapshotHistory: the sidecar's series keep at most `capacity` samples", () => {
  const engine = new FakeEngine({ nowMs: 0 });
  const h = new SnapshotHistory({ capacity: 30, minIntervalMs: 0 });
  for (let i = 0; i < 500; i++) {
    engine.s.timeMs = 1_000 * i;
    h.record(engine.snapshot());
  }
  assert.equal(h.size, 30);
});

Deno.test("HttpPoster: every request unlinks itself from the caller's long-lived signal", async () => {
  const life = new AbortController();
  const signal = life.signal;
  let linked = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, fn: EventListener, o?: AddEventListenerOptions) => {
    linked++;
    add(type, fn, o);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, fn: EventListener) => {
    linked--;
    remove(type, fn);
  }) as typeof signal.removeEventListener;
  const requestSignals: AbortSignal[] = [];
  const poster = new HttpPoster({
    baseUrl: "http://x",
    limiter: {
      acquire: () => Promise.resolve(),
      tryAcquire: () => true,
      on429: () => {},
      usedLastMinute: () => 0,
    } as unknown as ConstructorParameters<typeof HttpPoster>[0]["limiter"],
    timeoutMs: 1_000,
    fetchFn: (_url, init) => {
      assert.ok(init?.signal instanceof AbortSignal && init.signal !== signal);
      requestSignals.push(init.signal);
      return Promise.resolve(new Response("{}", { status: 200 }));
    },
  });
  for (let i = 0; i < 200; i++) {
    const r = await poster.post("/info", { type: "meta" }, 1, signal);
    assert.equal(r.kind, "ok");
  }
  assert.equal(requestSignals.length, 200);
  assert.equal(linked, 0, "no listener left on the long-lived signal");
  // Still linked (retained) request signals would follow the long-lived one when it aborts.
  life.abort();
  assert.equal(requestSignals.filter((s) => s.aborted).length, 0);
});
