import assert from "node:assert/strict";
import { echoedPostId } from "../../src/feed/feed_frames.ts";
import type { PostResult } from "../../src/core/ports.ts";
import { sendAction } from "../../src/gateway/action_transport.ts";
import { WsPostRequestTransport } from "../../src/gateway/request_transport.ts";
import { createWeightTable } from "../../src/limiter/weights.ts";

const ECHO = 'Error parsing JSON into valid websocket request: {"method":"post","id":17,' +
  '"request":{"type":"action","payload":{"action":{"type":"order","orders":[]}}}}';

Deno.test("the id of a post echoed in an error-channel text is found; other texts give none", () => {
  assert.equal(echoedPostId(ECHO), 17);
  assert.equal(echoedPostId('Already subscribed: {"type":"bbo","coin":"BTC"}'), undefined);
  assert.equal(echoedPostId("too many pending post requests id=256"), undefined);
  assert.equal(echoedPostId('x: {"method":"post","id":"17"}'), undefined);
  assert.equal(echoedPostId("x: {not json"), undefined);
});

/** What an action posted over the WS comes to when the post is answered with `message`. */
async function postAnswered(message: string) {
  const poster = {
    post: (): Promise<PostResult> => Promise.resolve({ kind: "error", message }),
  };
  const envelope = {
    action: { type: "noop" } as never,
    nonce: 1,
    signature: { r: "0x1", s: "0x2", v: 27 },
  };
  return await sendAction(
    new WsPostRequestTransport({ poster }),
    envelope,
    { items: 1, kind: "order" },
    new AbortController().signal,
    { weights: createWeightTable(), nowMs: 0 },
  );
}

Deno.test("a post the server could not read is rejected (nothing ran), not unknown", async () => {
  const a = await postAnswered(ECHO);
  assert.equal(a.kind, "rejected");
  assert.ok(a.kind === "rejected" && a.text.startsWith("Error parsing JSON"), "the server's text");
  // A number like a price of 429 in the echo is not mistaken for a rate limit.
  assert.equal((await postAnswered(ECHO.replace('"orders":[]', '"p":"429"'))).kind, "rejected");
  assert.equal((await postAnswered("502 Bad Gateway")).kind, "unknown");
  assert.equal((await postAnswered("429 Too Many Requests")).kind, "notSent");
});
