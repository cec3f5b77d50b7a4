/**
 * The sidecar's HTTP routes (Hono). Pure request handling over the engine's view and control
 * port: no timers, no listening socket (see ./start_sidecar.ts), so tests drive it through
 * `app.request()`.
 *
 * GET  /health   liveness            GET  /ready    readiness (503 lists every failing check)
 * GET  /config   effective config    PATCH /config  quoting parameters (bearer token)
 * POST /halt     cancel all, stop    POST /resume   (both bearer token)
 * GET  /metrics  Prometheus text     GET  /state    dashboard JSON    GET  /  dashboard
 *
 * Every JSON answer and the metrics text pass through the redactor: the private key never
 * appears, not even partly. Before any route, ./request_guard.ts refuses unknown Host names and
 * cross-origin mutating requests. Refusals are logged through a WarnThrottle (the first, then a
 * count per period), so a flood of refused requests cannot fill the log.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { LOOPBACK_HOSTS } from "../config/schema.ts";
import { systemClock } from "../core/clock.ts";
import { silentLogger } from "../core/log.ts";
import { checkBearer } from "./auth.ts";
import { DASHBOARD_HTML } from "./dashboard_html.ts";
import type { SidecarDeps } from "./deps.ts";
import { HEALTH_DEFAULTS, type HealthOptions, liveness, readiness } from "./health.ts";
import { SnapshotHistory } from "./history.ts";
import { createSidecarMetrics } from "./metrics.ts";
import { createRedactor, envSecrets } from "./redactor.ts";
import { allowedHostSet, guardRequest } from "./request_guard.ts";
import { WarnThrottle } from "../log/warn_throttle.ts";

/** The app plus the history it fills (startSidecar samples into it). */
export interface SidecarApp extends Hono {
  readonly history: SnapshotHistory;
  /** Log the counts of throttled warnings whose period is over (startSidecar's heartbeat). */
  flushWarnings(): void;
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_REASON_CHARS = 200;

const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Build the sidecar's Hono app over the engine's view and control; every answer goes through the
 * redactor.
 */
export function createSidecarApp(deps: SidecarDeps): SidecarApp {
  const clock = deps.clock ?? systemClock;
  const log = (deps.logger ?? silentLogger).child({ component: "sidecar" });
  const version = deps.version ?? "dev";
  const health: HealthOptions = { ...HEALTH_DEFAULTS, ...deps.health };
  // The bearer token is not shown either (it only ever arrives in a header).
  const redactor = createRedactor([
    ...(deps.secrets ?? []),
    ...envSecrets(),
    ...(deps.token ? [deps.token] : []),
  ]);
  const history = new SnapshotHistory();
  const metrics = createSidecarMetrics({
    view: deps.view,
    limiterSettings: deps.limiterSettings,
    nowMs: () => clock.nowMs(),
    health,
    version,
  });
  const haltTimeoutMs = deps.haltTimeoutMs ?? 10_000;
  const allowedHosts = allowedHostSet(deps.allowedHosts ?? LOOPBACK_HOSTS);
  const warnings = new WarnThrottle(log, clock, deps.warnEveryMs ?? 10_000);

  const json = (
    c: Context,
    body: unknown,
    status: 200 | 400 | 401 | 403 | 404 | 500 | 503 | 504,
  ) =>
    c.body(JSON.stringify(redactor.value(body)), status, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });

  /** null when authorized, else the 401/403 answer. */
  const authorize = async (c: Context): Promise<Response | null> => {
    const result = await checkBearer(deps.token, c.req.header("authorization"));
    if (result.ok) return null;
    warnings.warn(`refused:auth:${result.status}`, "sidecar: refused mutating request", {
      method: c.req.method,
      path: c.req.path,
      status: result.status,
    });
    return json(c, { ok: false, error: result.error }, result.status);
  };

  /** The JSON body; undefined for an empty body; Error for malformed JSON. */
  const readJson = async (c: Context): Promise<unknown> => {
    const text = await c.req.text();
    if (text.trim() === "") return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return new Error("body is not valid JSON");
    }
  };

  const app = new Hono();
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => json(c, { ok: false, error: `body larger than ${MAX_BODY_BYTES} bytes` }, 400),
  });

  app.onError((error, c) => {
    log.error("sidecar: route failed", { path: c.req.path, error: redactor.text(String(error)) });
    return json(c, { ok: false, error: "internal error" }, 500);
  });
  app.notFound((c) => json(c, { ok: false, error: "not found" }, 404));

  app.use("*", async (c, next) => {
    warnings.flush();
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    const refused = guardRequest({
      method: c.req.method,
      host,
      origin: c.req.header("origin"),
      secFetchSite: c.req.header("sec-fetch-site"),
    }, allowedHosts);
    if (refused === null) return await next();
    warnings.warn(`refused:${refused.kind}`, "sidecar: refused request", {
      kind: refused.kind,
      method: c.req.method,
      path: c.req.path.slice(0, 100),
      host: host.slice(0, 100),
    });
    return json(c, { ok: false, error: refused.error }, refused.status);
  });

  app.get("/health", (c) => {
    const s = deps.view.snapshot();
    const l = liveness(s, clock.nowMs(), health);
    return json(c, {
      status: l.alive ? "ok" : "dead",
      version,
      uptimeMs: Math.max(0, clock.nowMs() - s.startedAtMs),
      loops: s.loops,
      lastLoopAgeMs: l.lastLoopAgeMs,
      limitMs: l.limitMs,
      ...(l.reason !== null ? { reason: l.reason } : {}),
    }, l.alive ? 200 : 503);
  });

  app.get("/ready", (c) => {
    const r = readiness(deps.view.snapshot(), clock.nowMs(), health);
    return json(
      c,
      { ready: r.ready, failed: r.failures.map((f) => f.check), failures: r.failures },
      r.ready ? 200 : 503,
    );
  });

  app.get(
    "/config",
    (c) =>
      json(c, { effective: deps.control.effectiveConfig(), limiter: deps.limiterSettings }, 200),
  );

  app.patch("/config", limit, async (c) => {
    const refused = await authorize(c);
    if (refused) return refused;
    const patch = await readJson(c);
    if (patch instanceof Error || patch === undefined) {
      const message = patch instanceof Error ? patch.message : "empty body";
      return json(c, { ok: false, issues: [{ path: "$", message }] }, 400);
    }
    const result = deps.control.patchQuoting(patch);
    if (!result.ok) {
      warnings.warn("refused:patch", "sidecar: quoting patch refused", {
        issues: result.issues.slice(0, 10),
      });
      return json(c, { ok: false, issues: result.issues }, 400);
    }
    const keys = typeof patch === "object" && patch !== null ? Object.keys(patch) : [];
    log.info("sidecar: quoting patched", { keys });
    return json(c, { ok: true, effective: result.effective }, 200);
  });

  app.post("/halt", limit, async (c) => {
    const refused = await authorize(c);
    if (refused) return refused;
    const body = await readJson(c);
    if (body instanceof Error) return json(c, { ok: false, error: body.message }, 400);
    const given = typeof body === "object" && body !== null && "reason" in body
      ? (body as { reason: unknown }).reason
      : undefined;
    if (given !== undefined && typeof given !== "string") {
      return json(c, { ok: false, error: "reason must be a string" }, 400);
    }
    const reason = `sidecar: ${(given ?? "halt requested").slice(0, MAX_REASON_CHARS)}`;
    log.warn("sidecar: halt requested", { reason });
    try {
      await deps.control.halt(reason, AbortSignal.timeout(haltTimeoutMs));
    } catch (error) {
      log.error("sidecar: halt failed", { error: redactor.text(String(error)) });
      const s = deps.view.snapshot();
      return json(c, {
        ok: false,
        error: "halt did not complete; check open orders",
        halted: s.halted,
        haltReason: s.haltReason,
      }, 504);
    }
    const s = deps.view.snapshot();
    return json(c, { ok: true, halted: s.halted, haltReason: s.haltReason }, 200);
  });

  app.post("/resume", limit, async (c) => {
    const refused = await authorize(c);
    if (refused) return refused;
    deps.control.resume();
    log.warn("sidecar: resume requested");
    const s = deps.view.snapshot();
    return json(c, { ok: true, halted: s.halted, haltReason: s.haltReason }, 200);
  });

  app.get("/metrics", async (c) => {
    const text = redactor.text(await metrics.render());
    return c.body(text, 200, {
      "content-type": metrics.contentType,
      "cache-control": "no-store",
    });
  });

  app.get("/state", (c) => {
    const s = deps.view.snapshot();
    history.record(s);
    const now = clock.nowMs();
    const sinceRaw = c.req.query("since");
    const since = sinceRaw === undefined ? undefined : Number(sinceRaw);
    return json(c, {
      version,
      nowMs: now,
      alive: liveness(s, now, health),
      readiness: readiness(s, now, health),
      snapshot: s,
      limiter: deps.limiterSettings,
      history: history.since(since),
    }, 200);
  });

  app.get("/", (c) =>
    c.html(DASHBOARD_HTML, 200, {
      "content-security-policy": DASHBOARD_CSP,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    }));

  return Object.assign(app, { history, flushWarnings: () => warnings.flush() });
}
