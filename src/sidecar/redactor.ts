/**
 * Defense in depth for everything the sidecar answers: the private key must never appear, not
 * even partly. Values under keys named like a secret are replaced, and any string that contains
 * the key (with or without 0x, any case) or a long enough piece of it is replaced too.
 */

/** What a secret is replaced with in sidecar answers and logs. */
export const REDACTED = "[redacted]";

/** Keys whose values are never shown, whatever they hold. */
const SECRET_KEY_RE =
  /priv(ate)?[_-]?key|secret|token|passw(or)?d|passphrase|mnemonic|seed[_-]?phrase|api[_-]?key|signing[_-]?key|^key$/i;

/** Pieces of a secret this long (or longer) count as a leak. */
const MIN_PIECE = 12;

/** Scrubs secrets from values and text before the sidecar serves them. */
export interface Redactor {
  /** A deep copy of `value` with secrets replaced (JSON-safe: no functions, no undefined). */
  value(value: unknown): unknown;
  /** `text` with every occurrence of a secret or a piece of it replaced. */
  text(text: string): string;
  /** True when `text` contains a secret or a piece of one. */
  leaks(text: string): boolean;
}

/** The secret in lower case without 0x (texts are compared in lower case). */
function normalized(secret: string): string | null {
  const s = secret.trim().toLowerCase();
  const bare = s.startsWith("0x") ? s.slice(2) : s;
  return bare.length >= 8 ? bare : null;
}

/** Every secret's distinct pieces of MIN_PIECE characters (lower case, without 0x). */
function pieces(secrets: readonly string[]): string[] {
  const out = new Set<string>();
  for (const secret of secrets) {
    const v = normalized(secret);
    if (v === null) continue;
    if (v.length <= MIN_PIECE) {
      out.add(v);
      continue;
    }
    for (let i = 0; i + MIN_PIECE <= v.length; i++) out.add(v.slice(i, i + MIN_PIECE));
  }
  return [...out];
}

/** A redactor for the given secret values (values under 8 characters are ignored). */
export function createRedactor(secrets: readonly string[]): Redactor {
  const parts = pieces(secrets);

  const leaks = (text: string): boolean => {
    if (parts.length === 0 || text.length < 8) return false;
    const lower = text.toLowerCase();
    return parts.some((p) => lower.includes(p));
  };

  const text = (input: string): string => {
    if (!leaks(input)) return input;
    // Mask every character covered by any piece, then collapse the masked runs.
    const lower = input.toLowerCase();
    const masked = new Array<boolean>(input.length).fill(false);
    for (const p of parts) {
      let at = lower.indexOf(p);
      while (at !== -1) {
        for (let i = at; i < at + p.length; i++) masked[i] = true;
        at = lower.indexOf(p, at + 1);
      }
    }
    for (let i = 2; i < input.length; i++) {
      if (masked[i] && !masked[i - 1] && lower.slice(i - 2, i) === "0x") {
        masked[i - 1] = masked[i - 2] = true;
      }
    }
    let out = "";
    for (let i = 0; i < input.length; i++) {
      if (!masked[i]) out += input[i];
      else if (i === 0 || !masked[i - 1]) out += REDACTED;
    }
    return out;
  };

  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 64) return REDACTED;
    if (typeof v === "string") return leaks(v) ? REDACTED : v;
    if (typeof v === "number") return Number.isFinite(v) ? v : null;
    if (typeof v === "bigint") return v.toString();
    if (v === null || typeof v === "boolean") return v;
    if (v === undefined || typeof v === "function" || typeof v === "symbol") return undefined;
    if (v instanceof Error) return { name: v.name, message: text(v.message) };
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1) ?? null);
    if (v instanceof Map) return walk(Object.fromEntries(v), depth);
    if (v instanceof Set) return walk([...v], depth);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const key = text(k);
      if (SECRET_KEY_RE.test(k)) {
        out[key] = REDACTED;
        continue;
      }
      const w = walk(x, depth + 1);
      if (w !== undefined) out[key] = w;
    }
    return out;
  };

  return { value: (v) => walk(v, 0), text, leaks };
}

/** HL_PRIVATE_KEY from the environment when the process may read it; [] otherwise. */
export function envSecrets(): string[] {
  try {
    const status = Deno.permissions.querySync({ name: "env", variable: "HL_PRIVATE_KEY" });
    if (status.state !== "granted") return [];
    const key = Deno.env.get("HL_PRIVATE_KEY");
    return key && key.trim().length > 0 ? [key] : [];
  } catch {
    return [];
  }
}
