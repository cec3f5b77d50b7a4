/**
 * Everything `/exchange` does before and around the core, shared by HTTP and WS `post`: parse the
 * envelope, refuse oversize batches, recover the signer, map it to an account, check the nonce and
 * `expiresAfter`, charge the address budget, then run the action in the core.
 */
import type { SimAnswer, SimExchangeCore } from "../market/api.ts";
import type { AddressBudget } from "./address_budget.ts";
import { canonicalL1Action } from "./canonical_action.ts";
import { parseExchangeEnvelope } from "./exchange_envelope.ts";
import { recoverL1Signer, type SimNetwork } from "./l1_signer_recovery.ts";
import type { NonceBook } from "./nonce_book.ts";
import type { SimStats } from "./sim_stats.ts";
import { recoverUserSigned, USER_SIGNED_TYPES, userSignedNonce } from "./user_signed_recovery.ts";

/** The 422 text the exchange answers for a body it cannot deserialize. */
export const DESERIALIZE_ERROR = "Failed to deserialize the JSON body into the target type";
/** Most orders or cancels one action may carry. */
export const MAX_BATCH_LENGTH = 200;

const CANCEL_TYPES = new Set(["cancel", "cancelByCloid"]);

/**
 * The core and the server-side state the gate checks against: nonces, budgets, sub-accounts, time,
 * stats.
 */
export interface ExchangeGateDeps {
  readonly core: SimExchangeCore;
  readonly network: SimNetwork;
  readonly nonces: NonceBook;
  readonly budget: AddressBudget;
  readonly stats: SimStats;
  /** Sub-account or vault -> its master account (lowercase). */
  readonly subAccounts: ReadonlyMap<string, string>;
  readonly nowMs: () => number;
  readonly maxBatchLength?: number;
}

function err(response: string): SimAnswer {
  return { httpStatus: 200, body: { status: "err", response } };
}

/** Number of items in an action (never throws; at least 1 for budget purposes elsewhere). */
export function safeBatchLength(core: SimExchangeCore, action: unknown): number {
  try {
    const n = core.batchLength(action);
    return Number.isFinite(n) && n >= 0 ? Math.floor(n) : 1;
  } catch {
    return 1;
  }
}

/**
 * The one path of every `/exchange` request (HTTP or WS post) from raw body to the core's answer.
 */
export class ExchangeGate {
  constructor(private readonly deps: ExchangeGateDeps) {}

  /** Checks specific to user-signed actions, before recovery. */
  #userSignedRefusal(
    action: Record<string, unknown>,
    nonce: number,
    env: { vaultAddress?: string; expiresAfter?: number },
  ): string | null {
    const chain = this.deps.network === "mainnet" ? "Mainnet" : "Testnet";
    if (action.hyperliquidChain !== chain) return `Invalid hyperliquidChain, expected ${chain}.`;
    if (userSignedNonce(action) !== nonce) return "Invalid nonce: action nonce does not match.";
    if (env.vaultAddress !== undefined || env.expiresAfter !== undefined) {
      return "User-signed actions take no vaultAddress or expiresAfter.";
    }
    return null;
  }

  #note(account: string, n: number): void {
    try {
      this.deps.core.noteRequests(account, n);
    } catch {
      // bookkeeping only
    }
  }

  /** Handle a parsed JSON body; the answer is what `/exchange` returns. */
  handle(body: unknown): SimAnswer {
    const { core, stats } = this.deps;
    const env = parseExchangeEnvelope(body);
    if (env === null) {
      stats.countRefusal("deserialize");
      return { httpStatus: 422, body: DESERIALIZE_ERROR };
    }
    const n = safeBatchLength(core, env.action);
    if (n > (this.deps.maxBatchLength ?? MAX_BATCH_LENGTH)) {
      stats.countRefusal("overWeight");
      return err(`Signed action over weight limit of ${MAX_BATCH_LENGTH}.`);
    }
    const userSigned = env.action.type in USER_SIGNED_TYPES;
    if (userSigned) {
      const refusal = this.#userSignedRefusal(env.action, env.nonce, env);
      if (refusal !== null) {
        stats.countRefusal("userSigned");
        return err(refusal);
      }
    }
    // L1 actions are parsed into their typed canonical form, which is what gets hashed and run.
    const canonical = userSigned ? env.action : canonicalL1Action(env.action);
    if (canonical === null) {
      stats.countRefusal("deserialize");
      return { httpStatus: 422, body: DESERIALIZE_ERROR };
    }
    const signer = userSigned ? recoverUserSigned(env.action, env.signature) : recoverL1Signer(
      {
        action: canonical,
        nonce: env.nonce,
        ...(env.vaultAddress !== undefined ? { vaultAddress: env.vaultAddress } : {}),
        ...(env.expiresAfter !== undefined ? { expiresAfter: env.expiresAfter } : {}),
      },
      env.signature,
      this.deps.network,
    );
    if (signer === null) {
      stats.countRefusal("signature");
      return err("Unable to recover signer.");
    }
    if (!core.knows(signer)) {
      stats.countRefusal("unknownSigner");
      return err(`User or API Wallet ${signer} does not exist.`);
    }
    let account = core.accountOf(signer).toLowerCase();
    if (userSigned && account !== signer) {
      stats.countRefusal("unknownSigner");
      return err(`User or API Wallet ${signer} does not exist.`);
    }
    if (env.action.type === "reserveRequestWeight" && signer !== account) {
      // Observed on testnet (reference, Corrections "Address budget"): an agent wallet cannot
      // buy request weight; the exchange answers as if the signer had no deposit.
      stats.countRefusal("agentReserve");
      return err(`Must deposit before performing actions. User: ${signer}`);
    }
    if (env.vaultAddress !== undefined && env.vaultAddress !== account) {
      if (this.deps.subAccounts.get(env.vaultAddress) !== account) {
        stats.countRefusal("vault");
        return err(`User or API Wallet ${env.vaultAddress} does not exist.`);
      }
      account = env.vaultAddress;
    }
    const now = this.deps.nowMs();
    const nonceError = this.deps.nonces.check(signer, env.nonce, now);
    if (nonceError !== null) {
      stats.countRefusal("nonce");
      return err(nonceError);
    }
    const items = Math.max(1, n);
    if (env.expiresAfter !== undefined && env.expiresAfter < now) {
      this.deps.budget.penalize(account, 5 * items);
      this.#note(account, 5 * items);
      stats.countRefusal("expired");
      return err("Action already expired");
    }
    const budgetError = this.deps.budget.charge(
      account,
      items,
      CANCEL_TYPES.has(env.action.type),
      core.cumVolumeUsd(account),
      now,
      core.reservedRequests(account),
    );
    if (budgetError !== null) {
      stats.countRefusal("addressBudget");
      return err(budgetError);
    }
    this.#note(account, items);
    this.deps.nonces.record(signer, env.nonce);
    stats.countAction(env.action.type);
    try {
      if (env.action.type === "approveAgent") {
        core.approveAgent(account, String(env.action.agentAddress).toLowerCase());
        return { httpStatus: 200, body: { status: "ok", response: { type: "default" } } };
      }
      return core.execute(account, canonical);
    } catch (e) {
      stats.countRefusal("coreError");
      return err(`Internal error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
