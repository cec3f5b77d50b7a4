import { botConfig, setup, teardown, waitFor } from "../tests/app/_harness.ts";
import { assertConverged } from "../tests/faults/_rig_b.ts";
const t0 = Date.now();
const s = await setup({ config: botConfig({ housekeep_every_n: 2 }), seed: 3, vol: 0.01 });
const modifies = () =>
  s.actions.filter((a) => a.action.type === "batchModify")
    .reduce((n, a) => n + (a.action.modifies as unknown[]).length, 0);
await waitFor("many modifies and reconciles", () => modifies() >= 150, 60_000);
console.log("mods", Date.now() - t0, s.bot.view.snapshot().loops);
await assertConverged(s);
console.log("conv", Date.now() - t0);
await teardown(s);
console.log("down", Date.now() - t0);
