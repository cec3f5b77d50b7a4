import assert from "node:assert/strict";
import { createLogger } from "../../src/log/json_logger.ts";

function capture() {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line) };
}

Deno.test("json logs are one object per line with time, level, message and fields", () => {
  const out = capture();
  const log = createLogger({ write: out.write, now: () => 0 });
  log.info("quoted", { coin: "BTC", orders: 4 });
  assert.equal(out.lines.length, 1);
  assert.deepEqual(JSON.parse(out.lines[0]!), {
    t: "1970-01-01T00:00:00.000Z",
    level: "info",
    msg: "quoted",
    coin: "BTC",
    orders: 4,
  });
});

Deno.test("levels below the minimum are dropped", () => {
  const out = capture();
  const log = createLogger({ write: out.write, level: "warn" });
  log.debug("a");
  log.info("b");
  log.warn("c");
  log.error("d");
  assert.deepEqual(out.lines.map((l) => JSON.parse(l).msg), ["c", "d"]);
});

Deno.test("child loggers add their fields to every line", () => {
  const out = capture();
  const log = createLogger({ write: out.write }).child({ component: "feed" });
  log.warn("stale", { coin: "ETH" });
  const line = JSON.parse(out.lines[0]!);
  assert.equal(line.component, "feed");
  assert.equal(line.coin, "ETH");
});

Deno.test("errors are logged by name and message", () => {
  const out = capture();
  createLogger({ write: out.write }).error("boom", { error: new TypeError("bad") });
  assert.deepEqual(JSON.parse(out.lines[0]!).error, { name: "TypeError", message: "bad" });
});

Deno.test("secret values never reach a log line, in either format", () => {
  const key = "0x" + "5e".repeat(32);
  for (const format of ["json", "pretty"] as const) {
    const out = capture();
    const log = createLogger({ write: out.write, format, secrets: [key, key.slice(2)] });
    log.error("oops", { detail: `key was ${key}`, nested: { k: key.slice(2) } });
    assert.equal(out.lines.length, 1);
    assert.ok(!out.lines[0]!.includes(key.slice(2)), format);
    assert.ok(out.lines[0]!.includes("[redacted]"), format);
  }
});

Deno.test("pretty format is one readable line", () => {
  const out = capture();
  createLogger({ write: out.write, format: "pretty", now: () => 0 }).info("status", { p50: 1.5 });
  assert.equal(out.lines[0], "00:00:00.000 INFO  status p50=1.5");
});
