/**
 * Settings that come from the environment: limiter capacities and weights, and the secrets.
 * Functions take the environment as a plain record so tests need no permissions; `main.ts`
 * passes `Deno.env.toObject()`.
 */
import type { Address } from "../core/types.ts";
import { assertValidPrivateKey, InvalidPrivateKeyError } from "../signer/private_key.ts";
import { ConfigError } from "./config_error.ts";

/** The process environment as a plain record, so settings can be read without env permissions. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Rate-limiter capacities and per-request REST weights, from HL_* environment variables. */
export interface LimiterSettings {
  /** HL_REST_CAPACITY_PER_MIN: REST weight per minute we allow ourselves (exchange: 1200). */
  readonly restCapacityPerMin: number;
  /** HL_WS_CAPACITY_PER_MIN: WS messages per minute (exchange: 2000). */
  readonly wsCapacityPerMin: number;
  readonly weightOrder: number;
  readonly weightCancel: number;
  readonly weightL2Book: number;
  readonly weightMeta: number;
  readonly weightUserFees: number;
}

/** Defaults: conservative REST capacity (1000 of the exchange's 1200), documented weights. */
export const LIMITER_DEFAULTS: LimiterSettings = {
  restCapacityPerMin: 1000,
  wsCapacityPerMin: 2000,
  weightOrder: 1,
  weightCancel: 1,
  weightL2Book: 2,
  weightMeta: 20,
  weightUserFees: 20,
};

const LIMITER_VARS: ReadonlyArray<readonly [keyof LimiterSettings, string, number]> = [
  ["restCapacityPerMin", "HL_REST_CAPACITY_PER_MIN", 1200],
  ["wsCapacityPerMin", "HL_WS_CAPACITY_PER_MIN", 2000],
  ["weightOrder", "HL_RL_WEIGHT_ORDER", 1000],
  ["weightCancel", "HL_RL_WEIGHT_CANCEL", 1000],
  ["weightL2Book", "HL_RL_WEIGHT_L2BOOK", 1000],
  ["weightMeta", "HL_RL_WEIGHT_META", 1000],
  ["weightUserFees", "HL_RL_WEIGHT_USERFEES", 1000],
];

/**
 * Read HL_REST_CAPACITY_PER_MIN, HL_WS_CAPACITY_PER_MIN and HL_RL_WEIGHT_*. Capacities above the
 * exchange's own limits are refused: they could only produce 429s.
 */
export function loadLimiterSettings(env: Env): LimiterSettings {
  const out: Record<string, number> = { ...LIMITER_DEFAULTS };
  for (const [key, name, max] of LIMITER_VARS) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") continue;
    const value = Number(raw.trim());
    if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < 1 || value > max) {
      throw new ConfigError(
        `environment: ${name}: expected a whole number from 1 to ${max}, got ${
          JSON.stringify(raw)
        }`,
      );
    }
    out[key] = value;
  }
  return out as unknown as LimiterSettings;
}

/** The keys and addresses to sign and trade with; only ever read from the environment. */
export interface Secrets {
  /** HL_PRIVATE_KEY: the agent (API wallet) or account key. Never logged or served. */
  readonly privateKey?: string;
  /** HL_ACCOUNT_ADDRESS: the master account when trading with an agent wallet. */
  readonly accountAddress?: Address;
  /** HL_VAULT_ADDRESS: trade for a vault or sub-account. */
  readonly vaultAddress?: Address;
}

const KEY_RE = /^(0x)?[0-9a-fA-F]{64}$/;
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

function address(env: Env, name: string): Address | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!ADDRESS_RE.test(raw)) {
    throw new ConfigError(
      `environment: ${name}: expected 0x followed by 40 hex digits, got ${JSON.stringify(raw)}`,
    );
  }
  return raw.toLowerCase() as Address;
}

/**
 * Read the secrets. A malformed key is refused with a message that says what is wrong with it
 * (length, characters) but never shows any part of it.
 */
export function loadSecrets(env: Env): Secrets {
  const raw = env["HL_PRIVATE_KEY"]?.trim();
  let privateKey: string | undefined;
  if (raw) {
    if (!KEY_RE.test(raw)) {
      const hex = raw.replace(/^0x/, "");
      const why = /^[0-9a-fA-F]*$/.test(hex)
        ? `it has ${hex.length} hex digits`
        : "it contains characters that are not hex digits";
      throw new ConfigError(
        `environment: HL_PRIVATE_KEY: expected 0x followed by 64 hex digits; ${why} (value not shown)`,
      );
    }
    privateKey = (raw.startsWith("0x") ? raw : `0x${raw}`).toLowerCase();
    if (/^0x0{64}$/.test(privateKey)) {
      throw new ConfigError(
        "environment: HL_PRIVATE_KEY: expected a non-zero key (value not shown)",
      );
    }
    try {
      assertValidPrivateKey(privateKey);
    } catch (error) {
      if (!(error instanceof InvalidPrivateKeyError)) throw error;
      throw new ConfigError(
        "environment: HL_PRIVATE_KEY: expected a secp256k1 secret key below the curve order " +
          "(this value is 64 hex digits but not a valid key; value not shown)",
      );
    }
  }
  const accountAddress = address(env, "HL_ACCOUNT_ADDRESS");
  const vaultAddress = address(env, "HL_VAULT_ADDRESS");
  return {
    ...(privateKey !== undefined ? { privateKey } : {}),
    ...(accountAddress !== undefined ? { accountAddress } : {}),
    ...(vaultAddress !== undefined ? { vaultAddress } : {}),
  };
}

/** Default endpoints per network; the config's api_url/ws_url override them. */
export function endpointsFor(
  network: "mainnet" | "testnet" | "sim",
  overrides: { apiUrl?: string; wsUrl?: string },
): { apiUrl: string; wsUrl: string } | null {
  const base = network === "mainnet"
    ? "https://api.hyperliquid.xyz"
    : network === "testnet"
    ? "https://api.hyperliquid-testnet.xyz"
    : undefined;
  const apiUrl = overrides.apiUrl ?? base;
  if (apiUrl === undefined) return null;
  const wsUrl = overrides.wsUrl ?? apiUrl.replace(/^http/, "ws").replace(/\/$/, "") + "/ws";
  return { apiUrl: apiUrl.replace(/\/$/, ""), wsUrl };
}
