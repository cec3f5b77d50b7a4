import assert from "node:assert/strict";
import { ManualClock } from "../../src/core/clock.ts";
import type { FeedEvent } from "../../src/core/ports.ts";
import { WsFeed } from "../../src/feed/ws_feed.ts";
import { type LogLine, recordingLogger } from "../app/_harness.ts";
import { FakeBudget, FakeGate, type ServerConn, startWsServer, waitFor } from "./_ws_server.ts";

Deno.test("a flood of malformed frames logs the first, then one count per period", async () => {
  let conn: ServerConn | null = null;
  const server = startWsServer({
    onMessage: (c, msg) => {
      if (msg.method === "subscribe") conn = c;
    },
  });
  const lines: LogLine[] = [];
  const clock = new ManualClock(1_000_000);
  const feed = new WsFeed({
    url: server.url,
    messageBudget: new FakeBudget(),
    inFlightGate: new FakeGate(100),
    clock,
    logger: recordingLogger(lines),
    random: () => 0.5,
    warnEveryMs: 10_000,
  });
  const events: FeedEvent[] = [];
  feed.onEvent((e) => events.push(e));
  feed.subscribeBbo("BTC");
  const ac = new AbortController();
  const running = feed.start(ac.signal);
  const bbo = (time: number) => ({
    channel: "bbo",
    data: { coin: "BTC", time, bbo: [null, null] },
  });
  const malformedLines = () => lines.filter((l) => l.msg === "malformed ws frame");
  try {
    await waitFor(() => conn !== null, "subscribe");
    for (let i = 0; i < 1_000; i++) conn!.send(i % 2 ? "{oops" : { channel: "bbo", data: 7 });
    conn!.send(bbo(1));
    await waitFor(() => events.some((e) => e.type === "bbo"), "the valid frame after the flood");
    assert.equal(feed.status().malformedFrames, 1_000);
    assert.equal(malformedLines().length, 1, "only the first is logged within the period");

    clock.advance(10_000);
    conn!.send(bbo(2)); // the next good frame reports the count of the period
    await waitFor(() => events.filter((e) => e.type === "bbo").length === 2, "second bbo");
    const lines2 = malformedLines();
    assert.equal(lines2.length, 2);
    assert.equal(lines2[1]!.level, "warn");
    assert.equal(lines2[1]!.fields.repeated, 999);
    assert.equal(lines2[1]!.fields.malformedFrames, 1_000);
  } finally {
    await feed.close();
    ac.abort();
    await running;
    await server.close();
  }
});
