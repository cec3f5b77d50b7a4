/**
 * The loss baseline of each account, kept in a small JSON state file (`risk.loss_state_file`) so
 * the loss limit holds across restarts: the first start on an account records its account value;
 * every later start reads it back. Deleting the account's entry (or the file) starts a new
 * baseline. Written atomically (temporary file, then rename). A file that cannot be read, parsed
 * or written stops the start with a ConfigError: silently starting from zero again is exactly
 * what the file exists to prevent.
 *
 *   { "version": 1, "accounts": { "mainnet:0xabc...": { "baseline_usd": 1234.5,
 *     "set_at": "2026-12-03T08:00:00.000Z" } } }
 */
import { dirname } from "node:path";
import { z } from "zod";
import { ConfigError } from "../config/config_error.ts";

const stateSchema = z.object({
  version: z.literal(1),
  accounts: z.record(
    z.string(),
    z.object({ baseline_usd: z.number().finite(), set_at: z.string() }),
  ),
});

type LossState = z.infer<typeof stateSchema>;

/** The baseline in effect for one account. */
export interface LossBaseline {
  readonly baselineUsd: number;
  /** ISO time the baseline was recorded. */
  readonly setAt: string;
  /** True when this call recorded it (first start on the account). */
  readonly created: boolean;
}

/** Key of an account in the state file: network and lower-case address. */
export function lossStateKey(network: string, account: string): string {
  return `${network}:${account.toLowerCase()}`;
}

async function readState(path: string): Promise<LossState> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { version: 1, accounts: {} };
    throw new ConfigError(
      `risk.loss_state_file: cannot read ${path}: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `risk.loss_state_file: ${path} is not valid JSON (${(error as Error).message}); ` +
        "fix it, or delete it to start a new loss baseline",
    );
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      `risk.loss_state_file: ${path} is not a loss state file; ` +
        "fix it, or delete it to start a new loss baseline",
    );
  }
  return parsed.data;
}

async function writeState(path: string, state: LossState): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(tmp, JSON.stringify(state, null, 2) + "\n");
    await Deno.rename(tmp, path);
  } catch (error) {
    throw new ConfigError(
      `risk.loss_state_file: cannot write ${path}: ${(error as Error).message} ` +
        "(the process needs --allow-write for it; or set risk.loss_state_file to a writable path)",
    );
  }
}

/**
 * The account's baseline from the state file; on the first start on the account, record
 * `accountValueUsd` as the baseline (written before the bot trades).
 */
export async function loadOrRecordLossBaseline(
  path: string,
  key: string,
  accountValueUsd: number,
  nowMs: number,
): Promise<LossBaseline> {
  const state = await readState(path);
  const known = state.accounts[key];
  if (known) return { baselineUsd: known.baseline_usd, setAt: known.set_at, created: false };
  const setAt = new Date(nowMs).toISOString();
  state.accounts[key] = { baseline_usd: accountValueUsd, set_at: setAt };
  await writeState(path, state);
  return { baselineUsd: accountValueUsd, setAt, created: true };
}
