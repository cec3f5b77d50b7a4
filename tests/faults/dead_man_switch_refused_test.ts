/**
 * Fault: the exchange refuses the dead-man's switch for the whole run (the live exchange's
 * $1,000,000 volume gate on new accounts). The bot keeps quoting, retries with backoff (not every
 * loop, one warning), and says the switch is not active: /ready 503 naming it, /metrics, status.
 */
import assert from "node:assert/strict";
import { waitFor } from "../app/_harness.ts";
import { dmsSim, spawnDmsBot } from "./_rig_b.ts";

Deno.test("fault: a refused dead-man's switch: retried with backoff, quoting on, shown as not active", async () => {
  const { sim, open } = await dmsSim(19, 1_000_000);
  const bot = await spawnDmsBot(sim, 10_000, 500, {
    sidecar: { enabled: true, host: "127.0.0.1", port: 0 },
  });
  try {
    const listening = await bot.until((l) => l.includes('"msg":"sidecar listening"'));
    const url = (JSON.parse(listening) as { url: string }).url;
    await waitFor("orders resting", () => open().length >= 8);
    await bot.until((l) => l.includes('"deadManSwitch":"not active"'));
    const ready = await fetch(`${url}/ready`);
    const body = await ready.json() as { failed: string[]; failures: { detail: string }[] };
    assert.equal(ready.status, 503);
    assert.ok(body.failed.includes("deadManSwitch"), JSON.stringify(body));
    assert.match(JSON.stringify(body.failures), /not active on the exchange: refused: .*volume/);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /hl_mm_dead_man_switch_active 0/);
    // Backoff: over 120 loops of refusals (12 s: tries at 0, 5 and 15 s), at most 3 attempts
    // and one warning line, not one per loop.
    const loopsOf = (l: string) => (JSON.parse(l) as { loops: number }).loops;
    const status = () => bot.lines.filter((l) => l.includes('"msg":"status"'));
    const loops0 = loopsOf(status().at(-1)!);
    await bot.until((l) => l.includes('"msg":"status"') && loopsOf(l) >= loops0 + 120);
    const stats = (await (await fetch(`${sim.httpUrl}/sim/stats`)).json()) as {
      exchange: { actionsByType: Record<string, number> };
    };
    const attempts = stats.exchange.actionsByType["scheduleCancel"] ?? 0;
    assert.ok(attempts >= 1 && attempts <= 4, `${attempts} scheduleCancel attempts`);
    const warnings = bot.lines.filter((l) => l.includes("dead-man's switch refused"));
    assert.equal(warnings.length, 1, warnings.join("\n"));
    assert.ok(open().length >= 8, "still quoting");
    assert.equal(await bot.stop(), 0);
  } finally {
    await bot.kill().catch(() => {});
    await sim.stop();
  }
});
