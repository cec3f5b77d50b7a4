/** Start the protocol server on 127.0.0.1:0 with the fake core and a hand-moved clock. */
import {
  type SimServer,
  type SimServerOptions,
  startSimServer,
} from "../../../src/sim/server/sim_server.ts";
import { FakeCore } from "./fake_core.ts";
import { postJson, signedEnvelope } from "./signed_request.ts";
import { testKey, type TestWallet, testWallet } from "./test_wallet.ts";

export const T0 = 1_750_000_000_000;

/** The body of an /exchange answer. */
export interface ExchangeAnswer {
  readonly status: string;
  readonly response: unknown;
}

/** `await using sim = await startFakeSim()` stops the server when the block is left. */
export interface FakeSim extends AsyncDisposable {
  readonly core: FakeCore;
  readonly server: SimServer;
  readonly wallet: TestWallet;
  now: number;
  /** Move the clock and run one server tick. */
  advance(ms: number): void;
  /** Sign `action` with the wallet at `nonce`, post it to /exchange; the answer's body. */
  exchange(action: Record<string, unknown>, nonce: number): Promise<ExchangeAnswer>;
  /** The wallet's `userRateLimit` answer from /info. */
  userRateLimit(): Promise<unknown>;
}

export async function startFakeSim(extra: Partial<SimServerOptions> = {}): Promise<FakeSim> {
  const core = new FakeCore();
  const wallet = testWallet(testKey("fake-master"));
  core.fund(wallet.address, 100_000);
  const sim = {
    core,
    wallet,
    now: T0,
  } as FakeSim;
  const server = await startSimServer({
    core,
    port: 0,
    clock: () => sim.now,
    tickMs: 0,
    ...extra,
  });
  Object.assign(sim, {
    server,
    advance(ms: number) {
      sim.now += ms;
      server.tick();
    },
    async exchange(action: Record<string, unknown>, nonce: number) {
      const envelope = await signedEnvelope(wallet, action, nonce);
      return (await postJson(server.exchangeUrl, envelope)).body as ExchangeAnswer;
    },
    async userRateLimit() {
      return (await postJson(server.infoUrl, { type: "userRateLimit", user: wallet.address })).body;
    },
    [Symbol.asyncDispose]: () => server.stop(),
  });
  return sim;
}
