import assert from "node:assert/strict";
import { bytesToHex } from "@noble/hashes/utils.js";
import { encodeAction } from "../../src/signer/msgpack_action.ts";

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
