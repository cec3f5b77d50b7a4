/**
 * Signer recovery for user-signed actions (reference §6.2): EIP-712 over the action's fields in
 * the domain HyperliquidSignTransaction/1/parseInt(signatureChainId)/0x0, primary type
 * `HyperliquidTransaction:<Name>`.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { concatBytes } from "@noble/hashes/utils.js";
import { hexToBytes, recoverDigestSigner } from "./l1_signer_recovery.ts";

type Field = readonly [name: string, type: "string" | "address" | "uint64" | "bool"];

/** Action type -> [primary type name, fields in signing order]. */
export const USER_SIGNED_TYPES: Readonly<Record<string, readonly [string, readonly Field[]]>> = {
  usdSend: ["UsdSend", [
    ["hyperliquidChain", "string"],
    ["destination", "string"],
    ["amount", "string"],
    ["time", "uint64"],
  ]],
  withdraw3: ["Withdraw", [
    ["hyperliquidChain", "string"],
    ["destination", "string"],
    ["amount", "string"],
    ["time", "uint64"],
  ]],
  spotSend: ["SpotSend", [
    ["hyperliquidChain", "string"],
    ["destination", "string"],
    ["token", "string"],
    ["amount", "string"],
    ["time", "uint64"],
  ]],
  usdClassTransfer: ["UsdClassTransfer", [
    ["hyperliquidChain", "string"],
    ["amount", "string"],
    ["toPerp", "bool"],
    ["nonce", "uint64"],
  ]],
  approveAgent: ["ApproveAgent", [
    ["hyperliquidChain", "string"],
    ["agentAddress", "address"],
    ["agentName", "string"],
    ["nonce", "uint64"],
  ]],
  approveBuilderFee: ["ApproveBuilderFee", [
    ["hyperliquidChain", "string"],
    ["maxFeeRate", "string"],
    ["builder", "address"],
    ["nonce", "uint64"],
  ]],
};

const enc = new TextEncoder();

function word(n: bigint): Uint8Array {
  return hexToBytes(n.toString(16).padStart(64, "0"));
}

function encodeField(type: Field[1], value: unknown): Uint8Array | null {
  switch (type) {
    case "string":
      return typeof value === "string" ? keccak_256(enc.encode(value)) : null;
    case "address":
      return typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)
        ? word(BigInt(value))
        : null;
    case "bool":
      return typeof value === "boolean" ? word(value ? 1n : 0n) : null;
    case "uint64":
      return typeof value === "number" && Number.isSafeInteger(value) && value >= 0
        ? word(BigInt(value))
        : null;
  }
}

/** The nonce field a user-signed action carries (`time` or `nonce`), if the type is known. */
export function userSignedNonce(action: Record<string, unknown>): unknown {
  const spec = USER_SIGNED_TYPES[String(action.type)];
  if (!spec) return undefined;
  return spec[1].some(([n]) => n === "time") ? action.time : action.nonce;
}

/** Recover the signer of a user-signed action, or null if malformed or unrecoverable. */
export function recoverUserSigned(
  action: Record<string, unknown>,
  sig: { readonly r: bigint; readonly s: bigint; readonly v: number },
): string | null {
  const spec = USER_SIGNED_TYPES[String(action.type)];
  const chainIdHex = action.signatureChainId;
  if (!spec || typeof chainIdHex !== "string" || !/^0x[0-9a-fA-F]{1,16}$/.test(chainIdHex)) {
    return null;
  }
  const [name, fields] = spec;
  // An absent agentName is signed as "" (the python SDK deletes it after signing).
  const values = { ...action };
  if (action.type === "approveAgent" && values.agentName == null) values.agentName = "";
  const typeString = `HyperliquidTransaction:${name}(${
    fields.map(([n, t]) => `${t} ${n}`).join(",")
  })`;
  const encoded: Uint8Array[] = [keccak_256(enc.encode(typeString))];
  for (const [n, t] of fields) {
    const e = encodeField(t, values[n]);
    if (e === null) return null;
    encoded.push(e);
  }
  const domainType = keccak_256(
    enc.encode(
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
    ),
  );
  const domain = keccak_256(concatBytes(
    domainType,
    keccak_256(enc.encode("HyperliquidSignTransaction")),
    keccak_256(enc.encode("1")),
    word(BigInt(chainIdHex)),
    new Uint8Array(32),
  ));
  const digest = keccak_256(
    concatBytes(new Uint8Array([0x19, 0x01]), domain, keccak_256(concatBytes(...encoded))),
  );
  return recoverDigestSigner(digest, sig);
}
