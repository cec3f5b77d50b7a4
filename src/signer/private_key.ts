/**
 * Private-key validation. Errors never contain the key (nor any part of it): they name only what
 * is wrong with its shape, so they are safe to log.
 */

/** Order n of the secp256k1 group, 32 bytes big-endian; a secret key must be in [1, n-1]. */
export const SECP256K1_N: Readonly<Uint8Array> = Uint8Array.from(
  "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141".match(/../g)!,
  (h) => parseInt(h, 16),
);

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

/**
 * Validate (as {@link assertValidPrivateKey}) and return the key's 32 bytes. Runs on every
 * signature, so it decodes by character code and compares bytes (no regex, no BigInt copy of
 * the key left for the garbage collector).
 */
export function parsePrivateKey(privateKey: unknown): Uint8Array {
  if (typeof privateKey !== "string") {
    throw new InvalidPrivateKeyError(`expected a string, got ${typeOfValue(privateKey)}`);
  }
  const start = privateKey.charCodeAt(0) === 0x30 && (privateKey.charCodeAt(1) | 0x20) === 0x78
    ? 2
    : 0;
  const bytes = new Uint8Array(32);
  let ok = privateKey.length - start === 64;
  for (let i = 0; ok && i < 32; i++) {
    const hi = hexDigit(privateKey.charCodeAt(start + 2 * i));
    const lo = hexDigit(privateKey.charCodeAt(start + 2 * i + 1));
    ok = hi >= 0 && lo >= 0;
    bytes[i] = (hi << 4) | lo;
  }
  if (!ok) {
    bytes.fill(0);
    throw new InvalidPrivateKeyError(
      `expected 0x followed by 64 hex digits (got ${privateKey.length} characters)`,
    );
  }
  if (!inRange(bytes)) {
    bytes.fill(0);
    throw new InvalidPrivateKeyError("value is outside the secp256k1 range [1, n-1]");
  }
  return bytes;
}

/** 0..15 for a hex digit's character code, -1 otherwise. */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** 1 <= key <= n-1, comparing big-endian bytes. */
function inRange(key: Uint8Array): boolean {
  let nonZero = 0;
  for (let i = 0; i < 32; i++) nonZero |= key[i]!;
  if (nonZero === 0) return false;
  for (let i = 0; i < 32; i++) {
    if (key[i] !== SECP256K1_N[i]) return key[i]! < SECP256K1_N[i]!;
  }
  return false; // equal to n
}

function typeOfValue(x: unknown): string {
  return x === null ? "null" : Array.isArray(x) ? "array" : typeof x;
}
