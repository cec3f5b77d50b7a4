/**
 * Recovers the signer of an L1 (phantom-agent) action the way Hyperliquid does: connectionId from
 * the action hash (computed with the nktkas SDK's `createL1ActionHash`, independent of the bot's
 * signer), EIP-712 digest of `Agent(string source,bytes32 connectionId)` in the domain
 * Exchange/1/1337/0x0, then secp256k1 public-key recovery.
 */
import { createL1ActionHash } from "@nktkas/hyperliquid/signing";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { concatBytes as concat } from "@noble/hashes/utils.js";

/** Which network's signatures the simulator accepts (phantom-agent source "a" or "b"). */
export type SimNetwork = "mainnet" | "testnet";

const enc = new TextEncoder();

function keccak(bytes: Uint8Array): Uint8Array {
  return keccak_256(bytes);
}

/** Bytes of a hex string (with or without 0x); the input is trusted to be even-length hex. */
export function hexToBytes(hex: string): Uint8Array {
  const h = hex.startsWith("0x") ? hex.slice(2) : hex;
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lowercase 0x-hex of bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = "0x";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function uint256(n: bigint): Uint8Array {
  return hexToBytes(n.toString(16).padStart(64, "0"));
}

const DOMAIN_TYPEHASH = keccak(
  enc.encode("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
);
const AGENT_TYPEHASH = keccak(enc.encode("Agent(string source,bytes32 connectionId)"));
const DOMAIN_SEPARATOR = keccak(
  concat(
    DOMAIN_TYPEHASH,
    keccak(enc.encode("Exchange")),
    keccak(enc.encode("1")),
    uint256(1337n),
    new Uint8Array(32),
  ),
);

/** Phantom-agent source: "a" on mainnet, "b" on testnet. */
export function agentSource(network: SimNetwork): "a" | "b" {
  return network === "mainnet" ? "a" : "b";
}

/** The parts of an `/exchange` body an L1 signature covers. */
export interface L1SignedPayload {
  readonly action: Record<string, unknown>;
  readonly nonce: number;
  readonly vaultAddress?: string;
  readonly expiresAfter?: number;
}

/** connectionId = keccak256(msgpack(action) || nonce || vault || expiresAfter). */
export function l1ConnectionId(p: L1SignedPayload): string {
  return createL1ActionHash({
    action: p.action,
    nonce: p.nonce,
    ...(p.vaultAddress !== undefined ? { vaultAddress: p.vaultAddress as `0x${string}` } : {}),
    ...(p.expiresAfter !== undefined ? { expiresAfter: p.expiresAfter } : {}),
  });
}

/** The 32-byte EIP-712 digest that is signed for an L1 action. */
export function l1Digest(p: L1SignedPayload, network: SimNetwork): Uint8Array {
  const connectionId = hexToBytes(l1ConnectionId(p));
  const structHash = keccak(
    concat(AGENT_TYPEHASH, keccak(enc.encode(agentSource(network))), connectionId),
  );
  return keccak(concat(new Uint8Array([0x19, 0x01]), DOMAIN_SEPARATOR, structHash));
}

/** Lowercase 0x address of an uncompressed or compressed public key. */
export function addressOfPublicKey(pub: Uint8Array): string {
  const point = secp256k1.Point.fromBytes(pub);
  const raw = point.toBytes(false).slice(1);
  return bytesToHex(keccak(raw).slice(12));
}

/** The lowercase address of a hex private key (for the simulator's demo accounts). */
export function addressOfPrivateKey(privateKeyHex: string): string {
  return addressOfPublicKey(secp256k1.getPublicKey(hexToBytes(privateKeyHex), false));
}

/** Recover the lowercase signer address, or null if the signature cannot be recovered. */
export function recoverDigestSigner(
  digest: Uint8Array,
  sig: { readonly r: bigint; readonly s: bigint; readonly v: number },
): string | null {
  try {
    const recovery = sig.v >= 27 ? sig.v - 27 : sig.v;
    if (recovery !== 0 && recovery !== 1) return null;
    const signature = new secp256k1.Signature(sig.r, sig.s, recovery);
    const point = signature.recoverPublicKey(digest);
    return bytesToHex(keccak(point.toBytes(false).slice(1)).slice(12));
  } catch {
    return null;
  }
}

/** Recover the signer of an L1 action, or null when recovery fails. */
export function recoverL1Signer(
  p: L1SignedPayload,
  sig: { readonly r: bigint; readonly s: bigint; readonly v: number },
  network: SimNetwork,
): string | null {
  let digest: Uint8Array;
  try {
    digest = l1Digest(p, network);
  } catch {
    return null;
  }
  return recoverDigestSigner(digest, sig);
}

/** Sign an L1 digest with a raw private key (test helpers and the demo wallet). */
export function signDigest(
  digest: Uint8Array,
  privateKeyHex: string,
): { r: string; s: string; v: number } {
  const bytes = secp256k1.sign(digest, hexToBytes(privateKeyHex), {
    prehash: false,
    format: "recovered",
  });
  const sig = secp256k1.Signature.fromBytes(bytes, "recovered");
  return {
    r: "0x" + sig.r.toString(16).padStart(64, "0"),
    s: "0x" + sig.s.toString(16).padStart(64, "0"),
    v: 27 + (sig.recovery ?? 0),
  };
}
