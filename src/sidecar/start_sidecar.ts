/**
 * Serve the sidecar app with Deno.serve on `host:port` (default 127.0.0.1; port 0 picks a free
 * port) and sample the snapshot into the dashboard history every `sampleEveryMs`. Stops when
 * `signal` aborts or `stop()` is called.
 */
import { silentLogger } from "../core/log.ts";
import { createSidecarApp } from "./create_sidecar_app.ts";
import type { SidecarDeps } from "./deps.ts";

/** Where to listen and how often to sample history, besides the app's own dependencies. */
export interface StartSidecarOptions extends SidecarDeps {
  /** Default 127.0.0.1. Anything but loopback is logged as a warning. */
  readonly host?: string;
  readonly port: number;
  /** History sampling period for the dashboard charts, ms (default 500). */
  readonly sampleEveryMs?: number;
}

/** A listening sidecar: its URL and bound port (useful with port 0), and how to stop it. */
export interface SidecarServer {
  /** e.g. http://127.0.0.1:8787 */
  readonly url: string;
  readonly port: number;
  /** Stop listening and sampling (idempotent). */
  stop(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** Listen and serve the sidecar until `signal` aborts; resolves once the port is bound. */
export function startSidecar(
  options: StartSidecarOptions,
  signal: AbortSignal,
): Promise<SidecarServer> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const host = options.host ?? "127.0.0.1";
  const log = (options.logger ?? silentLogger).child({ component: "sidecar" });
  const app = createSidecarApp(options);
  const stopper = new AbortController();
  const { promise: listening, resolve, reject } = Promise.withResolvers<Deno.NetAddr>();

  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: host,
      port: options.port,
      signal: AbortSignal.any([signal, stopper.signal]),
      onListen: (addr) => resolve(addr),
      onError: (error) => {
        log.error("sidecar: request failed", { error: String(error) });
        return new Response("internal error", { status: 500 });
      },
    }, (request) => app.fetch(request));
  } catch (error) {
    return Promise.reject(error);
  }
  server.finished.then(() => reject(new Error("sidecar: server closed before listening")), reject);

  const sample = () => {
    app.flushWarnings();
    try {
      app.history.record(options.view.snapshot());
    } catch (error) {
      log.warn("sidecar: snapshot failed", { error: String(error) });
    }
  };
  const timer = setInterval(sample, options.sampleEveryMs ?? 500);
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(timer);
      app.flushWarnings();
      signal.removeEventListener("abort", onAbort);
      stopper.abort();
      await server.finished;
      log.info("sidecar: stopped");
    })();
    return stopping;
  };
  const onAbort = () => {
    stop().catch((error) => log.error("sidecar: stop failed", { error: String(error) }));
  };
  signal.addEventListener("abort", onAbort, { once: true });

  return listening.then(
    (addr) => {
      const url = `http://${urlHost(host)}:${addr.port}`;
      if (!LOOPBACK.has(host)) {
        log.warn("sidecar: listening on a non-loopback address", { host, port: addr.port });
      }
      log.info("sidecar: listening", { url, mutatingRoutes: options.token ? "on" : "off" });
      sample();
      return { url, port: addr.port, stop };
    },
    async (error) => {
      await stop();
      throw error;
    },
  );
}
