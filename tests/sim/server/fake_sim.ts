/** Start the protocol server on 127.0.0.1:0 with the fake core and a hand-moved clock. */
import {
  type SimServer,
  type SimServerOptions,
  startSimServer,
} from "../../../src/sim/server/sim_server.ts";
import { FakeCore } from "./fake_core.ts";
import { testKey, type TestWallet, testWallet } from "./test_wallet.ts";

export const T0 = 1_750_000_000_000;

/** `await using sim = await startFakeSim()` stops the server when the block is left. */
export interface FakeSim extends AsyncDisposable {
  readonly core: FakeCore;
  readonly server: SimServer;
  readonly wallet: TestWallet;
  now: number;
  /** Move the clock and run one server tick. */
  advance(ms: number): void;
  stop(): Promise<void>;
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
    stop: () => server.stop(),
    [Symbol.asyncDispose]: () => server.stop(),
  });
  return sim;
}
