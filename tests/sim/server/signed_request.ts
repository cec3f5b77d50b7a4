/** Build signed `/exchange` envelopes with the nktkas SDK's `signL1Action`. */
import { signL1Action } from "@nktkas/hyperliquid/signing";
import type { TestWallet } from "./test_wallet.ts";

export interface SignOptions {
  readonly isTestnet?: boolean;
  readonly vaultAddress?: `0x${string}`;
  readonly expiresAfter?: number;
}

export interface Envelope {
  action: Record<string, unknown>;
  nonce: number;
  signature: { r: string; s: string; v: number };
  vaultAddress?: string | null;
  expiresAfter?: number | null;
}

export async function signedEnvelope(
  wallet: TestWallet,
  action: Record<string, unknown>,
  nonce: number,
  opts: SignOptions = {},
): Promise<Envelope> {
  const signature = await signL1Action({
    wallet,
    action,
    nonce,
    isTestnet: opts.isTestnet ?? true,
    ...(opts.vaultAddress ? { vaultAddress: opts.vaultAddress } : {}),
    ...(opts.expiresAfter !== undefined ? { expiresAfter: opts.expiresAfter } : {}),
  });
  return {
    action,
    nonce,
    signature,
    ...(opts.vaultAddress ? { vaultAddress: opts.vaultAddress } : {}),
    ...(opts.expiresAfter !== undefined ? { expiresAfter: opts.expiresAfter } : {}),
  };
}

/** POST a JSON body; returns status and parsed (or text) body. */
export async function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, text };
}

/** An `order` action of `n` identical buy orders of 1 at 100 on asset 0. */
export function orderAction(n = 1, tif: "Gtc" | "Alo" = "Gtc"): Record<string, unknown> & {
  orders: Record<string, unknown>[];
} {
  return {
    type: "order",
    orders: Array.from({ length: n }, () => ({
      a: 0,
      b: true,
      p: "100",
      s: "1",
      r: false,
      t: { limit: { tif } },
    })),
    grouping: "na",
  };
}
