import assert from "node:assert/strict";
import { textLines } from "../../src/util/text_lines.ts";

/** A byte stream that delivers `parts` as separate chunks. */
function chunks(parts: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return ReadableStream.from(parts.map((p) => enc.encode(p)));
}

Deno.test("textLines: lines split across chunks come out whole, an unended last line is dropped", async () => {
  const out: string[] = [];
  for await (const line of textLines(chunks(['{"a":', '1}\n{"b"', ":2}\n\nlast", " no end"]))) {
    out.push(line);
  }
  assert.deepEqual(out, ['{"a":1}', '{"b":2}', ""]);
});

Deno.test("textLines: a multi-byte character split between chunks is decoded once", async () => {
  const bytes = new TextEncoder().encode("€\n");
  const stream = ReadableStream.from([bytes.slice(0, 1), bytes.slice(1)]);
  const out: string[] = [];
  for await (const line of textLines(stream)) out.push(line);
  assert.deepEqual(out, ["€"]);
});
