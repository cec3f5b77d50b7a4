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
