/**
 * Private-key validation. Errors never contain the key (nor any part of it): they name only what
 * is wrong with its shape, so they are safe to log.
 */

/** Order of the secp256k1 group; a secret key must be in [1, N-1]. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const HEX_64 = /^[0-9a-fA-F]{64}$/;

/** Thrown for a malformed private key. The message never includes the key. */
export class InvalidPrivateKeyError extends Error {
  constructor(reason: string) {
    super(`invalid private key: ${reason}`);
    this.name = "InvalidPrivateKeyError";
  }
}

/**
 * Check that `privateKey` is a secp256k1 secret key written as `0x` + 64 hex digits (the `0x` may
 * be left out) with a value in [1, n-1]. Throws {@link InvalidPrivateKeyError} otherwise.
 */
export function assertValidPrivateKey(privateKey: unknown): asserts privateKey is string {
  parsePrivateKey(privateKey);
}

/** Validate (as {@link assertValidPrivateKey}) and return the key's 32 bytes. */
export function parsePrivateKey(privateKey: unknown): Uint8Array {
  if (typeof privateKey !== "string") {
    throw new InvalidPrivateKeyError(`expected a string, got ${typeOfValue(privateKey)}`);
  }
  const hex = privateKey.startsWith("0x") || privateKey.startsWith("0X")
    ? privateKey.slice(2)
    : privateKey;
  if (!HEX_64.test(hex)) {
    throw new InvalidPrivateKeyError(
      `expected 0x followed by 64 hex digits (got ${privateKey.length} characters)`,
    );
  }
  const value = BigInt("0x" + hex);
  if (value === 0n || value >= SECP256K1_N) {
    throw new InvalidPrivateKeyError("value is outside the secp256k1 range [1, n-1]");
  }
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function typeOfValue(x: unknown): string {
  return x === null ? "null" : Array.isArray(x) ? "array" : typeof x;
}
