/** What the engine loop is built from: ports (I/O) and the pure modules' settings. */
import type { BotConfig, ConfigCodec } from "../../core/config.ts";
import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/log.ts";
import type {
  AddressBudget,
  ExchangeApi,
  InfoApi,
  MarketFeed,
  RestLimiter,
  WeightTable,
} from "../../core/ports.ts";
import type { AssetMeta } from "../../core/types.ts";
import type { CloidSource } from "../strategy/cloid_source.ts";

/** One order request written to the wire, for tick-to-order latency (benchmark). */
export interface OrderTrace {
  /** Monotonic ms when the market data frame the decision was based on was received. */
  readonly tickReceivedMonoMs: number;
  /** Monotonic ms when the request was written (see EngineDeps.actionWritten). */
  readonly writtenMonoMs: number;
  readonly coin: string;
  readonly kind: "place" | "modify" | "cancel";
}

/** Counters kept by the wiring around the limiters (they see every request). */
export interface EngineMeters {
  /** HTTP 429 answers so far. */
  http429(): number;
  /** WS messages sent so far (subscribe, ping, post). */
  wsMessages(): number;
  /** WS messages sent in the trailing minute. */
  wsMessagesLastMinute(): number;
}

/**
 * Everything the engine is built from: config, asset meta, I/O ports, limiter state and the
 * injected clock and logger.
 */
export interface EngineDeps {
  readonly config: BotConfig;
  /** Meta of every configured coin. */
  readonly assets: ReadonlyMap<string, AssetMeta>;
  readonly info: InfoApi;
  /** Info for the final openOrders check (the limiter's reserved share). Default `info`. */
  readonly finalInfo?: InfoApi;
  /** Orders: WS post or REST per config. null = dry run (nothing is sent). */
  readonly exchange: ExchangeApi | null;
  /** REST orders, used while the WS is down and for the final cancel. Default `exchange`. */
  readonly exchangeRest?: ExchangeApi | null;
  /** null when use_websocket is false. */
  readonly feed: MarketFeed | null;
  readonly limiter: RestLimiter;
  readonly wsCapacityPerMin: number;
  readonly addressBudget: AddressBudget;
  readonly weights: WeightTable;
  /** The account whose orders and fills we follow; null in a dry run without a key. */
  readonly user: string | null;
  readonly cloids: CloidSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly meters: EngineMeters;
  /**
   * Account value the loss limit counts from (persisted across restarts by the app); absent or
   * null: the loss limit counts this run's PnL only (dry run, no state file).
   */
  readonly lossBaselineUsd?: number | null;
  readonly onOrderTrace?: (trace: OrderTrace) => void;
  /**
   * Runs a scheduled decision. Default: `setImmediate` (after the current burst of I/O, so frames
   * that arrived together are decided once). A replay on a virtual clock passes its own.
   */
  readonly scheduleDecision?: (run: () => void) => void;
  /** Validates quoting patches and writes the file form (src/config's, injected by the app). */
  readonly configCodec: ConfigCodec;
  /**
   * Called right after an action was handed to the exchange port: the monotonic time its request
   * is actually written (after any limiter wait), or null to use the hand-off time.
   */
  readonly actionWritten?: () => Promise<number> | null;
}
