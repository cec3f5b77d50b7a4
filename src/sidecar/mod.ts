/** The sidecar: health, readiness, config, halt/resume, metrics and the live dashboard. */
export { createSidecarApp } from "./create_sidecar_app.ts";
export type { SidecarApp } from "./create_sidecar_app.ts";
export { startSidecar } from "./start_sidecar.ts";
export type { SidecarServer, StartSidecarOptions } from "./start_sidecar.ts";
export type { SidecarDeps } from "./deps.ts";
export { HEALTH_DEFAULTS, liveness, readiness } from "./health.ts";
export type { HealthOptions, Liveness, Readiness, ReadinessFailure } from "./health.ts";
