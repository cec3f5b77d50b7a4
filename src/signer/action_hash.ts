import { keccak_256 } from "@noble/hashes/sha3.js";
import { encodeAction, type L1Action } from "./msgpack_action.ts";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Hyperliquid's L1 action hash (the phantom agent's `connectionId`):
 *
 *   keccak256(msgpack(action) || uint64be(nonce)
 *             || (vaultAddress ? 0x01 || 20 address bytes : 0x00)
 *             || (expiresAfter != null ? 0x00 || uint64be(expiresAfter) : nothing))
 *
 * `null` and `undefined` both mean "absent" for `vaultAddress` and `expiresAfter`. `nonce` and
 * `expiresAfter` must be non-negative safe integers (ms timestamps). Throws TypeError/RangeError
 * for malformed inputs.
 */
export function l1ActionHash(
  action: L1Action,
  nonce: number,
  vaultAddress?: string | null,
  expiresAfter?: number | null,
): Uint8Array {
  const packed = encodeAction(action);
  const hasVault = vaultAddress !== undefined && vaultAddress !== null;
  const hasExpiry = expiresAfter !== undefined && expiresAfter !== null;
  const tail = new Uint8Array(8 + (hasVault ? 21 : 1) + (hasExpiry ? 9 : 0));
  const view = new DataView(tail.buffer);
  view.setBigUint64(0, toUint64(nonce, "nonce"));
  let pos = 8;
  if (hasVault) {
    tail[pos++] = 1;
    writeAddress(tail, pos, vaultAddress);
    pos += 20;
  } else {
    tail[pos++] = 0;
  }
  if (hasExpiry) {
    tail[pos++] = 0;
    view.setBigUint64(pos, toUint64(expiresAfter, "expiresAfter"));
  }
  return keccak_256.create().update(packed).update(tail).digest();
}

function toUint64(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer (got ${value})`);
  }
  return BigInt(value);
}

function writeAddress(out: Uint8Array, offset: number, address: string): void {
  if (typeof address !== "string" || !ADDRESS.test(address)) {
    throw new TypeError("vaultAddress must be 0x followed by 40 hex digits");
  }
  for (let i = 0; i < 20; i++) {
    out[offset + i] = parseInt(address.slice(2 + 2 * i, 4 + 2 * i), 16);
  }
}
