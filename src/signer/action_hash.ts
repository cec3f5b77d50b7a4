import { keccak256 } from "./keccak.ts";
import { encodeActionWithTail, type L1Action } from "./msgpack_action.ts";

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
  const hasVault = vaultAddress !== undefined && vaultAddress !== null;
  const hasExpiry = expiresAfter !== undefined && expiresAfter !== null;
  checkUint64(nonce, "nonce");
  if (hasVault) checkAddress(vaultAddress);
  if (hasExpiry) checkUint64(expiresAfter, "expiresAfter");
  const tailBytes = 8 + (hasVault ? 21 : 1) + (hasExpiry ? 9 : 0);
  // msgpack(action) with room for the tail, in the encoder's reused buffer: no copy, one hash.
  const bytes = encodeActionWithTail(action, tailBytes);
  let pos = bytes.length - tailBytes;
  writeUint64(bytes, pos, nonce);
  pos += 8;
  if (hasVault) {
    bytes[pos++] = 1;
    writeAddress(bytes, pos, vaultAddress);
    pos += 20;
  } else {
    bytes[pos++] = 0;
  }
  if (hasExpiry) {
    bytes[pos++] = 0;
    writeUint64(bytes, pos, expiresAfter);
  }
  return keccak256(bytes);
}

function checkUint64(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer (got ${value})`);
  }
}

/** Big-endian uint64 of a non-negative safe integer (checked by checkUint64). */
function writeUint64(out: Uint8Array, offset: number, value: number): void {
  const high = Math.floor(value / 0x100000000);
  const low = value >>> 0;
  out[offset] = high >>> 24;
  out[offset + 1] = (high >>> 16) & 0xff;
  out[offset + 2] = (high >>> 8) & 0xff;
  out[offset + 3] = high & 0xff;
  out[offset + 4] = low >>> 24;
  out[offset + 5] = (low >>> 16) & 0xff;
  out[offset + 6] = (low >>> 8) & 0xff;
  out[offset + 7] = low & 0xff;
}

function checkAddress(address: string): void {
  if (typeof address !== "string" || !ADDRESS.test(address)) {
    throw new TypeError("vaultAddress must be 0x followed by 40 hex digits");
  }
}

function writeAddress(out: Uint8Array, offset: number, address: string): void {
  for (let i = 0; i < 20; i++) {
    out[offset + i] = parseInt(address.slice(2 + 2 * i, 4 + 2 * i), 16);
  }
}
