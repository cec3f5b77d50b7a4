import assert from "node:assert/strict";
import { demoPrivateKey, startSim } from "../../src/sim/start_sim.ts";
import { postJson, signedEnvelope } from "./server/signed_request.ts";
import { testKey, testWallet } from "./server/test_wallet.ts";

const T0 = 1_750_000_000_000;

Deno.test("startSim: deterministic funded demo account, extra accounts, agents, sub-accounts", async () => {
  const master = testWallet(testKey("start-master"));
  const agent = testWallet(testKey("start-agent"));
  const sub = testWallet(testKey("start-sub")).address;
  const sim = await startSim({
    clock: () => T0,
    tickMs: 0,
    seed: 5,
    accounts: [{
      privateKey: master.privateKey,
      usd: 2500,
      agents: [agent.address],
      subAccounts: [{ address: sub, usd: 700 }],
    }],
  });
  try {
    assert.equal(sim.demo.privateKey, demoPrivateKey(5));
    assert.equal(sim.demo.address, testWallet(demoPrivateKey(5)).address);
    assert.match(sim.httpUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sim.wsUrl, sim.httpUrl.replace("http", "ws") + "/ws");
    assert.equal(sim.network, "testnet");
    const value = async (user: string) =>
      Number(
        ((await postJson(sim.infoUrl, { type: "clearinghouseState", user })).body as {
          marginSummary: { accountValue: string };
        }).marginSummary.accountValue,
      );
    assert.equal(await value(sim.demo.address), 100_000);
    assert.equal(await value(master.address), 2500);
    assert.equal(await value(sub), 700);
    const noop = await signedEnvelope(agent, { type: "noop" }, T0, { vaultAddress: sub });
    assert.equal(((await postJson(sim.exchangeUrl, noop)).body as { status: string }).status, "ok");
    const stranger = testWallet(testKey("nobody"));
    sim.addAccount(stranger.address, 50);
    const ok = await signedEnvelope(stranger, { type: "noop" }, T0);
    assert.equal(((await postJson(sim.exchangeUrl, ok)).body as { status: string }).status, "ok");
  } finally {
    await sim.stop();
  }
  // stop() is idempotent and the port is closed.
  await sim.stop();
  await assert.rejects(fetch(sim.infoUrl, { method: "POST", body: "{}" }));
});

Deno.test("startSim stops when its signal aborts", async () => {
  const ac = new AbortController();
  const sim = await startSim({ tickMs: 20, signal: ac.signal });
  ac.abort();
  await sim.stop();
  await assert.rejects(fetch(sim.infoUrl, { method: "POST", body: "{}" }));
});

/** `src/sim/cli.ts` with `flags` as a child process, read until it printed its URLs. */
async function spawnSimCli(flags: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", "src/sim/cli.ts", ...flags],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!out.includes("demo private key")) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  const url = out.match(/info:\s+(http:\/\/127\.0\.0\.1:\d+\/info)/)?.[1];
  return { child, reader, out, url };
}

Deno.test("cli: prints URLs and the throwaway demo key, stops cleanly on SIGINT", async () => {
  const started = await spawnSimCli(["--port", "0", "--seed", "9"]);
  const { child, reader, url } = started;
  let out = started.out;
  try {
    assert.ok(url, out);
    assert.match(out, new RegExp(testWallet(demoPrivateKey(9)).address));
    assert.match(out, /THROWAWAY/);
    const meta = await postJson(url, { type: "meta" });
    assert.equal(meta.status, 200);
    child.kill("SIGINT");
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    const status = await child.status;
    assert.equal(status.code, 0, out);
    assert.match(out, /stopped/);
  } finally {
    reader.releaseLock();
    await child.stderr.cancel();
    try {
      child.kill();
    } catch {
      // already exited
    }
    await child.status;
  }
});

Deno.test("cli: --market and --initial-address-budget reach the running simulator", async () => {
  const { child, reader, out, url } = await spawnSimCli([
    "--port",
    "0",
    "--market",
    "thin",
    "--initial-address-budget",
    "321",
  ]);
  try {
    assert.ok(url, out);
    assert.match(out, /market: thin\s+address budget at start: 321/);
    const user = testWallet(demoPrivateKey(1)).address;
    const rl = (await postJson(url, { type: "userRateLimit", user })).body;
    assert.deepEqual(rl, { cumVlm: "0", nRequestsUsed: 0, nRequestsCap: 321, nRequestsSurplus: 0 });
    // thin: ten times busy's ~$37,500 over the top 5 bid levels.
    const book = (await postJson(url, { type: "l2Book", coin: "ETH" })).body as {
      levels: { px: string; sz: string }[][];
    };
    const top5 = (book.levels[0] ?? []).slice(0, 5)
      .reduce((sum, l) => sum + Number(l.px) * Number(l.sz), 0);
    assert.ok(top5 > 150_000, `top 5 bid levels $${top5}`);
  } finally {
    reader.releaseLock();
    await child.stderr.cancel();
    child.kill("SIGINT");
    await child.stdout.cancel().catch(() => {});
    await child.status;
  }
});

Deno.test("cli: a bad flag is a usage error, exit 2, and nothing starts", async () => {
  for (
    const [args, message] of [
      [["--port", "abc"], /--port must be a non-negative integer, got abc/],
      [["--network", "devnet"], /--network must be testnet or mainnet, got devnet/],
      [["--prot", "8080"], /--prot/],
      [["--seed"], /--seed/],
      [["--market", "stormy"], /--market must be one of calm, busy, thin/],
      [["--initial-address-budget", "x"], /--initial-address-budget must be a non-negative/],
    ] as const
  ) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net", "--allow-env", "--allow-read", "src/sim/cli.ts", ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 2, `${args.join(" ")}: ${err}`);
    assert.match(err, message);
    assert.equal(new TextDecoder().decode(out.stdout), "", "no simulator started");
  }
});
