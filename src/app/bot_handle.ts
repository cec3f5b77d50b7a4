/**
 * The programmatic entry's contract: what `runBot(options)` (src/app/run_bot.ts) takes and what
 * it gives back. Used by main.ts, the whole-bot tests, the benchmark and the sidecar's browser
 * test.
 *
 * Lifecycle: `runBot` resolves once the bot is running (meta loaded, this bot's stale orders
 * canceled, loop started, sidecar listening when enabled). It rejects with a `ConfigError`
 * (exitCode 2) for missing/bad keys or settings, and with other errors for startup failures.
 * `stop()` (or aborting `options.signal`, or `durationMs` elapsing) stops quoting, cancels the
 * bot's open orders in one batch (the ownership rule of src/engine/orders/order_ownership.ts:
 * the operator's own orders are left alone unless `cancel_foreign_orders`), confirms with
 * openOrders (retrying the cancels a few times), stops
 * the sidecar, the feed and the embedded simulator, then settles `done`.
 */
import type { BotConfig } from "../config/mod.ts";
import type { EngineControl, EngineSnapshot, EngineView } from "../core/engine_view.ts";
import type { Logger } from "../core/log.ts";
import type { OrderTrace } from "../engine/loop/engine_deps.ts";
import type { MarketProfileName } from "../sim/market/market_profiles.ts";

export type { OrderTrace };

/** An already running exchange to trade against (tests: a `startSim` instance). */
export interface BotTarget {
  /** e.g. `http://127.0.0.1:40123` (REST /info and /exchange). */
  readonly httpUrl: string;
  /** e.g. `ws://127.0.0.1:40123/ws`. */
  readonly wsUrl: string;
  /** The funded key (the simulator's demo key). Never logged. */
  readonly privateKey: string;
}

/** Options of the embedded simulator (`--sim`): seed, market profile, starting address budget. */
export interface SimRunOptions {
  readonly seed?: number;
  /** `--market calm|busy|thin` (default busy). */
  readonly market?: MarketProfileName;
  /** `--initial-address-budget N` (default the exchange's 10,000). */
  readonly initialAddressBudget?: number;
}

/**
 * What `runBot` needs: the config, and where to trade (real network, embedded simulator, a running
 * target, or a dry run).
 */
export interface RunBotOptions {
  /** The parsed configuration (`loadConfig` / `parseConfig`). */
  readonly config: BotConfig;
  /**
   * Environment: secrets (HL_PRIVATE_KEY, HL_ACCOUNT_ADDRESS, HL_VAULT_ADDRESS) and limiter
   * settings (HL_RL_*). Default `Deno.env.toObject()`.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Start the embedded simulator on 127.0.0.1 port 0 and trade against it with its throwaway
   * demo key; the network is overridden to "sim" and the URLs to the simulator's.
   */
  readonly sim?: boolean | SimRunOptions;
  /** Trade against this running exchange instead (network "sim"); wins over `sim`. */
  readonly target?: BotTarget;
  /** Run the loop on real market data, log the actions it would send, send nothing; no key. */
  readonly dryRun?: boolean;
  /** Stop by itself after this long (`--duration <s>`). */
  readonly durationMs?: number;
  /** Default: JSON lines on stdout at level info. */
  readonly logger?: Logger;
  /** Aborting it is the same as `stop()`. */
  readonly signal?: AbortSignal;
  /**
   * Sidecar: default `config.sidecar`. `false` disables it; an object overrides host/port
   * (tests use `{ host: "127.0.0.1", port: 0 }`).
   */
  readonly sidecar?: false | { readonly host: string; readonly port: number };
  /** Called for every order request written (benchmark: tick-to-order latency). */
  readonly onOrderTrace?: (trace: OrderTrace) => void;
}

/** Why the bot stopped: `stop()`, an aborted signal, `durationMs` elapsed, or a fatal error. */
export type StopReason = "stopped" | "signal" | "duration" | "fatal";

/**
 * How a run ended, settled by `done`: the exit code main.ts returns and whether the final cancel
 * left orders behind.
 */
export interface BotResult {
  /** 0 after a clean stop with zero open orders confirmed; 1 when it could not confirm or failed. */
  readonly exitCode: number;
  readonly reason: StopReason;
  /** Open orders left on the exchange after the final cancel (null: not checked, dry run). */
  readonly openOrdersLeft: number | null;
  /** What the final check could not confirm, in words (empty after a confirmed zero). */
  readonly unconfirmed: readonly string[];
  /** The last snapshot, taken after the final cancel. */
  readonly summary: EngineSnapshot;
  /** Set when reason is "fatal". */
  readonly error?: string;
}

/** A running bot: read its state, steer it, stop it and await its result. */
export interface BotHandle {
  readonly view: EngineView;
  readonly control: EngineControl;
  /** `http://host:port` of the sidecar when it runs. */
  readonly sidecarUrl?: string;
  /** The exchange endpoints in use (the embedded simulator's when `sim`). */
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** The trading account (null in a dry run without a key). */
  readonly account: string | null;
  /** Graceful stop (idempotent); resolves with `done`. */
  stop(): Promise<BotResult>;
  /** Settles once the bot has stopped (never rejects). */
  readonly done: Promise<BotResult>;
}
