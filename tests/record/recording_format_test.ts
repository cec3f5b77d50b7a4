import assert from "node:assert/strict";
import { readRecording } from "../../src/backtest/recording_reader.ts";
import { RecordingWriter } from "../../src/util/recording_writer.ts";

const header = { source: "t", url: "ws://x/ws", coins: ["BTC"], wallMs: 1_700_000_000_000 };
const frames = [
  '{"channel":"bbo","data":{"coin":"BTC","time":1,"bbo":[{"px":"1","sz":"2","n":1},null]}}',
  "Websocket connection established.",
  '{"channel":"trades","data":[{"coin":"BTC","side":"B","px":"1","sz":"0.5","time":2}]}',
  "{not json",
];

async function unzip(path: string): Promise<string> {
  const f = await Deno.open(path);
  return await new Response(f.readable.pipeThrough(new DecompressionStream("gzip"))).text();
}

async function write(w: RecordingWriter): Promise<void> {
  frames.forEach((f, i) => w.frame(1_000_000 * (i + 1) + 0.4, f));
  w.gap(9_000_000, 5_000_000, "closed 1006");
  await w.close();
}

Deno.test("a recording stores a header, JSON frames verbatim, text frames and gaps", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await write(await RecordingWriter.open(`${dir}/bot.jsonl.gz`, header));
    const bot = await unzip(`${dir}/bot.jsonl.gz`);
    const lines = bot.trimEnd().split("\n");
    assert.equal(lines.length, 1 + frames.length + 1);
    assert.deepEqual(JSON.parse(lines[0]!), { type: "header", version: 1, ...header });
    assert.equal(lines[1], `{"ns":1000000,"msg":${frames[0]}}`, "JSON frames stored verbatim");
    assert.deepEqual(JSON.parse(lines[2]!), { ns: 2_000_000, text: frames[1] });
    assert.deepEqual(JSON.parse(lines[4]!), { ns: 4_000_000, text: frames[3] }, "bad JSON as text");
    assert.deepEqual(JSON.parse(lines[5]!), {
      ns: 9_000_000,
      gap: { fromNs: 5_000_000, reason: "closed 1006" },
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a recording reads back with wall-clock times, frames and the gap", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await write(await RecordingWriter.open(`${dir}/r.jsonl.gz`, header));
    const rec = await readRecording(`${dir}/r.jsonl.gz`);
    assert.deepEqual(rec.meta.coins, ["BTC"]);
    assert.equal(rec.events.length, 3, "two JSON frames and the gap (text frames are not data)");
    assert.equal(rec.events[0]!.tMs, header.wallMs + 1);
    const gap = rec.events[2]!;
    assert.equal(gap.kind, "gap");
    if (gap.kind === "gap") {
      assert.equal(gap.fromMs, header.wallMs + 5);
      assert.equal(gap.tMs, header.wallMs + 9);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
