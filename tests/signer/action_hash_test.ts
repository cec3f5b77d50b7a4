import assert from "node:assert/strict";
import fc from "fast-check";
import { bytesToHex } from "@noble/hashes/utils.js";
import { createL1ActionHash } from "@nktkas/hyperliquid/signing";
import { l1ActionHash } from "../../src/signer/action_hash.ts";
import type { L1Action } from "../../src/signer/msgpack_action.ts";
import { l1ActionArb } from "./_arbitraries.ts";
import vectors from "./fixtures/signing_vectors.json" with { type: "json" };
import { PY_HASH_VECTOR } from "./fixtures/python_sdk_vectors.ts";

const hex = (b: Uint8Array): string => "0x" + bytesToHex(b);
const VAULT = "0x1234567890123456789012345678901234567890";

/** The nktkas SDK (in the import map) is used here only as an independent test oracle. */
function oracle(action: L1Action, nonce: number, vault?: string, expiresAfter?: number): string {
  return createL1ActionHash({
    action: structuredClone(action) as Record<string, unknown>,
    nonce,
    ...(vault === undefined ? {} : { vaultAddress: vault as `0x${string}` }),
    ...(expiresAfter === undefined ? {} : { expiresAfter }),
  });
}

Deno.test("l1ActionHash matches every published connectionId (base, vault, expiresAfter, both)", () => {
  const all = [...vectors.l1, ...vectors.l1Hash];
  assert.ok(vectors.l1Hash.length >= 4);
  for (const vec of all) {
    const got = l1ActionHash(
      vec.action as L1Action,
      vec.nonce,
      vec.vaultAddress,
      vec.expiresAfter,
    );
    assert.equal(hex(got), vec.expected.connectionId, vec.id);
  }
  const py = l1ActionHash(PY_HASH_VECTOR.action, PY_HASH_VECTOR.nonce);
  assert.equal(hex(py), PY_HASH_VECTOR.connectionId, "python production phantom agent");
});

Deno.test("l1ActionHash agrees with the nktkas SDK on cancel, cancelByCloid, modify, order and scheduleCancel actions", () => {
  const cloid = "0x1234567890abcdef1234567890abcdef";
  const actions: L1Action[] = [
    { type: "cancel", cancels: [{ a: 0, o: 77738308 }, { a: 5, o: 2 ** 40 + 17 }] },
    { type: "cancel", cancels: [{ a: 0, o: 77738308 }], f: true },
    { type: "cancelByCloid", cancels: [{ asset: 0, cloid }, { asset: 110000, cloid }] },
    {
      type: "batchModify",
      modifies: [{
        oid: 2 ** 35,
        order: { a: 1, b: false, p: "1891.4", s: "0.02", r: false, t: { limit: { tif: "Alo" } } },
      }],
    },
    {
      type: "order",
      orders: [
        {
          a: 0,
          b: true,
          p: "113377",
          s: "0.001",
          r: false,
          t: { limit: { tif: "Alo" } },
          c: cloid,
        },
        { a: 3, b: false, p: "0.001234", s: "12000", r: true, t: { limit: { tif: "Ioc" } } },
      ],
      grouping: "na",
      builder: { b: "0xabcdefabcdefabcdefabcdefabcdefabcdefabcd", f: 10 },
    },
    { type: "scheduleCancel", time: 1_700_000_010_000 },
    { type: "noop" },
  ];
  const EXP = 1_700_000_060_000;
  const envelopes = [[undefined, undefined], [VAULT, undefined], [undefined, EXP], [VAULT, EXP]];
  for (const action of actions) {
    for (const [vault, exp] of envelopes as Array<[string | undefined, number | undefined]>) {
      const nonce = 1_700_000_000_123;
      assert.equal(
        hex(l1ActionHash(action, nonce, vault, exp)),
        oracle(action, nonce, vault, exp),
        JSON.stringify({ action, vault, exp }),
      );
    }
  }
});

Deno.test("l1ActionHash agrees with the nktkas SDK on random order and cancel batches", () => {
  const action = l1ActionArb(4);
  fc.assert(
    fc.property(action, fc.integer({ min: 1, max: 2 ** 50 }), (a, nonce) => {
      assert.equal(hex(l1ActionHash(a, nonce)), oracle(a, nonce));
    }),
    { numRuns: 200 },
  );
});

Deno.test("l1ActionHash depends on key insertion order", () => {
  const a: L1Action = { type: "cancel", cancels: [{ a: 0, o: 1 }] };
  const b: L1Action = { cancels: [{ a: 0, o: 1 }], type: "cancel" };
  const c: L1Action = { type: "cancel", cancels: [{ o: 1, a: 0 }] };
  const ha = hex(l1ActionHash(a, 1));
  assert.notEqual(hex(l1ActionHash(b, 1)), ha);
  assert.notEqual(hex(l1ActionHash(c, 1)), ha);
});

Deno.test("l1ActionHash drops undefined values but hashes null", () => {
  const absent: L1Action = { type: "scheduleCancel" };
  const undef: L1Action = { type: "scheduleCancel", time: undefined };
  const nul: L1Action = { type: "scheduleCancel", time: null };
  assert.equal(hex(l1ActionHash(undef, 7)), hex(l1ActionHash(absent, 7)));
  assert.notEqual(hex(l1ActionHash(nul, 7)), hex(l1ActionHash(absent, 7)));
});

Deno.test("l1ActionHash treats vault address case-insensitively as 20 raw bytes", () => {
  const action: L1Action = { type: "noop" };
  const upper = "0xABCDEFABCDEFABCDEFABCDEFABCDEFABCDEFABCD";
  assert.equal(
    hex(l1ActionHash(action, 1, upper)),
    hex(l1ActionHash(action, 1, upper.toLowerCase())),
  );
});

Deno.test("l1ActionHash rejects malformed nonce, vault address and expiresAfter", () => {
  const action: L1Action = { type: "noop" };
  assert.throws(() => l1ActionHash(action, -1), RangeError);
  assert.throws(() => l1ActionHash(action, 1.5), RangeError);
  assert.throws(() => l1ActionHash(action, Number.NaN), RangeError);
  assert.throws(() => l1ActionHash(action, 2 ** 53), RangeError);
  assert.throws(() => l1ActionHash(action, 1, "0x1234"), TypeError);
  assert.throws(
    () => l1ActionHash(action, 1, "1234567890123456789012345678901234567890"),
    TypeError,
  );
  assert.throws(() => l1ActionHash(action, 1, null, -5), RangeError);
});
