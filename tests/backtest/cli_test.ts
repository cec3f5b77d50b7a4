import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIXTURE = "tests/fixtures/sim_recording.jsonl.gz";
const CONFIG = "configs/fast_trading.json";

async function backtest(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-env", "--allow-read", "--allow-write", "src/backtest/cli.ts", ...args],
    cwd: ROOT,
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("backtest command: table on stdout, and the same inputs write a byte-identical report", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const a = await backtest(FIXTURE, CONFIG, "--report", `${dir}/a.html`);
    const b = await backtest(FIXTURE, CONFIG, "--report", `${dir}/b.html`);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /PnL total USD\s+-?\d/);
    assert.match(a.stdout, /markout 10 s bps/);
    assert.equal(a.stdout, b.stdout);
    const ra = await Deno.readFile(`${dir}/a.html`);
    assert.deepEqual(ra, await Deno.readFile(`${dir}/b.html`));
    assert.ok(ra.length > 1000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("backtest --sweep prints one row per combination sorted by PnL, progress on stderr", async () => {
  const r = await backtest(FIXTURE, CONFIG, "--sweep", "spread_bps=4,8 requote_threshold_bps=2,5");
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trim().split("\n").slice(1).map((l) => l.split("\t"));
  assert.equal(rows.length, 4);
  const pnls = rows.map((row) => Number(row[1]));
  assert.deepEqual(pnls, [...pnls].sort((x, y) => y - x));
  assert.equal(new Set(rows.map((row) => row[0])).size, 4);
  assert.match(r.stderr, /\[#+\] 4\/4/);
});
