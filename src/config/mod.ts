export { ConfigError } from "./config_error.ts";
export { loadConfig, parseConfig } from "./loader.ts";
export { applyQuotingPatch } from "./quoting_patch.ts";
export type { QuotingChange, QuotingPatchResult } from "./quoting_patch.ts";
export { endpointsFor, LIMITER_DEFAULTS, loadLimiterSettings, loadSecrets } from "./env.ts";
export type { Env, LimiterSettings, Secrets } from "./env.ts";
export {
  configSchema,
  lossStateFileFor,
  PATCHABLE_COIN_FIELDS,
  QUOTING_BOUNDS,
  quotingPatchSchema,
  toFile,
} from "./schema.ts";
export type { BotConfig, CoinConfig, ConfigFile, RiskConfig, SidecarConfig } from "./schema.ts";
