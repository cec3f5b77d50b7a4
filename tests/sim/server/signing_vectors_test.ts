import assert from "node:assert/strict";
import { signL1Action } from "@nktkas/hyperliquid/signing";
import {
  l1ConnectionId,
  recoverL1Signer,
  type SimNetwork,
} from "../../../src/sim/server/l1_signer_recovery.ts";
import { testWallet } from "./test_wallet.ts";
import { readReference } from "../../_reference.ts";

interface Vector {
  id: string;
  privateKey?: string;
  action: Record<string, unknown>;
  nonce: number;
  vaultAddress: string | null;
  expiresAfter: number | null;
  network?: SimNetwork;
  expected: { connectionId?: string; r?: string; s?: string; v?: number } | string;
}

interface Vectors {
  l1: Vector[];
  l1Hash: Vector[];
  wallets: { nktkas: { address: string } };
}

/** The published vectors (../shared/reference/signing-vectors.json); absent = every test fails. */
async function loadVectors(): Promise<Vectors> {
  const vectors = JSON.parse(await readReference("signing-vectors.json")) as Vectors;
  assert.ok(vectors.l1.length > 0 && vectors.l1Hash.length > 0, "no vectors in the file");
  return vectors;
}

const payload = (v: Vector) => ({
  action: v.action,
  nonce: v.nonce,
  ...(v.vaultAddress ? { vaultAddress: v.vaultAddress } : {}),
  ...(v.expiresAfter != null ? { expiresAfter: v.expiresAfter } : {}),
});

Deno.test("published connectionId vectors (vault, expiresAfter)", async () => {
  const vectors = await loadVectors();
  for (const v of vectors.l1Hash) {
    const exp = v.expected as { connectionId: string };
    assert.equal(l1ConnectionId(payload(v)), exp.connectionId, v.id);
  }
});

Deno.test("published L1 vectors recover the published signer on their network only", async () => {
  const vectors = await loadVectors();
  for (const v of vectors.l1) {
    const exp = v.expected as { connectionId: string; r: string; s: string; v: number };
    assert.equal(l1ConnectionId(payload(v)), exp.connectionId, v.id);
    const sig = { r: BigInt(exp.r), s: BigInt(exp.s), v: exp.v };
    assert.equal(
      recoverL1Signer(payload(v), sig, v.network ?? "mainnet"),
      vectors.wallets.nktkas.address,
    );
    const other = v.network === "mainnet" ? "testnet" : "mainnet";
    assert.notEqual(recoverL1Signer(payload(v), sig, other), vectors.wallets.nktkas.address);
  }
});

Deno.test("the test wallet signs the published vectors exactly (SDK signL1Action)", async () => {
  const vectors = await loadVectors();
  for (const v of vectors.l1) {
    const exp = v.expected as { r: string; s: string; v: number };
    const sig = await signL1Action({
      wallet: testWallet(v.privateKey ?? ""),
      action: v.action,
      nonce: v.nonce,
      isTestnet: v.network === "testnet",
    });
    assert.equal(BigInt(sig.r), BigInt(exp.r), v.id);
    assert.equal(BigInt(sig.s), BigInt(exp.s), v.id);
    assert.equal(sig.v, exp.v, v.id);
  }
});
