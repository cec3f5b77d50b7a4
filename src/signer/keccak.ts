import { createKeccak } from "hash-wasm";

/*
 * Keccak-256 for the signing path, in WebAssembly (hash-wasm): about 5x faster than the pure-JS
 * @noble/hashes keccak on an order batch (bench/signer_steps.ts). The module is compiled
 * once at load (top-level await); after that every call is synchronous. One hasher instance is
 * shared: JS runs one call at a time and each call does init → update → digest without yielding.
 */
const hasher = await createKeccak(256);

/** Keccak-256 (Ethereum's, not NIST SHA3-256) of `data`, as a fresh 32-byte array. */
export function keccak256(data: Uint8Array): Uint8Array {
  return hasher.init().update(data).digest("binary");
}
