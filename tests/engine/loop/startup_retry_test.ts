import assert from "node:assert/strict";
import { silentLogger } from "../../../src/core/log.ts";
import { GatewayError } from "../../../src/core/ports.ts";
import { isStartupRetryable, withStartupRetry } from "../../../src/engine/loop/startup_retry.ts";

const opts = () => ({
  signal: new AbortController().signal,
  logger: silentLogger,
  minDelayMs: 1,
  maxDelayMs: 2,
});

Deno.test("startup retries a 429, 5xx and timeouts until an answer comes", async () => {
  const failures = [
    new GatewayError("rateLimited", "429", 429),
    new GatewayError("http", "502", 502),
    new GatewayError("timeout", "slow"),
    new GatewayError("network", "reset"),
  ];
  let calls = 0;
  const value = await withStartupRetry("meta", () => {
    const f = failures[calls++];
    return f ? Promise.reject(f) : Promise.resolve("meta");
  }, opts());
  assert.equal(value, "meta");
  assert.equal(calls, 5);
});

Deno.test("startup does not retry what asking again cannot change", async () => {
  assert.equal(isStartupRetryable(new GatewayError("http", "422", 422)), false);
  assert.equal(isStartupRetryable(new GatewayError("parse", "bad")), false);
  assert.equal(isStartupRetryable(new Error("config")), false);
  let calls = 0;
  await assert.rejects(
    withStartupRetry("meta", () => {
      calls++;
      return Promise.reject(new GatewayError("http", "400", 400));
    }, opts()),
  );
  assert.equal(calls, 1);
});
