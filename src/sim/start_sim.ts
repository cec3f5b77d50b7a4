/**
 * Start the local Hyperliquid simulator: the exchange core (`src/sim/market`) behind the protocol
 * server (`src/sim/server`) on 127.0.0.1. Signatures use the phantom-agent source of `network`
 * (default "testnet" = source "b", what a client signs with when `isTestnet` is true).
 *
 * A demo account is created from a throwaway private key derived from the seed (never a real key)
 * and funded with `demoUsd` (default $100,000).
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import type { SimCoinSpec, SimExchangeCore, SimMarketOptions } from "./market/api.ts";
import { createSimExchangeCore } from "./market/exchange_core.ts";
import {
  DEFAULT_MARKET_PROFILE,
  type MarketProfileName,
  profileMarketOptions,
} from "./market/market_profiles.ts";
import { addressOfPrivateKey, bytesToHex, type SimNetwork } from "./server/l1_signer_recovery.ts";
import { type SimServerOptions, startSimServer } from "./server/sim_server.ts";

/** An extra funded account to create in the simulator, with its agents and sub-accounts. */
export interface SimAccountSpec {
  /** The account's address, or give `privateKey` and the address is derived. */
  readonly address?: string;
  readonly privateKey?: string;
  /** USDC collateral (default 100000). */
  readonly usd?: number;
  /** Agent (API wallet) addresses allowed to sign for this account. */
  readonly agents?: readonly string[];
  /** Sub-accounts of this account (funded, traded through `vaultAddress`). */
  readonly subAccounts?: readonly { readonly address: string; readonly usd?: number }[];
}

/**
 * The server's options (port, hostname, network, clock, tickMs, limits, cadence, body cap, blocks,
 * signal), all optional here, plus the market and its accounts.
 */
export interface StartSimOptions extends Partial<Omit<SimServerOptions, "core">> {
  readonly seed?: number;
  readonly coins?: readonly SimCoinSpec[];
  /** Demo account collateral (default 100000). */
  readonly demoUsd?: number;
  /** Extra funded accounts. */
  readonly accounts?: readonly SimAccountSpec[];
  /** Extra options for the core (taker rate, fees, synthetic market tuning, step). */
  readonly market?: Partial<Omit<SimMarketOptions, "seed" | "startMs" | "coins">>;
  /**
   * Named synthetic market (`market_profiles.ts`, default "busy" = today's market); `market`
   * options override its fields.
   */
  readonly marketProfile?: MarketProfileName;
  /**
   * Starting address budget of every account instead of 10,000 (`--initial-address-budget`);
   * shorthand for `addressBudget.initialRequests` (which wins when both are given).
   */
  readonly initialAddressBudget?: number;
  /** Use this core instead of creating one (tests). */
  readonly core?: SimExchangeCore;
}

/** A started simulator: its URLs, the demo account's key, the core, and how to stop it. */
export interface RunningSim {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly infoUrl: string;
  readonly exchangeUrl: string;
  readonly network: SimNetwork;
  /** Throwaway demo account (deterministic from the seed). */
  readonly demo: { readonly privateKey: string; readonly address: string };
  readonly core: SimExchangeCore;
  /** Fund (create) an account. */
  addAccount(address: string, usd: number): void;
  /** Let `agent` sign for `master`. */
  approveAgent(master: string, agent: string): void;
  /** Create a funded sub-account that `master` and its agents trade via `vaultAddress`. */
  addSubAccount(master: string, sub: string, usd: number): void;
  /** Advance the core to the clock's time and flush pushes (for `tickMs: 0`). */
  tick(): void;
  stop(): Promise<void>;
}

/** The demo account's throwaway key for `seed`: keccak256("hl-mm sim demo key <seed>"). */
export function demoPrivateKey(seed: number): string {
  return bytesToHex(keccak_256(new TextEncoder().encode(`hl-mm sim demo key ${seed}`)));
}

/**
 * Start a seeded simulator on 127.0.0.1 with a funded demo account; the bot and tests trade against
 * it.
 */
export async function startSim(options: StartSimOptions = {}): Promise<RunningSim> {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? Date.now;
  const core = options.core ?? createSimExchangeCore({
    ...profileMarketOptions(options.marketProfile ?? DEFAULT_MARKET_PROFILE, options.market),
    seed,
    startMs: clock(),
    ...(options.coins ? { coins: options.coins } : {}),
  });
  const privateKey = demoPrivateKey(seed);
  const demo = { privateKey, address: addressOfPrivateKey(privateKey) };
  core.fund(demo.address, options.demoUsd ?? 100_000);

  const server = await startSimServer({
    ...options,
    ...(options.initialAddressBudget !== undefined
      ? {
        addressBudget: { initialRequests: options.initialAddressBudget, ...options.addressBudget },
      }
      : {}),
    core,
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
    network: options.network ?? "testnet",
    clock,
  });

  const addSubAccount = (master: string, sub: string, usd: number) => {
    core.fund(sub.toLowerCase(), usd);
    server.addSubAccount(master, sub);
  };
  for (const a of options.accounts ?? []) {
    const address = (a.address ?? (a.privateKey ? addressOfPrivateKey(a.privateKey) : ""))
      .toLowerCase();
    if (!/^0x[0-9a-f]{40}$/.test(address)) {
      await server.stop();
      throw new Error("startSim: each account needs a valid address or privateKey");
    }
    core.fund(address, a.usd ?? 100_000);
    for (const agent of a.agents ?? []) core.approveAgent(address, agent.toLowerCase());
    for (const s of a.subAccounts ?? []) addSubAccount(address, s.address, s.usd ?? 0);
  }

  return {
    httpUrl: server.httpUrl,
    wsUrl: server.wsUrl,
    infoUrl: server.infoUrl,
    exchangeUrl: server.exchangeUrl,
    network: server.network,
    demo,
    core,
    addAccount: (address, usd) => core.fund(address.toLowerCase(), usd),
    approveAgent: (master, agent) => core.approveAgent(master.toLowerCase(), agent.toLowerCase()),
    addSubAccount,
    tick: () => server.tick(),
    stop: () => server.stop(),
  };
}
