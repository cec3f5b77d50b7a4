import assert from "node:assert/strict";
import { ExchangeClient, HttpTransport } from "@nktkas/hyperliquid";
import { recoverUserSigned } from "../../../src/sim/server/user_signed_recovery.ts";
import { postJson, signedEnvelope } from "./signed_request.ts";
import { startFakeSim } from "./fake_sim.ts";
import { testKey, testWallet } from "./test_wallet.ts";

import { readReference } from "../../_reference.ts";

Deno.test(
  "published user-signed vectors recover their signer (../shared/reference, never skipped)",
  async () => {
    const vectors = JSON.parse(await readReference("signing-vectors.json")) as {
      userSigned: {
        id: string;
        primaryType: string;
        action: Record<string, unknown>;
        expected: { r: string; s: string; v: number };
      }[];
      wallets: { nktkas: { address: string } };
    };
    const typeOf: Record<string, string> = {
      "HyperliquidTransaction:UsdSend": "usdSend",
      "HyperliquidTransaction:Withdraw": "withdraw3",
      "HyperliquidTransaction:ApproveAgent": "approveAgent",
      "HyperliquidTransaction:UsdClassTransfer": "usdClassTransfer",
      "HyperliquidTransaction:SpotSend": "spotSend",
      "HyperliquidTransaction:ApproveBuilderFee": "approveBuilderFee",
    };
    let checked = 0;
    for (const v of vectors.userSigned) {
      const type = typeOf[v.primaryType];
      if (!type) continue;
      const sig = { r: BigInt(v.expected.r), s: BigInt(v.expected.s), v: v.expected.v };
      assert.equal(
        recoverUserSigned({ type, ...v.action }, sig),
        vectors.wallets.nktkas.address,
        v.id,
      );
      checked++;
    }
    assert.ok(checked > 0);
  },
);

Deno.test("approveAgent over the wire (nktkas ExchangeClient) lets the agent trade", async () => {
  await using sim = await startFakeSim({ clock: () => Date.now() });
  const transport = new HttpTransport({ apiUrl: sim.server.httpUrl, isTestnet: true });
  const master = new ExchangeClient({ transport, wallet: sim.wallet });
  const agent = testWallet(testKey("wire-agent"));
  const ok = await master.approveAgent({ agentAddress: agent.address, agentName: "bot" });
  assert.equal(ok.status, "ok");
  assert.equal(sim.core.accountOf(agent.address), sim.wallet.address);
  const r = await postJson(
    sim.server.exchangeUrl,
    await signedEnvelope(agent, { type: "noop" }, Date.now()),
  );
  assert.equal((r.body as { status: string }).status, "ok");
  assert.equal(sim.core.executed.at(-1)?.user, sim.wallet.address);
  // An agent cannot sign user actions; a mainnet-chain action is refused on a testnet sim.
  const agentClient = new ExchangeClient({ transport, wallet: agent });
  await assert.rejects(
    agentClient.approveAgent({ agentAddress: testWallet(testKey("x")).address, agentName: "y" }),
    /does not exist/,
  );
  const mainnet = new ExchangeClient({
    transport: new HttpTransport({ apiUrl: sim.server.httpUrl, isTestnet: false }),
    wallet: sim.wallet,
  });
  await assert.rejects(
    mainnet.approveAgent({ agentAddress: agent.address, agentName: "bot" }),
    /Invalid hyperliquidChain/,
  );
});
