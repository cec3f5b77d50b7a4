/**
 * An L1 action: a plain object (including `type`) whose key insertion order is the wire order.
 * Typed as `object` so interfaces are accepted too; the shape is checked at run time.
 */
export type L1Action = object;

/*
 * A msgpack encoder for exactly the values an action may hold, writing into one reused buffer in
 * a single pass (validation included). It produces the same bytes as @msgpack/msgpack with
 * `ignoreUndefined: true` (tests/signer/msgpack_action_test.ts checks this on random values) and as
 * msgpack-python: smallest integer forms, str8 for 32..255-byte strings, keys in insertion order.
 * Signing is synchronous, so one module-level buffer is enough.
 */

const MAX_DEPTH = 100;
let buf = new Uint8Array(4096);
let view = new DataView(buf.buffer);
let pos = 0;
const utf8 = new TextEncoder();
const EMPTY = {};
/** Set per call: own keys must be told apart from inherited ones (a polluted Object.prototype). */
let inheritedKeys = false;

/** Thrown inside the encoder; encodeAction then re-walks the action to name the offending path. */
class Unencodable extends Error {}

/**
 * msgpack-encode an action exactly as Hyperliquid hashes it: map keys in insertion order,
 * `undefined` values dropped, integers in the smallest msgpack int form (so integers >= 2^32 are
 * uint64 `0xcf`, never float64). Throws TypeError for values that have no single wire encoding:
 * non-integer or unsafe-integer numbers, bigints, `undefined` inside arrays, non-plain objects,
 * strings that are not well-formed Unicode (lone surrogates). The returned bytes are a fresh copy.
 */
export function encodeAction(action: L1Action): Uint8Array {
  return encodeActionWithTail(action, 0).slice();
}

/**
 * Encode `action` (as {@link encodeAction}) followed by `tailBytes` bytes of room at the end.
 * Returns a view of the shared buffer (valid until the next call) whose last `tailBytes` bytes
 * the caller fills in; used to hash msgpack(action) || tail without a copy.
 */
export function encodeActionWithTail(action: L1Action, tailBytes: number): Uint8Array {
  if (typeof action !== "object" || action === null || Array.isArray(action)) {
    throw new TypeError("action: expected a plain object");
  }
  pos = 0;
  inheritedKeys = objectPrototypeHasEnumerableKeys();
  try {
    writeValue(action, 0);
  } catch (err) {
    if (!(err instanceof Unencodable)) throw err;
    checkValue(action, "action", 0); // throws a TypeError naming the path
    throw new TypeError(`action: ${err.message}`);
  }
  ensure(tailBytes);
  pos += tailBytes;
  return buf.subarray(0, pos);
}

function ensure(n: number): void {
  if (pos + n <= buf.length) return;
  const next = new Uint8Array(Math.max(buf.length * 2, pos + n));
  next.set(buf.subarray(0, pos));
  buf = next;
  view = new DataView(buf.buffer);
}

function writeValue(value: unknown, depth: number): void {
  switch (typeof value) {
    case "string":
      writeString(value);
      return;
    case "number":
      writeInteger(value);
      return;
    case "boolean":
      ensure(1);
      buf[pos++] = value ? 0xc3 : 0xc2;
      return;
    case "object":
      if (value === null) {
        ensure(1);
        buf[pos++] = 0xc0;
      } else if (depth >= MAX_DEPTH) {
        throw new Unencodable("nested too deeply");
      } else if (Array.isArray(value)) {
        writeArray(value, depth);
      } else {
        writeMap(value, depth);
      }
      return;
    default:
      throw new Unencodable(`a ${typeof value} cannot be encoded`);
  }
}

function writeString(s: string): void {
  const n = s.length;
  ensure(5 + n);
  // ASCII fast path: byte length = s.length, written straight after the header.
  const start = pos + (n < 32 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      writeNonAsciiString(s);
      return;
    }
    buf[start + i] = c;
  }
  writeHeader(n, 0xa0, 32, 0xd9, 0xda, 0xdb);
  pos += n;
}

function writeNonAsciiString(s: string): void {
  if (!s.isWellFormed()) throw new Unencodable("string is not well-formed Unicode");
  const bytes = utf8.encode(s);
  ensure(5 + bytes.length);
  writeHeader(bytes.length, 0xa0, 32, 0xd9, 0xda, 0xdb);
  buf.set(bytes, pos);
  pos += bytes.length;
}

/**
 * A length header or an unsigned integer below 2^32: fix form (`fix | n` for n < fixLimit), then
 * 8- (strings, integers), 16- and 32-bit forms. `code8` = 0 means the type has no 8-bit form.
 */
function writeHeader(
  n: number,
  fix: number,
  fixLimit: number,
  code8: number,
  code16: number,
  code32: number,
): void {
  if (n < fixLimit) {
    buf[pos++] = fix | n;
  } else if (code8 !== 0 && n < 0x100) {
    buf[pos++] = code8;
    buf[pos++] = n;
  } else if (n < 0x10000) {
    buf[pos++] = code16;
    view.setUint16(pos, n);
    pos += 2;
  } else {
    buf[pos++] = code32;
    view.setUint32(pos, n);
    pos += 4;
  }
}

function writeInteger(v: number): void {
  if (!Number.isSafeInteger(v)) throw new Unencodable(`number ${v} is not a safe integer`);
  ensure(9);
  if (v >= 0) {
    if (v < 0x80) buf[pos++] = v; // positive fixint, inline: most integers of an action
    else if (v < 0x100000000) writeHeader(v, 0x00, 0x80, 0xcc, 0xcd, 0xce);
    else writeInteger64(0xcf, v);
  } else if (v >= -0x20) {
    buf[pos++] = v & 0xff;
  } else if (v >= -0x80) {
    buf[pos++] = 0xd0;
    view.setInt8(pos, v);
    pos += 1;
  } else if (v >= -0x8000) {
    buf[pos++] = 0xd1;
    view.setInt16(pos, v);
    pos += 2;
  } else if (v >= -0x80000000) {
    buf[pos++] = 0xd2;
    view.setInt32(pos, v);
    pos += 4;
  } else {
    writeInteger64(0xd3, v);
  }
}

/**
 * A 64-bit integer form (`code` 0xcf uint64 or 0xd3 int64) of a safe integer: the high word is
 * below 2^21 in magnitude, so its signed and unsigned bytes agree.
 */
function writeInteger64(code: number, v: number): void {
  buf[pos++] = code;
  view.setInt32(pos, Math.floor(v / 0x100000000));
  view.setUint32(pos + 4, v >>> 0);
  pos += 8;
}

function writeArray(items: unknown[], depth: number): void {
  const n = items.length;
  ensure(5);
  writeHeader(n, 0x90, 16, 0, 0xdc, 0xdd);
  for (let i = 0; i < n; i++) {
    const item = items[i];
    if (item === undefined) throw new Unencodable("undefined inside an array");
    writeValue(item, depth + 1);
  }
}

function writeMap(value: object, depth: number): void {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new Unencodable("only plain objects can be encoded");
  }
  const record = value as Record<string, unknown>;
  // One pass with for-in (faster than Object.keys + lookups): reserve the fixmap byte and, in
  // the rare map of 16+ entries, move the entries to make room for the longer header.
  ensure(5);
  const headerAt = pos++;
  let size = 0;
  for (const key in record) {
    if (inheritedKeys && !Object.hasOwn(record, key)) continue;
    const item = record[key];
    if (item === undefined) continue;
    size++;
    writeString(key);
    writeValue(item, depth + 1);
  }
  if (size < 16) {
    buf[headerAt] = 0x80 | size;
    return;
  }
  const extra = size < 0x10000 ? 2 : 4;
  ensure(extra);
  buf.copyWithin(headerAt + 1 + extra, headerAt + 1, pos);
  const end = pos + extra;
  pos = headerAt;
  writeHeader(size, 0x80, 16, 0, 0xde, 0xdf);
  pos = end;
}

/** True when Object.prototype has enumerable properties, which for-in would also visit. */
function objectPrototypeHasEnumerableKeys(): boolean {
  for (const _ in EMPTY) return true;
  return false;
}

/** The slow, path-naming check, run only after the encoder refused a value. */
function checkValue(value: unknown, path: string, depth: number): void {
  switch (typeof value) {
    case "boolean":
      return;
    case "string":
      if (!value.isWellFormed()) {
        throw new TypeError(`${path}: strings must be well-formed Unicode (lone surrogate)`);
      }
      return;
    case "number":
      if (!Number.isSafeInteger(value)) {
        throw new TypeError(
          `${path}: numbers in an action must be safe integers (got ${value}); ` +
            "send prices and sizes as decimal strings",
        );
      }
      return;
    case "object": {
      if (value === null) return;
      if (depth >= MAX_DEPTH) throw new TypeError(`${path}: nested more than ${MAX_DEPTH} deep`);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) throw new TypeError(`${path}[${i}]: undefined inside an array`);
          checkValue(item, `${path}[${i}]`, depth + 1);
        }
        return;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`${path}: only plain objects can be encoded`);
      }
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!key.isWellFormed()) {
          throw new TypeError(`${path}: keys must be well-formed Unicode (lone surrogate)`);
        }
        const item = record[key];
        if (item !== undefined) checkValue(item, `${path}.${key}`, depth + 1);
      }
      return;
    }
    default:
      throw new TypeError(`${path}: a ${typeof value} cannot be encoded in an action`);
  }
}
