import { Encoder } from "@msgpack/msgpack";

/**
 * An L1 action: a plain object (including `type`) whose key insertion order is the wire order.
 * Typed as `object` so interfaces are accepted too; the shape is checked at run time.
 */
export type L1Action = object;

/** Keys whose value is `undefined` are dropped; `null` is encoded as msgpack nil. */
const encoder = new Encoder({ ignoreUndefined: true, useBigInt64: false });

/**
 * msgpack-encode an action exactly as Hyperliquid hashes it: map keys in insertion order,
 * `undefined` values dropped, integers in the smallest msgpack int form (so integers >= 2^32 are
 * uint64 `0xcf`, never float64). Throws TypeError for values that have no single wire encoding:
 * non-integer or unsafe-integer numbers, bigints, `undefined` inside arrays, non-plain objects.
 * The returned bytes are a fresh copy.
 */
export function encodeAction(action: L1Action): Uint8Array {
  if (typeof action !== "object" || action === null || Array.isArray(action)) {
    throw new TypeError("action: expected a plain object");
  }
  checkValue(action, "action");
  return encoder.encode(action);
}

function checkValue(value: unknown, path: string): void {
  switch (typeof value) {
    case "string":
    case "boolean":
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
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) throw new TypeError(`${path}[${i}]: undefined inside an array`);
          checkValue(item, `${path}[${i}]`);
        }
        return;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`${path}: only plain objects can be encoded`);
      }
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (item !== undefined) checkValue(item, `${path}.${key}`);
      }
      return;
    }
    default:
      throw new TypeError(`${path}: a ${typeof value} cannot be encoded in an action`);
  }
}
