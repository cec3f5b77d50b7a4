import { keccak256 } from "./keccak.ts";

/*
 * EIP-712 for the one fixed message type Hyperliquid L1 actions use:
 *   domain  EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
 *           = {name: "Exchange", version: "1", chainId: 1337, verifyingContract: 0x0…0}
 *   message Agent(string source,bytes32 connectionId), source "a" (mainnet) / "b" (testnet)
 * Everything except the connectionId is constant, so it is hashed once at module load, and the two
 * buffers hashed per signature are allocated once with their constant parts already in place.
 */

const keccakText = (text: string): Uint8Array => keccak256(new TextEncoder().encode(text));

function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  new DataView(out.buffer).setBigUint64(24, value);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

const DOMAIN_SEPARATOR = keccak256(concat(
  keccakText("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
  keccakText("Exchange"),
  keccakText("1"),
  word(1337n),
  new Uint8Array(32), // verifyingContract 0x0000000000000000000000000000000000000000
));

const AGENT_TYPE_HASH = keccakText("Agent(string source,bytes32 connectionId)");
const SOURCE_MAINNET = keccakText("a");
const SOURCE_TESTNET = keccakText("b");

/** hashStruct(Agent) input: typeHash || keccak(source) || connectionId (the last two per call). */
const STRUCT = new Uint8Array(96);
STRUCT.set(AGENT_TYPE_HASH, 0);

/** 0x19 0x01 || domainSeparator || hashStruct (the last per call). */
const ENVELOPE = new Uint8Array(66);
ENVELOPE[0] = 0x19;
ENVELOPE[1] = 0x01;
ENVELOPE.set(DOMAIN_SEPARATOR, 2);

/**
 * The 32-byte EIP-712 digest (keccak256(0x1901 || domainSeparator || hashStruct(Agent))) that is
 * signed for an L1 action with this `connectionId` (from l1ActionHash).
 */
export function agentSigningDigest(connectionId: Uint8Array, isMainnet: boolean): Uint8Array {
  if (!(connectionId instanceof Uint8Array) || connectionId.length !== 32) {
    throw new TypeError("connectionId must be 32 bytes");
  }
  STRUCT.set(isMainnet ? SOURCE_MAINNET : SOURCE_TESTNET, 32);
  STRUCT.set(connectionId, 64);
  ENVELOPE.set(keccak256(STRUCT), 34);
  return keccak256(ENVELOPE);
}
