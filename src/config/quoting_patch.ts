/**
 * PATCH /config semantics: a patch changes exactly the fields it names. The patch is checked
 * against the patchable fields (no defaults are filled in), merged over the live values, and the
 * merged coin is validated by the file's schema (bounds, cross-field rules). A patch that raises
 * a coin's exposure by more than `sidecar.confirmExposureFactor` at once needs `"confirm": true`.
 * On any issue nothing changes.
 */
import type { QuotingChange, QuotingPatchResult } from "../core/config.ts";
import type { ValidationIssue } from "../core/engine_view.ts";
import { describeIssue, jsonPath } from "./config_error.ts";
import {
  type BotConfig,
  type CoinConfig,
  coinFromFile,
  coinSchema,
  coinToFile,
  quotingPatchSchema,
} from "./schema.ts";

export type { QuotingChange, QuotingPatchResult } from "../core/config.ts";

type ZodIssues = readonly Parameters<typeof describeIssue>[0][];

function toIssues(issues: ZodIssues, prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return issues.map((i) => ({ path: jsonPath([...prefix, ...i.path]), message: describeIssue(i) }));
}

/** Resting size per side (levels x size) and the position limit: what a patch may raise. */
function exposure(c: CoinConfig): { readonly restingUsd: number; readonly maxPositionUsd: number } {
  return { restingUsd: c.levels * c.sizeUsd, maxPositionUsd: c.maxPositionUsd };
}

/**
 * Apply a run-time change of quoting parameters (`{ "coins": { "BTC": { "spread_bps": 12 } } }`).
 * Returns the new config and the fields that changed, or every issue found (nothing changes).
 */
export function applyQuotingPatch(config: BotConfig, patch: unknown): QuotingPatchResult {
  const shape = quotingPatchSchema.safeParse(patch);
  if (!shape.success) return { ok: false, issues: toIssues(shape.error.issues) };
  const issues: ValidationIssue[] = [];
  const changes: QuotingChange[] = [];
  const changed = new Map<string, CoinConfig>();
  const factor = config.sidecar.confirmExposureFactor;
  for (const [coin, fields] of Object.entries(shape.data.coins)) {
    const current = config.coins.find((c) => c.coin === coin);
    if (!current) {
      issues.push({
        path: jsonPath(["coins", coin]),
        message: `unknown coin "${coin}" (not configured)`,
      });
      continue;
    }
    const before = coinToFile(current);
    const named = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    const merged = coinSchema.safeParse({ ...before, ...named });
    if (!merged.success) {
      issues.push(...toIssues(merged.error.issues, ["coins", coin]));
      continue;
    }
    const next = coinFromFile(merged.data);
    const was = exposure(current);
    const now = exposure(next);
    if (shape.data.confirm !== true) {
      if (now.restingUsd > was.restingUsd * factor) {
        issues.push({
          path: jsonPath(["coins", coin]),
          message: `raises the resting size per side (levels x size_usd) from ${was.restingUsd} ` +
            `to ${now.restingUsd} USD, more than x${factor} at once: send "confirm": true`,
        });
      }
      if (now.maxPositionUsd > was.maxPositionUsd * factor) {
        issues.push({
          path: jsonPath(["coins", coin, "max_position_usd"]),
          message: `raises max_position_usd from ${was.maxPositionUsd} to ${now.maxPositionUsd}, ` +
            `more than x${factor} at once: send "confirm": true`,
        });
      }
    }
    const after = coinToFile(next);
    for (const field of Object.keys(named) as (keyof typeof after)[]) {
      const from = before[field];
      const to = after[field];
      if (from !== to && typeof from === "number" && typeof to === "number") {
        changes.push({ coin, field, from, to });
      }
    }
    changed.set(coin, next);
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    config: { ...config, coins: config.coins.map((c) => changed.get(c.coin) ?? c) },
    changes,
  };
}
