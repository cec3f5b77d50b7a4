/** The `/exchange` request envelope, parsed at the edge with zod. */
import { z } from "zod";

const hexInt = z.string().regex(/^0x[0-9a-fA-F]{1,64}$/);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

const envelopeSchema = z.object({
  action: z.record(z.string(), z.unknown()).refine((a) => typeof a.type === "string"),
  nonce: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  signature: z.object({
    r: hexInt,
    s: hexInt,
    v: z.number().int().min(0).max(255),
  }),
  vaultAddress: address.nullish(),
  expiresAfter: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullish(),
});

/**
 * A validated `/exchange` body: the action (checked later by the core), nonce, signature and
 * optional vault and expiry.
 */
export interface ExchangeEnvelope {
  readonly action: Record<string, unknown> & { readonly type: string };
  readonly nonce: number;
  readonly signature: { readonly r: bigint; readonly s: bigint; readonly v: number };
  /** Lowercase; undefined when absent or null. */
  readonly vaultAddress?: string;
  readonly expiresAfter?: number;
}

/** Parse an envelope; null means "Failed to deserialize the JSON body into the target type". */
export function parseExchangeEnvelope(body: unknown): ExchangeEnvelope | null {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) return null;
  const e = parsed.data;
  return {
    // zod's record parse keeps insertion order, which the hash depends on; use the original object.
    action: (body as { action: Record<string, unknown> & { type: string } }).action,
    nonce: e.nonce,
    signature: { r: BigInt(e.signature.r), s: BigInt(e.signature.s), v: e.signature.v },
    ...(e.vaultAddress != null ? { vaultAddress: e.vaultAddress.toLowerCase() } : {}),
    ...(e.expiresAfter != null ? { expiresAfter: e.expiresAfter } : {}),
  };
}
