/** Parameter grids for `backtest --sweep "spread_bps=4,6,8 requote_threshold_bps=2,5"`. */
import { parseConfig } from "../config/loader.ts";
import { type BotConfig, toFile } from "../config/schema.ts";

/** One swept parameter (config file name) and its values. */
export interface SweepAxis {
  readonly key: string;
  readonly values: readonly number[];
}

/** Parse the sweep text: space-separated `key=v1,v2,...`. */
export function parseSweep(text: string): SweepAxis[] {
  return text.trim().split(/\s+/).filter((p) => p !== "").map((part) => {
    const [key, list] = part.split("=");
    const values = (list ?? "").split(",").map(Number);
    if (!key || values.length === 0 || values.some((v) => !Number.isFinite(v))) {
      throw new Error(`bad sweep part "${part}" (want key=v1,v2,...)`);
    }
    return { key, values };
  });
}

/** Every combination of the axes, in order (first axis slowest). */
export function grid(axes: readonly SweepAxis[]): Record<string, number>[] {
  let out: Record<string, number>[] = [{}];
  for (const a of axes) out = out.flatMap((c) => a.values.map((v) => ({ ...c, [a.key]: v })));
  return out;
}

/**
 * The config with `params` applied: a key of the coin settings is set on every coin, otherwise
 * at the top level; the result is validated like a config file (unknown keys fail).
 */
export function withParams(config: BotConfig, params: Record<string, number>): BotConfig {
  const file = structuredClone(toFile(config)) as Record<string, unknown> & {
    coins: Record<string, unknown>[];
  };
  for (const [key, value] of Object.entries(params)) {
    if (file.coins.length > 0 && key in file.coins[0]! || COIN_KEYS.has(key)) {
      for (const c of file.coins) c[key] = value;
    } else if (key in file) {
      file[key] = value;
    } else {
      throw new Error(`sweep: unknown parameter ${key}`);
    }
  }
  return parseConfig(file, "sweep");
}

const COIN_KEYS = new Set([
  "levels",
  "spread_bps",
  "level_spacing_bps",
  "size_usd",
  "max_position_usd",
  "requote_threshold_bps",
  "passive_requote_threshold_bps",
  "size_tolerance_bps",
  "skew_bps",
]);

/** A progress bar line for stderr. */
export function progressBar(done: number, total: number, width = 30): string {
  const n = total > 0 ? Math.round(done / total * width) : width;
  return `[${"#".repeat(n)}${".".repeat(width - n)}] ${done}/${total}`;
}
