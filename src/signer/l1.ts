import { bytesToHex } from "@noble/hashes/utils.js";
import { l1ActionHash } from "./action_hash.ts";
import { signDigest } from "./ecdsa.ts";
import { agentSigningDigest } from "./eip712_agent.ts";
import type { L1Action } from "./msgpack_action.ts";
import { parsePrivateKey } from "./private_key.ts";

export type { L1Action } from "./msgpack_action.ts";

/** An ECDSA signature as the `/exchange` envelope carries it. */
export interface L1Signature {
  /** `0x` + 64 lowercase hex digits, zero-padded. */
  readonly r: `0x${string}`;
  /** `0x` + 64 lowercase hex digits, zero-padded, low-s. */
  readonly s: `0x${string}`;
  readonly v: 27 | 28;
}

/**
 * Everything an L1 action signature covers: action, nonce, network, vault and expiry, plus the key.
 */
export interface SignL1ActionParams {
  /** `0x` + 64 hex digits (the `0x` may be left out). Never appears in error messages. */
  readonly privateKey: string;
  /** Plain object in wire key order, including `type`. */
  readonly action: L1Action;
  /** The envelope nonce (ms timestamp), a non-negative safe integer. */
  readonly nonce: number;
  /** true: phantom agent source "a"; false (testnet): "b". */
  readonly isMainnet: boolean;
  /** Vault or sub-account the action trades for; null/undefined = none. */
  readonly vaultAddress?: string | null;
  /** ms timestamp after which the action is rejected; null/undefined = none. */
  readonly expiresAfter?: number | null;
}

/**
 * Sign a Hyperliquid L1 action (order, cancel, cancelByCloid, modify, scheduleCancel, …).
 * Synchronous: msgpack + keccak + deterministic (RFC 6979) low-s secp256k1 ECDSA (WASM modules
 * compiled once when the signer is first imported).
 */
export function signL1Action(params: SignL1ActionParams): L1Signature {
  const { privateKey, action, nonce, isMainnet, vaultAddress, expiresAfter } = params;
  if (typeof isMainnet !== "boolean") throw new TypeError("isMainnet must be a boolean");
  const secretKey = parsePrivateKey(privateKey);
  try {
    const connectionId = l1ActionHash(action, nonce, vaultAddress, expiresAfter);
    const digest = agentSigningDigest(connectionId, isMainnet);
    const { rs, recovery } = signDigest(digest, secretKey);
    return {
      r: `0x${bytesToHex(rs.subarray(0, 32))}`,
      s: `0x${bytesToHex(rs.subarray(32, 64))}`,
      v: recovery === 0 ? 27 : 28,
    };
  } finally {
    secretKey.fill(0);
  }
}

/*
 * Warm-up at load: the first signatures after start-up run in V8's baseline tiers (JS and WASM)
 * and each takes several ms, with spikes of 4-11 ms measured in the first ten. Signing a throwaway
 * batch with a throwaway key (never the user's) WARM_UP_SIGNATURES times here, about 30-40 ms
 * once, moves that cost out of the first real orders. It changes no later signature.
 */
const WARM_UP_SIGNATURES = 64;
const WARM_UP_KEY = "0x" + "11".repeat(32);
for (let i = 0; i < WARM_UP_SIGNATURES; i++) {
  const orders = [];
  for (let j = 0; j < 10; j++) {
    orders.push({
      a: j,
      b: j % 2 === 0,
      p: (3000 + i + j / 10).toFixed(1),
      s: "0.01",
      r: false,
      t: { limit: { tif: "Alo" } },
      c: "0x" + (i * 16 + j).toString(16).padStart(32, "0"),
    });
  }
  signL1Action({
    privateKey: WARM_UP_KEY,
    action: { type: "order", orders, grouping: "na" },
    nonce: i,
    isMainnet: i % 2 === 0,
  });
}
