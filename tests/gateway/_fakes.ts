/** Tiny in-test fakes of the limiter ports and an in-process HTTP server. */
import type { RestLimiter, WeightTable } from "../../src/core/ports.ts";

export class FakeLimiter implements RestLimiter {
  readonly capacityPerMin = 1200;
  readonly acquired: number[] = [];
  readonly on429Calls: (number | undefined)[] = [];
  /** When true, acquire waits until its signal aborts. */
  block = false;

  acquire(weight: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (!this.block) {
      this.acquired.push(weight);
      return Promise.resolve();
    }
    return new Promise((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  }
  tryAcquire(weight: number): boolean {
    this.acquired.push(weight);
    return true;
  }
  on429(retryAfterMs?: number): void {
    this.on429Calls.push(retryAfterMs);
  }
  usedLastMinute(): number {
    return this.acquired.reduce((a, b) => a + b, 0);
  }
}

/** Weights as documented: info 2/20, exchange W*(1+floor(n/40)) with W order=1, cancel=1. */
export const fakeWeights: WeightTable = {
  info: (type) =>
    ["l2Book", "allMids", "clearinghouseState", "orderStatus"].includes(type) ? 2 : 20,
  exchange: (n, kind) => (kind === "cancel" ? 1 : 1) * (1 + Math.floor(n / 40)),
};

export interface TestServer {
  readonly baseUrl: string;
  /** Bodies received, parsed, in order, with their paths. */
  readonly requests: { path: string; body: unknown; contentType: string | null }[];
  close(): Promise<void>;
}

/** Start an HTTP server on 127.0.0.1:0 answering with `handler`. */
export function startServer(
  handler: (path: string, body: unknown, req: Request) => Response | Promise<Response>,
): TestServer {
  const requests: TestServer["requests"] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      const text = await req.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      requests.push({ path, body, contentType: req.headers.get("content-type") });
      return await handler(path, body, req);
    },
  );
  return {
    baseUrl: `http://127.0.0.1:${server.addr.port}`,
    requests,
    close: () => server.shutdown(),
  };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A port with nothing listening (bound then released). */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** A handler that holds every request until `release()` (for timeout tests). */
export function holdingHandler(): { handler: () => Promise<Response>; release: () => void } {
  const hold = Promise.withResolvers<void>();
  return {
    handler: async () => {
      await hold.promise;
      return new Response("late", { status: 200 });
    },
    release: () => hold.resolve(),
  };
}
