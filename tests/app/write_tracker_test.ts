import assert from "node:assert/strict";
import { WriteTracker } from "../../src/app/write_tracker.ts";
import type {
  Endpoint,
  RequestOptions,
  RequestResult,
  RequestTransport,
} from "../../src/gateway/request_transport.ts";

/** A transport that holds every request until `write(i)`: then it calls onWritten and answers. */
class HeldTransport implements RequestTransport {
  readonly via = "rest" as const;
  readonly held: { endpoint: Endpoint; body: unknown; options: RequestOptions }[] = [];
  readonly #answers: (() => void)[] = [];
  request(endpoint: Endpoint, body: unknown, options: RequestOptions): Promise<RequestResult> {
    this.held.push({ endpoint, body, options });
    const { promise, resolve } = Promise.withResolvers<RequestResult>();
    this.#answers.push(() => resolve({ kind: "ok", status: 200, body: {} }));
    return promise;
  }
  write(i: number): void {
    this.held[i]!.options.onWritten?.();
    this.#answers[i]!();
  }
}

const signal = () => new AbortController().signal;

Deno.test("WriteTracker: an action's write time is when the transport writes it, matched by nonce", async () => {
  let t = 0;
  const w = new WriteTracker(() => t);
  const inner = new HeldTransport();
  const transport = w.transport(inner);
  assert.equal(w.lastActionWritten(), null, "nothing handed over yet");
  const a = transport.request("exchange", { nonce: 101 }, { weight: 1 }, signal());
  const p101 = w.lastActionWritten()!;
  const b = transport.request("exchange", { nonce: 102 }, { weight: 1 }, signal());
  const p102 = w.lastActionWritten()!;
  assert.equal(w.lastActionWritten(), null, "each hand-over is reported once");
  t = 7; // the limiter lets 102 through first
  inner.write(1);
  t = 9;
  inner.write(0);
  assert.equal(await p102, 7);
  assert.equal(await p101, 9);
  await Promise.all([a, b]);
});

Deno.test("WriteTracker: info requests are not actions; a write before the question is kept", async () => {
  let t = 0;
  const w = new WriteTracker(() => t);
  const inner = new HeldTransport();
  const transport = w.transport(inner);
  const info = transport.request("info", { type: "meta", nonce: 5 }, { weight: 20 }, signal());
  assert.equal(w.lastActionWritten(), null);
  assert.equal(inner.held[0]!.options.onWritten, undefined, "info requests pass through as is");
  const seen: number[] = [];
  const action = transport.request("exchange", { nonce: 6 }, {
    weight: 1,
    onWritten: () => seen.push(t),
  }, signal());
  t = 3;
  inner.write(1); // written before anyone asked (a WS post is written at once)
  assert.equal(await w.lastActionWritten(), 3);
  assert.deepEqual(seen, [3], "the caller's own onWritten still runs");
  assert.equal(transport.via, "rest");
  inner.write(0);
  await Promise.all([info, action]);
});
