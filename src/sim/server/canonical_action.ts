/**
 * The typed canonical form of an L1 action: what the exchange hashes after parsing the action
 * into its own types (reference "Corrections and additions": canonical hashing on the server).
 * Keys come out in the field order of the type, unknown keys are dropped, `f`/`a` are dropped
 * when false, decimal strings lose trailing zeros (`"89986.0"` -> `"89986"`), and hex strings
 * (cloids, builder address) are lowercased. A client that signed anything else recovers a
 * different address and is refused as an unknown user.
 */
import { z } from "zod";

const uint = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const HEX_RE = /^0x[0-9a-fA-F]*$/;
const DECIMAL_RE = /^-?(\d+\.?\d*|\.\d+)$/;

/** Normalize a decimal string as a decimal type would re-serialize it; non-decimals unchanged. */
export function canonicalDecimal(s: string): string {
  if (!DECIMAL_RE.test(s)) return s;
  const negative = s.startsWith("-");
  let [int = "", frac = ""] = (negative ? s.slice(1) : s).split(".");
  int = int.replace(/^0+/, "") || "0";
  frac = frac.replace(/0+$/, "");
  const body = frac === "" ? int : `${int}.${frac}`;
  return negative && body !== "0" ? `-${body}` : body;
}

/** Lowercase a 0x hex string (left alone when it is not hex; the core refuses it later). */
function canonicalHex(s: string): string {
  return HEX_RE.test(s) ? s.toLowerCase() : s;
}

const orderWire = z.object({
  a: uint,
  b: z.boolean(),
  p: z.string(),
  s: z.string(),
  r: z.boolean(),
  t: z.union([
    z.object({ limit: z.object({ tif: z.string() }) }),
    z.object({
      trigger: z.object({ isMarket: z.boolean(), triggerPx: z.string(), tpsl: z.string() }),
    }),
  ]),
  c: z.string().optional(),
});
type OrderWireIn = z.infer<typeof orderWire>;

const oidOrCloid = z.union([uint, z.string()]);
const optionalTrue = z.boolean().optional();

const actionSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("order"),
    orders: z.array(orderWire),
    grouping: z.union([z.string(), z.object({ p: uint })]),
    builder: z.object({ b: z.string(), f: uint }).optional(),
  }),
  z.object({
    type: z.literal("cancel"),
    cancels: z.array(z.object({ a: uint, o: uint })),
    f: optionalTrue,
  }),
  z.object({
    type: z.literal("cancelByCloid"),
    cancels: z.array(z.object({ asset: uint, cloid: z.string() })),
    f: optionalTrue,
  }),
  z.object({ type: z.literal("modify"), oid: oidOrCloid, order: orderWire, a: optionalTrue }),
  z.object({
    type: z.literal("batchModify"),
    modifies: z.array(z.object({ oid: oidOrCloid, order: orderWire })),
    a: optionalTrue,
  }),
  z.object({ type: z.literal("scheduleCancel"), time: uint.optional() }),
  z.object({
    type: z.literal("updateLeverage"),
    asset: uint,
    isCross: z.boolean(),
    leverage: z.number().int(),
  }),
  z.object({ type: z.literal("noop") }),
  z.object({
    type: z.literal("reserveRequestWeight"),
    weight: uint,
    destination: z.string().optional(),
  }),
]);

function canonicalOrder(o: OrderWireIn): Record<string, unknown> {
  const t = "limit" in o.t ? { limit: { tif: o.t.limit.tif } } : {
    trigger: {
      isMarket: o.t.trigger.isMarket,
      triggerPx: canonicalDecimal(o.t.trigger.triggerPx),
      tpsl: o.t.trigger.tpsl,
    },
  };
  const out: Record<string, unknown> = {
    a: o.a,
    b: o.b,
    p: canonicalDecimal(o.p),
    s: canonicalDecimal(o.s),
    r: o.r,
    t,
  };
  if (o.c !== undefined) out.c = canonicalHex(o.c);
  return out;
}

const oid = (v: number | string) => (typeof v === "string" ? canonicalHex(v) : v);

/** Add `key: true` only when it is true (a typed decoder drops a false optional flag). */
function flag(out: Record<string, unknown>, key: string, value: boolean | undefined) {
  if (value === true) out[key] = true;
  return out;
}

/**
 * The canonical form of an L1 action the simulator knows, or null when the action does not
 * deserialize into any of its types (answered 422, as the exchange does).
 */
export function canonicalL1Action(raw: unknown): Record<string, unknown> | null {
  const parsed = actionSchema.safeParse(raw);
  if (!parsed.success) return null;
  const x = parsed.data;
  switch (x.type) {
    case "order": {
      const out: Record<string, unknown> = {
        type: "order",
        orders: x.orders.map(canonicalOrder),
        grouping: x.grouping,
      };
      if (x.builder !== undefined) out.builder = { b: canonicalHex(x.builder.b), f: x.builder.f };
      return out;
    }
    case "cancel":
      return flag(
        { type: "cancel", cancels: x.cancels.map((c) => ({ a: c.a, o: c.o })) },
        "f",
        x.f,
      );
    case "cancelByCloid":
      return flag(
        {
          type: "cancelByCloid",
          cancels: x.cancels.map((c) => ({ asset: c.asset, cloid: canonicalHex(c.cloid) })),
        },
        "f",
        x.f,
      );
    case "modify":
      return flag(
        { type: "modify", oid: oid(x.oid), order: canonicalOrder(x.order) },
        "a",
        x.a,
      );
    case "batchModify":
      return flag(
        {
          type: "batchModify",
          modifies: x.modifies.map((m) => ({ oid: oid(m.oid), order: canonicalOrder(m.order) })),
        },
        "a",
        x.a,
      );
    case "scheduleCancel":
      return x.time === undefined
        ? { type: "scheduleCancel" }
        : { type: "scheduleCancel", time: x.time };
    case "updateLeverage":
      return {
        type: "updateLeverage",
        asset: x.asset,
        isCross: x.isCross,
        leverage: x.leverage,
      };
    case "noop":
      return { type: "noop" };
    case "reserveRequestWeight": {
      // Key order type, weight[, destination]; an unset destination is left out of the hash.
      const out: Record<string, unknown> = { type: "reserveRequestWeight", weight: x.weight };
      if (x.destination !== undefined) out.destination = canonicalHex(x.destination);
      return out;
    }
  }
}
