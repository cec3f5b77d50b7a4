/**
 * What the sidecar is built from: the engine's read-only view and control port, the limiter
 * settings, the bearer token for mutating routes and a clock. Nothing else of the engine.
 */
import type { Clock } from "../core/clock.ts";
import type { EngineControl, EngineView } from "../core/engine_view.ts";
import type { Logger } from "../core/log.ts";
import type { LimiterSettings } from "../config/mod.ts";
import type { HealthOptions } from "./health.ts";

/**
 * What the sidecar is given: the engine's view and control, limiter settings for gauges, the token,
 * and secrets to redact.
 */
export interface SidecarDeps {
  readonly view: EngineView;
  readonly control: EngineControl;
  readonly limiterSettings: LimiterSettings;
  /** HL_SIDECAR_TOKEN. Absent or empty: mutating routes answer 403. */
  readonly token?: string;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Shown by /health, /state and the dashboard. */
  readonly version?: string;
  /**
   * Values that must never appear in any answer (the private key). HL_PRIVATE_KEY from the
   * environment is added when the process may read it (defense in depth).
   */
  readonly secrets?: readonly string[];
  readonly health?: Partial<HealthOptions>;
  /** How long POST /halt waits for the cancel to be sent (default 10 s). */
  readonly haltTimeoutMs?: number;
  readonly logger?: Logger;
  /** Host names (Host header) answered; default loopback (`sidecar.allowed_hosts`). */
  readonly allowedHosts?: readonly string[];
  /** Period of the warning throttle, ms (default 10 s). */
  readonly warnEveryMs?: number;
}
