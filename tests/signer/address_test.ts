import assert from "node:assert/strict";
import { addressFromPrivateKey } from "../../src/signer/address.ts";
import vectors from "./fixtures/signing_vectors.json" with { type: "json" };

Deno.test("addressFromPrivateKey gives the published lowercase wallet address", () => {
  const w = vectors.wallets.nktkas;
  assert.equal(addressFromPrivateKey(w.privateKey), w.address);
  assert.equal(addressFromPrivateKey(w.privateKey.slice(2)), w.address);
  assert.equal(addressFromPrivateKey(w.privateKey.toUpperCase().replace("0X", "0x")), w.address);
});

Deno.test("addressFromPrivateKey of key 1 is the generator's well-known address", () => {
  assert.equal(
    addressFromPrivateKey("0x" + "0".repeat(63) + "1"),
    "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf",
  );
});
