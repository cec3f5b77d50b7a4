import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { parsePrivateKey } from "./private_key.ts";

/**
 * The Ethereum address of a private key: `0x` + 40 lowercase hex digits (last 20 bytes of the
 * keccak256 of the uncompressed public key). Throws InvalidPrivateKeyError for a bad key.
 */
export function addressFromPrivateKey(privateKey: string): `0x${string}` {
  const publicKey = secp256k1.getPublicKey(parsePrivateKey(privateKey), false);
  return `0x${bytesToHex(keccak_256(publicKey.subarray(1)).subarray(12))}`;
}
