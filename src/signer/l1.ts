import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { l1ActionHash } from "./action_hash.ts";
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
 * Synchronous: msgpack + keccak + deterministic (RFC 6979) low-s secp256k1 ECDSA.
 */
export function signL1Action(params: SignL1ActionParams): L1Signature {
  const { privateKey, action, nonce, isMainnet, vaultAddress, expiresAfter } = params;
  if (typeof isMainnet !== "boolean") throw new TypeError("isMainnet must be a boolean");
  const secretKey = parsePrivateKey(privateKey);
  try {
    const connectionId = l1ActionHash(action, nonce, vaultAddress, expiresAfter);
    const digest = agentSigningDigest(connectionId, isMainnet);
    // "recovered" = recovery byte || r (32 bytes) || s (32 bytes)
    const sig = secp256k1.sign(digest, secretKey, {
      prehash: false,
      lowS: true,
      format: "recovered",
    });
    const recovery = sig[0];
    if (recovery !== 0 && recovery !== 1) throw new Error("unexpected signature recovery id");
    return {
      r: `0x${bytesToHex(sig.subarray(1, 33))}`,
      s: `0x${bytesToHex(sig.subarray(33, 65))}`,
      v: recovery === 0 ? 27 : 28,
    };
  } finally {
    secretKey.fill(0);
  }
}
