/** Shared setup of the sidecar route tests: a fake engine, a manual clock and the app. */
import { ManualClock } from "../../src/core/clock.ts";
import { createSidecarApp, type SidecarApp } from "../../src/sidecar/create_sidecar_app.ts";
import type { SidecarDeps } from "../../src/sidecar/deps.ts";
import { rig } from "../engine/loop/_fakes.ts";
import { FakeEngine, LIMITER } from "./fake_engine.ts";

export const T0 = 1_750_000_000_000;
export const TOKEN = "test-sidecar-token-0123456789";

export interface Harness {
  readonly engine: FakeEngine;
  readonly clock: ManualClock;
  readonly app: SidecarApp;
}

export function harness(overrides: Partial<SidecarDeps> = {}): Harness {
  const clock = new ManualClock(T0);
  const engine = new FakeEngine({ nowMs: T0 });
  const app = createSidecarApp({
    view: engine,
    control: engine,
    limiterSettings: LIMITER,
    token: TOKEN,
    clock,
    version: "test",
    ...overrides,
  });
  return { engine, clock, app };
}

export function auth(token = TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export async function body(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  return JSON.parse(text) as Record<string, unknown>;
}

/** The app over the real engine (the engine tests' rig), where validation or state matters. */
export function realEngineApp(
  overrides: Partial<SidecarDeps> = {},
  rigOptions: Parameters<typeof rig>[0] = {},
) {
  const r = rig(rigOptions);
  const app = createSidecarApp({
    view: r.engine.view,
    control: r.engine.control,
    limiterSettings: LIMITER,
    token: TOKEN,
    clock: r.clock,
    ...overrides,
  });
  return { r, app };
}
