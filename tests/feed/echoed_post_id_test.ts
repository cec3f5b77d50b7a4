import assert from "node:assert/strict";
import { echoedPostId } from "../../src/feed/feed_frames.ts";
import { classifyPostError } from "../../src/gateway/action_transport.ts";

const ECHO = 'Error parsing JSON into valid websocket request: {"method":"post","id":17,' +
  '"request":{"type":"action","payload":{"action":{"type":"order","orders":[]}}}}';

Deno.test("the id of a post echoed in an error-channel text is found; other texts give none", () => {
  assert.equal(echoedPostId(ECHO), 17);
  assert.equal(echoedPostId('Already subscribed: {"type":"bbo","coin":"BTC"}'), undefined);
  assert.equal(echoedPostId("too many pending post requests id=256"), undefined);
  assert.equal(echoedPostId('x: {"method":"post","id":"17"}'), undefined);
  assert.equal(echoedPostId("x: {not json"), undefined);
});

Deno.test("a post the server could not read is rejected (nothing ran), not unknown", () => {
  const a = classifyPostError(ECHO);
  assert.equal(a.kind, "rejected");
  // A number like a price of 429 in the echo is not mistaken for a rate limit.
  assert.equal(classifyPostError(ECHO.replace('"orders":[]', '"p":"429"')).kind, "rejected");
  assert.equal(classifyPostError("502 Bad Gateway").kind, "unknown");
});
