/**
 * The bot's JSON configuration: a strict zod schema with snake_case keys (as in the seed
 * `configs/fast_trading.json`), turned into the camelCase `BotConfig` the engine uses.
 * Unknown keys, wrong types and out-of-range numbers are errors.
 */
import { z } from "zod";
import {
  MIN_DEAD_MAN_SWITCH_MS,
  SCHEDULE_CANCEL_MARGIN_MS,
  SCHEDULE_CANCEL_MIN_AHEAD_MS,
} from "../core/dead_man_limits.ts";
import type { BotConfig, CoinConfig } from "../core/config.ts";

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * Default size tolerance: a size change under 3% keeps the order. In the 10-coin simulator bench
 * about 300 of ~2,000 address requests a minute were size-only replacements (issue 12).
 */
export const DEFAULT_SIZE_TOLERANCE_BPS = 300;

/**
 * Hard bounds of the quoting parameters (in the file and in PATCH /config). They stop typos and
 * fat fingers, not strategy choices: an order up to $100k, a position up to $1M per coin, a spread
 * of at least 1 bps (below that a round trip cannot earn the maker fee back), a skew of at most
 * 200 bps at full position. README "Sidecar" lists them.
 */
export const QUOTING_BOUNDS = {
  levels: { min: 1, max: 20 },
  spreadBps: { min: 1, max: 2_000 },
  levelSpacingBps: { min: 0, max: 1_000 },
  sizeUsd: { min: 10, max: 100_000 },
  maxPositionUsd: { min: 10, max: 1_000_000 },
  requoteThresholdBps: { min: 0, max: 1_000 },
  passiveRequoteThresholdBps: { min: 0, max: 1_000 },
  sizeToleranceBps: { min: 0, max: 5_000 },
  skewBps: { min: 0, max: 200 },
} as const;

const B = QUOTING_BOUNDS;
const range = (b: { readonly min: number; readonly max: number }) =>
  z.number().min(b.min).max(b.max);

/**
 * The quoting fields without defaults: what a patch may name. A patch is validated by this
 * shape (no default is ever filled into it), then merged over the live values and the merged coin
 * is validated by `coinSchema`.
 */
const quotingFields = {
  levels: int(B.levels.min, B.levels.max),
  spread_bps: range(B.spreadBps),
  level_spacing_bps: range(B.levelSpacingBps),
  size_usd: range(B.sizeUsd),
  max_position_usd: range(B.maxPositionUsd),
  requote_threshold_bps: range(B.requoteThresholdBps),
  /**
   * Dead zone of an order that became more passive than desired (a bid below, an ask above): it
   * keeps its queue place and cannot be picked off, so it may wait longer. Below
   * requote_threshold_bps it changes nothing.
   */
  passive_requote_threshold_bps: range(B.passiveRequoteThresholdBps),
  /** A size change within this (bps of the new size) keeps the order (no size-only modifies). */
  size_tolerance_bps: range(B.sizeToleranceBps),
  /** Shift of both sides against the position when it reaches max_position_usd, in bps. */
  skew_bps: range(B.skewBps),
};

/** Quoting parameters of one coin. */
export const coinSchema = z.strictObject({
  coin: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9:@/_-]{0,31}$/, "expected a coin name like BTC"),
  ...quotingFields,
  levels: quotingFields.levels.default(1),
  level_spacing_bps: quotingFields.level_spacing_bps.default(0),
  requote_threshold_bps: quotingFields.requote_threshold_bps.default(2),
  passive_requote_threshold_bps: quotingFields.passive_requote_threshold_bps.default(0),
  size_tolerance_bps: quotingFields.size_tolerance_bps.default(DEFAULT_SIZE_TOLERANCE_BPS),
  skew_bps: quotingFields.skew_bps.default(0),
}).superRefine((c, ctx) => {
  if (c.size_usd > c.max_position_usd) {
    ctx.addIssue({
      code: "custom",
      path: ["max_position_usd"],
      message: `expected a value >= size_usd (${c.size_usd})`,
    });
  }
});

/** The parameters of a coin that PATCH /config may change (all but the coin's name), no defaults. */
export const coinPatchSchema = z.strictObject(quotingFields).partial();

/** The names of the patchable fields of a coin. */
export const PATCHABLE_COIN_FIELDS = Object.keys(quotingFields) as (keyof typeof quotingFields)[];

/**
 * PATCH /config body: `{ "coins": { "BTC": { "spread_bps": 12 } } }`, plus `"confirm": true` when
 * it raises a coin's exposure by more than `sidecar.confirm_exposure_factor` at once.
 */
export const quotingPatchSchema = z.strictObject({
  coins: z.record(z.string(), coinPatchSchema),
  confirm: z.boolean().optional(),
});

const budgetSchema = z.strictObject({
  /** Spend the address budget by the governor (allowance, ranking, widening); false: ungoverned. */
  governor: z.boolean().default(true),
  /** What is left above the reserve is spread over this many minutes (plus what fills earn). */
  horizon_min: int(1, 10_080).default(60),
  /** Requests kept for cancels and the kill switch: other actions stop at this floor. */
  reserve: int(0, 10_000_000).default(500),
  /** Buy requests (reserveRequestWeight, 0.0005 USDC each) up to this per day; 0 = never. */
  max_buy_usd_per_day: z.number().min(0).max(10_000).default(0),
});

const riskSchema = z.strictObject({
  /** Halt when total PnL (realized + unrealized - fees) falls to -max_loss_usd. */
  max_loss_usd: z.number().positive().default(100),
  /** Halt after this many order rejections in a row. */
  max_consecutive_rejects: int(1, 100_000).default(20),
  /** Halt after this many rate-limit errors (429 or address budget) within 60 s. */
  max_rate_limit_errors: int(1, 100_000).default(10),
  /** Pause quoting when the address budget falls below this many requests... */
  min_address_budget: int(0, 10_000_000).default(200),
  /** ...and resume when it is back to this many. */
  resume_address_budget: int(0, 10_000_000).default(1_000),
  /**
   * Where the account's loss baseline is kept across restarts; null = not kept. Absent: the
   * default of the network (see `lossStateFileFor`).
   */
  loss_state_file: z.string().min(1).max(4_096).nullable().optional(),
});

/** Host names the sidecar answers to by default (a DNS-rebinding page sends its own). */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "::1"];

const sidecarSchema = z.strictObject({
  enabled: z.boolean().default(true),
  host: z.string().min(1).default("127.0.0.1"),
  port: int(0, 65_535).default(8787),
  /** Host names (Host header, without the port) the sidecar answers to. */
  allowed_hosts: z.array(z.string().min(1).max(253)).min(1).max(50).default([...LOOPBACK_HOSTS]),
  /** A patch that multiplies a coin's exposure by more than this needs "confirm": true. */
  confirm_exposure_factor: z.number().min(1).max(100).default(2),
});

const url = (protocols: readonly string[]) =>
  z.string().refine((s) => {
    try {
      return protocols.includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, `expected a URL starting with ${protocols.join(" or ")}`);

/**
 * The whole config file: strict, defaults filled in, cross-field rules (unique coins, resume >= min
 * address budget) checked.
 */
export const configSchema = z.strictObject({
  network: z.enum(["mainnet", "testnet", "sim"]),
  api_url: url(["http:", "https:"]).optional(),
  ws_url: url(["ws:", "wss:"]).optional(),
  loop_ms: int(10, 60_000).default(100),
  min_replace_ms: int(0, 600_000).default(10),
  housekeep_every_n: int(1, 1_000_000).default(200),
  batch_orders: z.boolean().default(true),
  use_websocket: z.boolean().default(true),
  /** Default: "ws" when use_websocket is true, else "rest". */
  order_transport: z.enum(["rest", "ws"]).optional(),
  cache_ttl_ms: int(100, 600_000).default(5_000),
  max_quote_age_ms: int(100, 600_000).default(2_000),
  status_every_ms: int(100, 3_600_000).default(10_000),
  request_timeout_ms: int(100, 120_000).default(5_000),
  fair_price: z.enum(["mid", "microprice"]).default("mid"),
  /** Keep a scheduleCancel this far ahead (>= 7000), or 0 to disable the dead-man's switch. */
  dead_man_switch_ms: int(0, 86_400_000).default(0),
  /**
   * Also cancel orders NOT placed by this bot on the quoted coins (at start, while running, at
   * shutdown). Default false: such orders are left alone and logged.
   */
  cancel_foreign_orders: z.boolean().default(false),
  risk: riskSchema.default(riskSchema.parse({})),
  budget: budgetSchema.default(budgetSchema.parse({})),
  sidecar: sidecarSchema.default(sidecarSchema.parse({})),
  coins: z.array(coinSchema).min(1).max(100),
}).superRefine((c, ctx) => {
  if (c.order_transport === "ws" && !c.use_websocket) {
    ctx.addIssue({
      code: "custom",
      path: ["order_transport"],
      message: 'expected "rest" when use_websocket is false',
    });
  }
  const seen = new Set<string>();
  c.coins.forEach((coin, i) => {
    if (seen.has(coin.coin)) {
      ctx.addIssue({
        code: "custom",
        path: ["coins", i, "coin"],
        message: `expected each coin once, "${coin.coin}" is repeated`,
      });
    }
    seen.add(coin.coin);
  });
  if (c.dead_man_switch_ms > 0 && c.dead_man_switch_ms < MIN_DEAD_MAN_SWITCH_MS) {
    ctx.addIssue({
      code: "custom",
      path: ["dead_man_switch_ms"],
      message: `expected 0 (off) or at least ${MIN_DEAD_MAN_SWITCH_MS}: the exchange refuses a ` +
        `scheduleCancel less than ${SCHEDULE_CANCEL_MIN_AHEAD_MS} ms ahead, and ` +
        `${SCHEDULE_CANCEL_MARGIN_MS} ms are kept for latency and clock skew`,
    });
  }
  if (c.budget.reserve < c.risk.min_address_budget) {
    ctx.addIssue({
      code: "custom",
      path: ["budget", "reserve"],
      message: "expected a value >= risk.min_address_budget (the governor stops spending first)",
    });
  }
  if (c.risk.resume_address_budget < c.risk.min_address_budget) {
    ctx.addIssue({
      code: "custom",
      path: ["risk", "resume_address_budget"],
      message: "expected a value >= risk.min_address_budget",
    });
  }
});

/** A config file as written (snake_case keys, defaults optional). */
export type ConfigFile = z.input<typeof configSchema>;
type ParsedConfig = z.output<typeof configSchema>;
type ParsedCoin = z.output<typeof coinSchema>;

export type { BotConfig, CoinConfig, RiskConfig, SidecarConfig } from "../core/config.ts";

/** A validated file coin entry as the engine's `CoinConfig`. */
export function coinFromFile(c: ParsedCoin): CoinConfig {
  return {
    coin: c.coin,
    levels: c.levels,
    spreadBps: c.spread_bps,
    levelSpacingBps: c.level_spacing_bps,
    sizeUsd: c.size_usd,
    maxPositionUsd: c.max_position_usd,
    requoteThresholdBps: c.requote_threshold_bps,
    passiveRequoteThresholdBps: c.passive_requote_threshold_bps,
    sizeToleranceBps: c.size_tolerance_bps,
    skewBps: c.skew_bps,
  };
}

/**
 * A `CoinConfig` back in the file's keys, to merge a patch and validate it with the file's schema.
 */
export function coinToFile(c: CoinConfig): ParsedCoin {
  return {
    coin: c.coin,
    levels: c.levels,
    spread_bps: c.spreadBps,
    level_spacing_bps: c.levelSpacingBps,
    size_usd: c.sizeUsd,
    max_position_usd: c.maxPositionUsd,
    requote_threshold_bps: c.requoteThresholdBps,
    passive_requote_threshold_bps: c.passiveRequoteThresholdBps,
    size_tolerance_bps: c.sizeToleranceBps,
    skew_bps: c.skewBps,
  };
}

/** The camelCase view of a validated file. */
export function fromFile(c: ParsedConfig): BotConfig {
  return {
    network: c.network,
    ...(c.api_url !== undefined ? { apiUrl: c.api_url } : {}),
    ...(c.ws_url !== undefined ? { wsUrl: c.ws_url } : {}),
    loopMs: c.loop_ms,
    minReplaceMs: c.min_replace_ms,
    housekeepEveryN: c.housekeep_every_n,
    batchOrders: c.batch_orders,
    useWebsocket: c.use_websocket,
    orderTransport: c.order_transport ?? (c.use_websocket ? "ws" : "rest"),
    cacheTtlMs: c.cache_ttl_ms,
    maxQuoteAgeMs: c.max_quote_age_ms,
    statusEveryMs: c.status_every_ms,
    requestTimeoutMs: c.request_timeout_ms,
    fairPrice: c.fair_price,
    deadManSwitchMs: c.dead_man_switch_ms,
    cancelForeignOrders: c.cancel_foreign_orders,
    risk: {
      maxLossUsd: c.risk.max_loss_usd,
      maxConsecutiveRejects: c.risk.max_consecutive_rejects,
      maxRateLimitErrors: c.risk.max_rate_limit_errors,
      minAddressBudget: c.risk.min_address_budget,
      resumeAddressBudget: c.risk.resume_address_budget,
      ...(c.risk.loss_state_file !== undefined ? { lossStateFile: c.risk.loss_state_file } : {}),
    },
    budget: {
      governor: c.budget.governor,
      horizonMin: c.budget.horizon_min,
      reserve: c.budget.reserve,
      maxBuyUsdPerDay: c.budget.max_buy_usd_per_day,
    },
    sidecar: {
      enabled: c.sidecar.enabled,
      host: c.sidecar.host,
      port: c.sidecar.port,
      allowedHosts: [...c.sidecar.allowed_hosts],
      confirmExposureFactor: c.sidecar.confirm_exposure_factor,
    },
    coins: c.coins.map(coinFromFile),
  };
}

/** The effective configuration in the file's own keys (what GET /config serves). */
export function toFile(c: BotConfig): ParsedConfig {
  return {
    network: c.network,
    ...(c.apiUrl !== undefined ? { api_url: c.apiUrl } : {}),
    ...(c.wsUrl !== undefined ? { ws_url: c.wsUrl } : {}),
    loop_ms: c.loopMs,
    min_replace_ms: c.minReplaceMs,
    housekeep_every_n: c.housekeepEveryN,
    batch_orders: c.batchOrders,
    use_websocket: c.useWebsocket,
    order_transport: c.orderTransport,
    cache_ttl_ms: c.cacheTtlMs,
    max_quote_age_ms: c.maxQuoteAgeMs,
    status_every_ms: c.statusEveryMs,
    request_timeout_ms: c.requestTimeoutMs,
    fair_price: c.fairPrice,
    dead_man_switch_ms: c.deadManSwitchMs,
    cancel_foreign_orders: c.cancelForeignOrders,
    risk: {
      max_loss_usd: c.risk.maxLossUsd,
      max_consecutive_rejects: c.risk.maxConsecutiveRejects,
      max_rate_limit_errors: c.risk.maxRateLimitErrors,
      min_address_budget: c.risk.minAddressBudget,
      resume_address_budget: c.risk.resumeAddressBudget,
      ...(c.risk.lossStateFile !== undefined ? { loss_state_file: c.risk.lossStateFile } : {}),
    },
    budget: {
      governor: c.budget.governor,
      horizon_min: c.budget.horizonMin,
      reserve: c.budget.reserve,
      max_buy_usd_per_day: c.budget.maxBuyUsdPerDay,
    },
    sidecar: {
      enabled: c.sidecar.enabled,
      host: c.sidecar.host,
      port: c.sidecar.port,
      allowed_hosts: [...c.sidecar.allowedHosts],
      confirm_exposure_factor: c.sidecar.confirmExposureFactor,
    },
    coins: c.coins.map(coinToFile),
  };
}

/** Default loss state file on mainnet and testnet (relative to the working directory). */
export const DEFAULT_LOSS_STATE_FILE = "hl-mm-loss-state.json";

/**
 * The loss state file in effect: the configured one, else DEFAULT_LOSS_STATE_FILE on mainnet and
 * testnet, and none on "sim" (a simulator's account starts afresh with every simulator).
 */
export function lossStateFileFor(c: BotConfig): string | null {
  if (c.risk.lossStateFile !== undefined) return c.risk.lossStateFile;
  return c.network === "sim" ? null : DEFAULT_LOSS_STATE_FILE;
}
