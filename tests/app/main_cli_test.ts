/** main.ts as a user runs it: exit codes, messages, and the signal path (subprocesses). */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startSim } from "../../src/sim/start_sim.ts";
import { textLines } from "../../src/util/text_lines.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FLAGS = ["run", "--allow-net", "--allow-env", "--allow-read", "main.ts"];

function passThroughEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
    const v = Deno.env.get(name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function run(args: string[], env: Record<string, string> = {}) {
  return new Deno.Command(Deno.execPath(), {
    args: [...FLAGS, ...args],
    cwd: ROOT,
    // A clean environment (no HL_* of the developer's shell), but Deno's own cache settings.
    env: { ...passThroughEnv(), NO_COLOR: "1", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  });
}

async function tempConfig(overrides: Record<string, unknown> = {}): Promise<string> {
  const base = JSON.parse(await Deno.readTextFile(`${ROOT}configs/fast_trading.json`));
  const path = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(
    path,
    JSON.stringify({ ...base, sidecar: { enabled: false }, ...overrides }),
  );
  return path;
}

Deno.test("mainnet without a key: exit 2 and point to deno task sim and --dry-run", async () => {
  const out = await run(["configs/fast_trading.json"]).output();
  const err = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 2, err);
  assert.match(err, /HL_PRIVATE_KEY/);
  assert.match(err, /deno task sim/);
  assert.match(err, /--dry-run/);
});

Deno.test("a malformed key: exit 2, the key is not echoed", async () => {
  const key = "0x1234abcd1234abcd";
  const out = await run(["configs/fast_trading.json"], { HL_PRIVATE_KEY: key }).output();
  const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 2, text);
  assert.ok(!text.includes("1234abcd"), text);
});

Deno.test("a key above the curve order: exit 2 naming HL_PRIVATE_KEY, no network hint", async () => {
  const key = "0x" + "f".repeat(64);
  const out = await run(["configs/fast_trading.json"], { HL_PRIVATE_KEY: key }).output();
  const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 2, text);
  assert.match(text, /HL_PRIVATE_KEY: .*curve order/);
  assert.ok(!text.includes("ffffffff"), text);
  assert.ok(!/check the network/.test(text), text);
});

Deno.test("a config error: exit 2 with the file, path and expectation", async () => {
  const path = await tempConfig({ loop_ms: "fast" });
  try {
    const out = await run([path]).output();
    const err = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 2);
    assert.match(err, /loop_ms/);
    assert.ok(err.includes(path), err);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("bad usage: exit 2", async () => {
  const out = await run(["--duration", "soon", "configs/fast_trading.json"]).output();
  assert.equal(out.code, 2);
});

/** Read stdout lines until one matches; every line read is added to `lines`. */
async function readUntil(
  stdout: AsyncIterator<string>,
  lines: string[],
  match: (line: string) => boolean,
): Promise<void> {
  while (true) {
    const { value, done } = await stdout.next();
    if (done) throw new Error(`stdout ended before a match:\n${lines.join("\n")}`);
    lines.push(value);
    if (match(value)) return;
  }
}

Deno.test("--sim: SIGTERM cancels everything, confirms zero open orders, exits 0", async () => {
  const path = await tempConfig({ status_every_ms: 200 });
  const child = run(["--sim", path]).spawn();
  const stdout = textLines(child.stdout);
  const lines: string[] = [];
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  try {
    // Wait until it quotes (a status line with orders placed), then stop it like a process
    // manager would.
    await readUntil(stdout, lines, (l) => {
      if (!l.includes('"msg":"status"')) return false;
      return (JSON.parse(l) as { placed?: number }).placed! > 0;
    });
    child.kill("SIGTERM");
    await readUntil(stdout, lines, (l) => l.includes('"msg":"summary"'));
    const summary = JSON.parse(lines.at(-1)!);
    assert.equal(summary.openOrdersLeft, 0);
    assert.ok(summary.placed > 0, lines.at(-1));
    const status = await child.status;
    assert.equal(status.code, 0);
    // No secret in the output: the sim's demo key is derived from the seed, never printed.
    assert.ok(!lines.some((l) => /[0-9a-f]{64}/.test(l.replace(/"hash":"0x[0-9a-f]+"/g, ""))));
  } finally {
    clearTimeout(guard);
    await stdout.return(undefined).catch(() => {});
    await child.stderr.cancel().catch(() => {});
    await Deno.remove(path);
  }
});

Deno.test("a second signal exits at once, without waiting for the cancels", async () => {
  // Our own simulator, whose /exchange we can slow down so that the first stop is still busy.
  const sim = await startSim({ port: 0, hostname: "127.0.0.1", seed: 5 });
  const path = await tempConfig({ network: "sim", api_url: sim.httpUrl, ws_url: sim.wsUrl });
  const child = run([path], { HL_PRIVATE_KEY: sim.demo.privateKey }).spawn();
  const stdout = textLines(child.stdout);
  const lines: string[] = [];
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  try {
    await readUntil(stdout, lines, (l) => l.includes('"msg":"feed connected"'));
    await fetch(`${sim.httpUrl}/sim/faults`, {
      method: "POST",
      body: JSON.stringify({ exchangeDelayMs: 20_000 }),
    }).then((r) => r.body?.cancel());
    child.kill("SIGINT");
    await readUntil(stdout, lines, (l) => l.includes("signal received"));
    child.kill("SIGINT");
    const status = await child.status;
    assert.equal(status.code, 130);
    assert.ok(!lines.some((l) => l.includes(sim.demo.privateKey.slice(2))), "key in the logs");
  } finally {
    clearTimeout(guard);
    await stdout.return(undefined).catch(() => {});
    await child.stderr.cancel().catch(() => {});
    await Deno.remove(path);
    await sim.stop();
  }
});
