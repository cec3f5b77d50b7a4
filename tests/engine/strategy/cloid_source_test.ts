import assert from "node:assert/strict";
import { CloidSource } from "../../../src/engine/strategy/cloid_source.ts";

const fixed = (byte: number) => (b: Uint8Array) => b.fill(byte);

Deno.test("cloidSource: ids are tag + session + counter, 0x + 32 lowercase hex", () => {
  const s = new CloidSource({ randomBytes: fixed(0xab) });
  assert.equal(s.next(), "0x686c6d6dabababab0000000000000001");
  assert.equal(s.next(), "0x686c6d6dabababab0000000000000002");
  for (let i = 0; i < 100; i++) assert.match(s.next(), /^0x[0-9a-f]{32}$/);
});

Deno.test("cloidSource: ids are unique within a source", () => {
  const s = new CloidSource();
  const ids = new Set(Array.from({ length: 10_000 }, () => s.next()));
  assert.equal(ids.size, 10_000);
});

Deno.test("cloidSource: recognises this bot's ids, from this session or an earlier one", () => {
  const s = new CloidSource({ randomBytes: fixed(1) });
  const earlier = new CloidSource({ randomBytes: fixed(2) }).next();
  const table: Array<[string | undefined, boolean, boolean]> = [
    [s.next(), true, true],
    [earlier, true, false],
    ["0x00000000000000000000000000000001", false, false],
    ["0x686c6d6d", false, false],
    [undefined, false, false],
  ];
  for (const [cloid, ours, session] of table) {
    assert.equal(s.isOurs(cloid), ours, cloid);
    assert.equal(s.isThisSession(cloid), session, cloid);
  }
});

Deno.test("cloidSource: a custom tag is used; a bad tag is refused", () => {
  assert.match(new CloidSource({ tagHex: "00c0ffee" }).next(), /^0x00c0ffee/);
  assert.throws(() => new CloidSource({ tagHex: "XYZ" }), RangeError);
});
