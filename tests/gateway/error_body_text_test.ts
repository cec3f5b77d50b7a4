import assert from "node:assert/strict";
import { errorBodyText } from "../../src/gateway/http_poster.ts";

Deno.test("an HTML error page becomes one short line; other bodies are kept (capped)", () => {
  const page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body></html>";
  assert.equal(errorBodyText(page), "(HTML page) 502 Bad Gateway");
  assert.equal(errorBodyText("  <p>upstream\n  timed out</p>"), "(HTML page) upstream timed out");
  assert.equal(errorBodyText("null"), "null");
  assert.equal(errorBodyText("Failed to deserialize"), "Failed to deserialize");
  assert.equal(errorBodyText("x".repeat(600)).length, 500);
});
