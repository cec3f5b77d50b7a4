import assert from "node:assert/strict";
import { ManualClock } from "../../src/core/clock.ts";
import { WarnThrottle } from "../../src/log/warn_throttle.ts";
import { type LogLine, recordingLogger } from "../app/_harness.ts";

Deno.test("a flood of one warning logs the first, then one count per period", () => {
  const lines: LogLine[] = [];
  const clock = new ManualClock(1_000_000);
  const t = new WarnThrottle(recordingLogger(lines), clock, 10_000);
  for (let i = 0; i < 1_834; i++) {
    t.warn("refused", "refused request", { n: i });
    clock.advance(5); // 1,834 warnings in about 9.2 s
  }
  assert.deepEqual([...lines], [{ level: "warn", msg: "refused request", fields: { n: 0 } }]);
  clock.advance(10_000);
  t.flush();
  assert.equal(lines.length, 2);
  assert.equal(lines[1]!.msg, "refused request");
  assert.equal(lines[1]!.fields.repeated, 1_833);
  assert.equal(lines[1]!.fields.n, 1_833, "the latest fields come with the count");
  t.flush();
  assert.equal(lines.length, 2, "nothing more to report");
});

Deno.test("a continuous flood logs one line per period, counting everything", () => {
  const lines: LogLine[] = [];
  const clock = new ManualClock(0);
  const t = new WarnThrottle(recordingLogger(lines), clock, 1_000);
  let sent = 0;
  for (let ms = 0; ms < 60_000; ms += 10) {
    clock.set(ms);
    t.warn("frame", "malformed ws frame");
    sent++;
  }
  clock.set(61_000);
  t.flush();
  // One line per second of flood (the first, then counts), and every warning accounted for.
  assert.ok(lines.length >= 59 && lines.length <= 62, String(lines.length));
  const counted = lines.reduce((n, l) => n + ((l.fields.repeated as number | undefined) ?? 1), 0);
  assert.equal(counted, sent);
});

Deno.test("keys are independent; a key quiet for a period starts over with its first line", () => {
  const lines: LogLine[] = [];
  const clock = new ManualClock(0);
  const t = new WarnThrottle(recordingLogger(lines), clock, 1_000);
  t.warn("a", "A");
  t.warn("b", "B");
  t.warn("a", "A");
  assert.deepEqual(lines.map((l) => l.msg), ["A", "B"]);
  clock.advance(1_000);
  t.flush(); // reports a's one repeat; b had none and is forgotten
  assert.deepEqual(lines.map((l) => [l.msg, l.fields.repeated]), [
    ["A", undefined],
    ["B", undefined],
    ["A", 1],
  ]);
  t.warn("b", "B");
  assert.equal(lines.length, 4);
  assert.equal(lines[3]!.fields.repeated, undefined);
});

Deno.test("any number of distinct keys keeps the state bounded and is still counted", () => {
  const lines: LogLine[] = [];
  const clock = new ManualClock(0);
  const t = new WarnThrottle(recordingLogger(lines), clock, 1_000);
  for (let i = 0; i < 10_000; i++) t.warn(`key${i}`, "varied");
  assert.ok(lines.length <= 65, String(lines.length));
  clock.advance(1_000);
  t.flush();
  const counted = lines.reduce((n, l) => n + ((l.fields.repeated as number | undefined) ?? 1), 0);
  assert.equal(counted, 10_000);
});
