import { formatIssues } from "./config_error.ts";
import {
  type BotConfig,
  coinFromFile,
  coinSchema,
  coinToFile,
  quotingPatchSchema,
} from "./schema.ts";

/** One reason a quoting patch was refused, at a JSON path like `$.coins.BTC.spread_bps`. */
export interface PatchIssue {
  readonly path: string;
  readonly message: string;
}

/** The patched configuration, or every issue found (then nothing was applied). */
export type QuotingPatchResult =
  | { readonly ok: true; readonly config: BotConfig }
  | { readonly ok: false; readonly issues: readonly PatchIssue[] };

function toIssues(text: string): PatchIssue[] {
  return text.split("\n").map((line) => {
    const [, path = "$", message = line] = /^patch: (\S+): (.*)$/.exec(line) ?? [];
    return { path, message };
  });
}

/**
 * Apply a run-time change of quoting parameters (`{ "coins": { "BTC": { "spread_bps": 12 } } }`).
 * The merged coin is validated by the same schema as the file; on any issue nothing changes.
 */
export function applyQuotingPatch(config: BotConfig, patch: unknown): QuotingPatchResult {
  const shape = quotingPatchSchema.safeParse(patch);
  if (!shape.success) {
    return { ok: false, issues: toIssues(formatIssues("patch", shape.error.issues)) };
  }
  const issues: PatchIssue[] = [];
  const changed = new Map<string, ReturnType<typeof coinFromFile>>();
  for (const [coin, fields] of Object.entries(shape.data.coins)) {
    const current = config.coins.find((c) => c.coin === coin);
    if (!current) {
      issues.push({ path: `$.coins.${coin}`, message: `unknown coin "${coin}" (not configured)` });
      continue;
    }
    const merged = coinSchema.safeParse({ ...coinToFile(current), ...fields });
    if (!merged.success) {
      const prefixed = merged.error.issues.map((i) => ({ ...i, path: ["coins", coin, ...i.path] }));
      issues.push(...toIssues(formatIssues("patch", prefixed)));
      continue;
    }
    changed.set(coin, coinFromFile(merged.data));
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    config: { ...config, coins: config.coins.map((c) => changed.get(c.coin) ?? c) },
  };
}
