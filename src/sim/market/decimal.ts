/**
 * Exact decimal handling for wire prices and sizes. Internally a price is an integer number of
 * units of 10^-(6 - szDecimals) USD and a size an integer number of lots of 10^-szDecimals, so
 * price units × lots is a notional in micro-USD, exactly.
 */

const DECIMAL_RE = /^[0-9]+(\.[0-9]+)?$/;
/** Perp prices have at most 6 − szDecimals decimals (reference §5.1). */
export const PERP_MAX_DECIMALS = 6;

/**
 * A wire price as integer units, or why it is refused (malformed, or off the tick /
 * significant-figure rules).
 */
export type PriceParse =
  | { readonly ok: true; readonly units: number }
  | { readonly ok: false; readonly reason: "invalid" | "tick" };

/** A wire size as integer lots, or why it is refused (malformed, or zero). */
export type SizeParse =
  | { readonly ok: true; readonly lots: number }
  | { readonly ok: false; readonly reason: "invalid" | "zero" };

function split(text: string): { int: string; frac: string } | null {
  if (!DECIMAL_RE.test(text)) return null;
  const [rawInt = "0", rawFrac = ""] = text.split(".");
  const int = rawInt.replace(/^0+/, "");
  const frac = rawFrac.replace(/0+$/, "");
  return { int, frac };
}

function toUnits(int: string, frac: string, decimals: number): number {
  const digits = (int + frac.padEnd(decimals, "0")).replace(/^0+/, "");
  return digits === "" ? 0 : Number(digits);
}

/** Validates a wire price: 5 significant figures unless integer, at most 6 − szDecimals dp. */
export function parsePrice(text: string, szDecimals: number): PriceParse {
  const parts = split(text);
  if (parts === null) return { ok: false, reason: "invalid" };
  const decimals = PERP_MAX_DECIMALS - szDecimals;
  if (parts.int.length + decimals > 15) return { ok: false, reason: "invalid" };
  const units = toUnits(parts.int, parts.frac, decimals);
  if (units <= 0) return { ok: false, reason: "invalid" };
  if (parts.frac.length > decimals) return { ok: false, reason: "tick" };
  if (parts.frac.length > 0) {
    const significant = (parts.int + parts.frac).replace(/^0+/, "");
    if (significant.length > 5) return { ok: false, reason: "tick" };
  }
  return { ok: true, units };
}

/** Validates a wire size: at most szDecimals decimals, positive. */
export function parseSize(text: string, szDecimals: number): SizeParse {
  const parts = split(text);
  if (parts === null) return { ok: false, reason: "invalid" };
  if (parts.frac.length > szDecimals) return { ok: false, reason: "invalid" };
  if (parts.int.length + szDecimals > 15) return { ok: false, reason: "invalid" };
  const lots = toUnits(parts.int, parts.frac, szDecimals);
  if (lots <= 0) return { ok: false, reason: "zero" };
  return { ok: true, lots };
}

/**
 * Formats an integer amount of 10^-decimals. `style` "hl" keeps at least one decimal the way
 * the exchange prints numbers in info answers ("113377.0", "0.0"); "wire" strips it ("64143").
 */
export function formatUnits(amount: number, decimals: number, style: "hl" | "wire" = "hl"): string {
  const negative = amount < 0;
  const digits = String(Math.abs(Math.round(amount))).padStart(decimals + 1, "0");
  const int = digits.slice(0, digits.length - decimals);
  let frac = digits.slice(digits.length - decimals).replace(/0+$/, "");
  if (frac === "" && style === "hl") frac = "0";
  const body = frac === "" ? int : `${int}.${frac}`;
  const isZero = /^[0.]+$/.test(body);
  return negative && !isZero ? `-${body}` : body;
}

/** Formats a float with at most `decimals` decimals, exchange style ("1.5", "3.0"). */
export function formatFloat(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  const [int = "0", fracRaw = ""] = fixed.split(".");
  const frac = fracRaw.replace(/0+$/, "");
  const body = `${int}.${frac === "" ? "0" : frac}`;
  return /^-[0.]+$/.test(body) ? body.slice(1) : body;
}

/** Formats micro-USD as a USD string ("13104.514502", "0.0"). */
export function formatUsd(micro: number): string {
  return formatUnits(micro, 6, "hl");
}

/** The smallest valid price step (in units) at a price of `units` (5 sig figs, integers ok). */
export function tickAt(units: number, decimals: number): number {
  const scale = 10 ** decimals;
  const whole = Math.floor(units / scale);
  let allowed: number;
  if (whole > 0) {
    allowed = 5 - String(whole).length;
  } else {
    const fracDigits = String(units).padStart(decimals, "0");
    const leadingZeros = fracDigits.length - fracDigits.replace(/^0+/, "").length;
    allowed = leadingZeros + 5;
  }
  allowed = Math.max(0, Math.min(decimals, allowed));
  return 10 ** (decimals - allowed);
}

/** Rounds a float price to a valid price in units, down or up. */
export function roundPrice(price: number, decimals: number, direction: "down" | "up"): number {
  const raw = price * 10 ** decimals;
  let units = direction === "down" ? Math.floor(raw + 1e-9) : Math.ceil(raw - 1e-9);
  units = Math.max(1, units);
  const tick = tickAt(units, decimals);
  units = direction === "down" ? Math.floor(units / tick) * tick : Math.ceil(units / tick) * tick;
  return Math.max(tick, units);
}
