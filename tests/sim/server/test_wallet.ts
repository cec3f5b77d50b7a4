/**
 * A viem-shaped local account for tests: a tiny generic EIP-712 encoder over @noble, so requests
 * are signed by the nktkas SDK (`signL1Action`, `ExchangeClient`) without the bot's signer and
 * without the simulator's own digest code.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";

type Field = { readonly name: string; readonly type: string };
type Types = Record<string, readonly Field[]>;

const enc = new TextEncoder();

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(h: string): Uint8Array {
  const s = h.startsWith("0x") ? h.slice(2) : h;
  return Uint8Array.from(
    { length: s.length / 2 },
    (_, i) => parseInt(s.slice(2 * i, 2 * i + 2), 16),
  );
}

function word(n: bigint): Uint8Array {
  return fromHex(n.toString(16).padStart(64, "0"));
}

function encodeType(primary: string, types: Types): string {
  const fields = types[primary] ?? [];
  return `${primary}(${fields.map((f) => `${f.type} ${f.name}`).join(",")})`;
}

function encodeValue(type: string, value: unknown): Uint8Array {
  switch (type) {
    case "string":
      return keccak_256(enc.encode(String(value)));
    case "bytes32":
      return fromHex(String(value));
    case "address":
      return word(BigInt(String(value)));
    case "bool":
      return word(value ? 1n : 0n);
    default:
      if (/^uint\d+$/.test(type)) return word(BigInt(value as number | string | bigint));
      throw new Error(`unsupported EIP-712 type ${type}`);
  }
}

function hashStruct(primary: string, types: Types, data: Record<string, unknown>): Uint8Array {
  const parts: Uint8Array[] = [keccak_256(enc.encode(encodeType(primary, types)))];
  for (const f of types[primary] ?? []) parts.push(encodeValue(f.type, data[f.name]));
  const all = new Uint8Array(parts.length * 32);
  parts.forEach((p, i) => all.set(p, i * 32));
  return keccak_256(all);
}

export interface TestWallet {
  readonly address: `0x${string}`;
  readonly privateKey: string;
  signTypedData(params: {
    domain: Record<string, unknown>;
    types: Types;
    primaryType: string;
    message: Record<string, unknown>;
  }): Promise<`0x${string}`>;
}

export function testWallet(privateKey: string): TestWallet {
  const key = fromHex(privateKey);
  const pub = secp256k1.getPublicKey(key, false);
  const address = `0x${hex(keccak_256(pub.slice(1)).slice(12))}` as `0x${string}`;
  return {
    address,
    privateKey,
    signTypedData({ domain, types, primaryType, message }) {
      const domainFields: Field[] = [
        { name: "name", type: "string" },
        { name: "version", type: "string" },
        { name: "chainId", type: "uint256" },
        { name: "verifyingContract", type: "address" },
      ].filter((f) => domain[f.name] !== undefined);
      const allTypes: Types = { ...types, EIP712Domain: domainFields };
      const digest = keccak_256(
        Uint8Array.from([
          0x19,
          0x01,
          ...hashStruct("EIP712Domain", allTypes, domain),
          ...hashStruct(primaryType, allTypes, message),
        ]),
      );
      const sig = secp256k1.Signature.fromBytes(
        secp256k1.sign(digest, key, { prehash: false, format: "recovered" }),
        "recovered",
      );
      const out = sig.r.toString(16).padStart(64, "0") + sig.s.toString(16).padStart(64, "0") +
        (27 + (sig.recovery ?? 0)).toString(16);
      return Promise.resolve(`0x${out}` as `0x${string}`);
    },
  };
}

/** A deterministic throwaway private key for tests. */
export function testKey(label: string): string {
  return `0x${hex(keccak_256(enc.encode(`hl-mm sim test key ${label}`)))}`;
}
