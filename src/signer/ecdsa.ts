import { signRecoverable } from "tiny-secp256k1";

/*
 * secp256k1 ECDSA through tiny-secp256k1: libsecp256k1 compiled to WebAssembly, about 2x faster
 * than @noble/curves here (bench/signer_bench.ts). Its WASM module is read from the npm
 * cache and instantiated synchronously when this module loads, which needs read permission
 * (every task runs with --allow-read). Nonces are RFC 6979 (no extra entropy is passed), and
 * libsecp256k1 always returns the low-s form, so signatures are deterministic and canonical.
 */

/** A recoverable signature: r and s as 32 big-endian bytes each, recovery id 0 or 1. */
export interface RecoverableSignature {
  /** r (bytes 0..31) || s (bytes 32..63). */
  readonly rs: Uint8Array;
  readonly recovery: 0 | 1;
}

/**
 * Sign a 32-byte digest (not hashed again) with a 32-byte secret key: deterministic (RFC 6979),
 * low-s ECDSA with the recovery id. Throws for a recovery id above 1 (x >= n, never in practice).
 */
export function signDigest(digest: Uint8Array, secretKey: Uint8Array): RecoverableSignature {
  const { signature, recoveryId } = signRecoverable(digest, secretKey);
  if (recoveryId !== 0 && recoveryId !== 1) throw new Error("unexpected signature recovery id");
  return { rs: signature, recovery: recoveryId };
}
