import assert from "node:assert/strict";
import type { LimiterSettings } from "../../src/config/mod.ts";
import { createRedactor, REDACTED } from "../../src/sidecar/redactor.ts";
import { auth, harness } from "./helpers.ts";

// Two throwaway keys: one passed to the sidecar, one only in the environment.
const KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const ENV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

function forms(key: string): string[] {
  const bare = key.slice(2);
  return [key, bare, bare.toUpperCase(), bare.slice(0, 16), bare.slice(-16), bare.slice(24, 40)];
}

function assertClean(where: string, text: string): void {
  for (const secret of [...forms(KEY), ...forms(ENV_KEY)]) {
    assert.ok(
      !text.toLowerCase().includes(secret.toLowerCase()),
      `${where}: leaks ${secret.slice(0, 4)}...`,
    );
  }
}

Deno.test("no route ever shows the private key, not even partly", async () => {
  const previous = Deno.env.get("HL_PRIVATE_KEY");
  Deno.env.set("HL_PRIVATE_KEY", ENV_KEY);
  try {
    const limiterSettings = {
      restCapacityPerMin: 1000,
      wsCapacityPerMin: 2000,
      weightOrder: 1,
      weightCancel: 1,
      weightL2Book: 2,
      weightMeta: 20,
      weightUserFees: 20,
      signingKey: KEY,
      note: `key=${KEY.slice(2)}`,
    } as unknown as LimiterSettings;
    const { app, engine } = harness({ secrets: [KEY], limiterSettings });
    engine.config = {
      ...engine.config,
      privateKey: KEY,
      private_key: ENV_KEY,
      apiSecret: "s3cr3t-value",
      sidecarToken: "tok",
      accountAddress: "0x1234567890abcdef1234567890abcdef12345678",
      nested: { list: [`prefix ${KEY} suffix`, ENV_KEY.slice(2).toUpperCase(), { k: KEY }] },
      [`weird_${KEY.slice(2, 30)}`]: 1,
      url: `http://127.0.0.1:1/?k=${ENV_KEY}`,
    };
    engine.event({ timeMs: 1, level: "error", msg: `signer failed for ${KEY}` });
    engine.event({ timeMs: 2, level: "warn", msg: `partial ${ENV_KEY.slice(10, 40)}` });
    engine.s.coins = [
      ...engine.s.coins,
      { ...engine.s.coins[0]!, coin: `X${KEY.slice(2, 22)}` },
    ];

    const answers: [string, Response][] = [];
    const ask = async (method: string, path: string, payload?: unknown) => {
      const init: RequestInit = { method, headers: auth() };
      if (payload !== undefined) init.body = JSON.stringify(payload);
      answers.push([`${method} ${path}`, await app.request(path, init)]);
    };
    await ask("GET", "/health");
    await ask("GET", "/ready");
    await ask("GET", "/config");
    await ask("PATCH", "/config", { maxQuoteAgeMs: 1000 });
    await ask("PATCH", "/config", { [KEY]: KEY });
    await ask("POST", "/halt", { reason: `leak ${KEY}` });
    await ask("GET", "/ready");
    await ask("GET", "/state");
    await ask("GET", "/metrics");
    await ask("POST", "/resume");
    await ask("GET", "/");
    await ask("GET", `/nope`);

    for (const [where, res] of answers) {
      const text = await res.text();
      assert.notEqual(res.status, 500, where);
      assertClean(where, text);
      for (const [k, v] of res.headers) assertClean(`${where} header ${k}`, v);
    }
    // The account address may appear; secret-named keys are replaced.
    const config = await (await app.request("/config")).json() as {
      effective: Record<string, unknown>;
      limiter: Record<string, unknown>;
    };
    assert.equal(config.effective.accountAddress, "0x1234567890abcdef1234567890abcdef12345678");
    assert.equal(config.effective.privateKey, REDACTED);
    assert.equal(config.effective.apiSecret, REDACTED);
    assert.equal(config.effective.sidecarToken, REDACTED);
    assert.equal(config.limiter.signingKey, REDACTED);
    assert.equal(config.limiter.weightMeta, 20);
    // The metrics are still valid text with the scrubbed label.
    const metrics = await (await app.request("/metrics")).text();
    assert.match(metrics, /hl_mm_position\{coin="X\[redacted\]"\}/);
  } finally {
    if (previous === undefined) Deno.env.delete("HL_PRIVATE_KEY");
    else Deno.env.set("HL_PRIVATE_KEY", previous);
  }
});

Deno.test("redactor: values and text", () => {
  const r = createRedactor([KEY]);
  assert.equal(r.text(`a ${KEY} b`), `a ${REDACTED} b`);
  assert.equal(r.text(`a ${KEY.slice(2).toUpperCase()} b`), `a ${REDACTED} b`);
  assert.equal(r.text("nothing here"), "nothing here");
  assert.equal(r.leaks(KEY.slice(20, 32)), true);
  assert.equal(r.leaks(KEY.slice(20, 31)), false, "11 characters are not a leak");
  assert.deepEqual(r.value({ a: [1, `x${KEY}`], password: "p", ok: "fine", n: Infinity }), {
    a: [1, REDACTED],
    password: REDACTED,
    ok: "fine",
    n: null,
  });
  assert.equal(createRedactor(["short"]).leaks("short"), false, "secrets under 8 chars ignored");
});
