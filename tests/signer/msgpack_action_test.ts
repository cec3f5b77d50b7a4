import assert from "node:assert/strict";
import { Encoder } from "@msgpack/msgpack";
import fc from "fast-check";
import { bytesToHex } from "@noble/hashes/utils.js";
import { encodeAction, encodeActionWithTail } from "../../src/signer/msgpack_action.ts";

const enc = (v: Record<string, unknown>): string => bytesToHex(encodeAction(v));

Deno.test("encodeAction writes integers >= 2^32 as msgpack uint64 (0xcf), never float64", () => {
  // {"o": 2^32}: fixmap(1) "o" 0xcf + 8 bytes big-endian
  assert.equal(enc({ o: 2 ** 32 }), "81a16f" + "cf" + "0000000100000000");
  assert.equal(enc({ o: 100000000000 }), "81a16f" + "cf" + "000000174876e800");
  assert.equal(enc({ o: Number.MAX_SAFE_INTEGER }), "81a16f" + "cf" + "001fffffffffffff");
  // smaller integers use the smallest form, like msgpack-python
  assert.equal(enc({ o: 2 ** 32 - 1 }), "81a16f" + "ce" + "ffffffff");
  assert.equal(enc({ o: 300 }), "81a16f" + "cd" + "012c");
  assert.equal(enc({ o: 5 }), "81a16f" + "05");
  assert.equal(enc({ o: -(2 ** 31) - 1 }), "81a16f" + "d3" + "ffffffff7fffffff");
  assert.ok(!enc({ o: 2 ** 40 }).includes("cb"), "no float64 marker");
});

Deno.test("encodeAction keeps insertion order and drops undefined map values", () => {
  assert.equal(enc({ b: true, a: false }), "82a162c3a161c2");
  assert.equal(enc({ a: false, b: true }), "82a161c2a162c3");
  assert.equal(enc({ a: false, x: undefined, b: true }), "82a161c2a162c3");
  assert.equal(enc({ a: null }), "81a161c0");
});

Deno.test("encodeAction rejects values that have no single wire encoding", () => {
  assert.throws(() => encodeAction({ p: 1.5 }), TypeError);
  assert.throws(() => encodeAction({ p: Number.NaN }), TypeError);
  assert.throws(() => encodeAction({ p: 2 ** 53 }), TypeError);
  assert.throws(() => encodeAction({ p: 10n }), TypeError);
  assert.throws(() => encodeAction({ p: [1, undefined] }), TypeError);
  assert.throws(() => encodeAction({ p: new Date(0) }), TypeError);
  assert.throws(() => encodeAction({ nested: [{ px: 0.1 }] }), /nested\[0\]\.px/);
  assert.throws(() => encodeAction([]), TypeError);
});

Deno.test("encodeAction returns an independent copy of the bytes", () => {
  const first = encodeAction({ type: "noop" });
  const snapshot = bytesToHex(first);
  encodeAction({ type: "somethingElse", n: 1 });
  assert.equal(bytesToHex(first), snapshot);
});

/** @msgpack/msgpack as configured before the hand-written encoder: the oracle for its bytes. */
const oracle = new Encoder({ ignoreUndefined: true, useBigInt64: false });

const wireInteger = fc.oneof(
  fc.integer({ min: -40, max: 300 }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(
    -(2 ** 53) + 1,
    -(2 ** 31) - 1,
    -(2 ** 31),
    -32769,
    -32768,
    -129,
    -128,
    -33,
    -32,
    -1,
    0,
    127,
    128,
    255,
    256,
    65535,
    65536,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 53 - 1,
  ),
);
const wireString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }), // non-ASCII, multi-byte, astral
  fc.string({ unit: "grapheme-ascii", minLength: 25, maxLength: 300 }), // fixstr/str8/str16 edges
  fc.constantFrom("", "Alo", "0x" + "ab".repeat(16), "é".repeat(16), "x".repeat(70_000)),
);
const { wireValue } = fc.letrec((tie) => ({
  wireValue: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    wireString,
    wireInteger,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("wireValue"), { maxLength: 20 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: "grapheme", maxLength: 4 })),
      fc.option(tie("wireValue"), { nil: undefined, freq: 4 }),
      { maxKeys: 20 },
    ),
  ),
}));

Deno.test("encodeAction writes the same bytes as @msgpack/msgpack for any encodable action", () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.string({ maxLength: 8 }), fc.option(wireValue, { nil: undefined })),
      (action) => {
        assert.equal(bytesToHex(encodeAction(action)), bytesToHex(oracle.encode(action)));
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("encodeActionWithTail leaves room after msgpack(action) and grows for large actions", () => {
  const big = {
    type: "order",
    orders: Array.from({ length: 500 }, (_, i) => ({ a: i, p: "1.5" })),
  };
  const packed = encodeAction(big);
  assert.ok(packed.length > 4096, "larger than the initial buffer");
  const view = encodeActionWithTail(big, 9);
  assert.equal(view.length, packed.length + 9);
  assert.equal(bytesToHex(view.subarray(0, packed.length)), bytesToHex(packed));
});

Deno.test("encodeAction refuses strings and keys with lone surrogates (no valid UTF-8 form)", () => {
  assert.throws(() => encodeAction({ c: "ab\ud800" }), /action\.c: strings must be well-formed/);
  assert.throws(() => encodeAction({ ["k\udc00"]: 1 }), /keys must be well-formed/);
  assert.throws(() => encodeAction({ deep: [[{ s: "\udbff" }]] }), /action\.deep\[0\]\[0\]\.s/);
  // a well-formed astral character is fine
  assert.equal(bytesToHex(encodeAction({ e: "😀" })), "81a165a4f09f9880");
});

Deno.test("encodeAction matches @msgpack/msgpack at every length boundary of strings, arrays and maps", () => {
  const same = (action: Record<string, unknown>, what: string) =>
    assert.equal(bytesToHex(encodeAction(action)), bytesToHex(oracle.encode(action)), what);
  for (const n of [0, 1, 15, 16, 17, 31, 32, 33, 255, 256, 65535, 65536, 70000]) {
    same({ s: "a".repeat(n) }, `ascii string ${n}`);
    same({ s: "a".repeat(Math.max(0, n - 2)) + "é" }, `utf-8 string of ${n} bytes`);
    same({ l: Array.from({ length: n }, (_, i) => i) }, `array ${n}`);
    const map: Record<string, unknown> = { skipped: undefined };
    for (let i = 0; i < n; i++) map[`k${i}`] = i % 2 === 0;
    same({ m: map }, `map ${n}`);
  }
});

Deno.test("encodeAction encodes only own keys even when Object.prototype has enumerable properties", () => {
  const action = { type: "cancel", cancels: [{ a: 1, o: 2 }] };
  const before = bytesToHex(encodeAction(action));
  Object.defineProperty(Object.prototype, "polluted", {
    value: 1,
    enumerable: true,
    configurable: true,
  });
  try {
    assert.equal(bytesToHex(encodeAction(action)), before);
  } finally {
    delete (Object.prototype as Record<string, unknown>).polluted;
  }
});
