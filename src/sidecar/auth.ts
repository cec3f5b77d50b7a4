/**
 * Bearer-token check for the mutating routes. No token configured: the routes are disabled
 * (403). Missing or wrong token: 401. Tokens are compared in constant time (SHA-256 of both,
 * then a full XOR over the digests), so neither content nor length leaks through timing.
 */

/**
 * Whether a request may use a mutating route, and if not the status (401/403) and message to
 * answer.
 */
export type AuthResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly error: string };

const encoder = new TextEncoder();

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/** Constant-time equality of two strings (time depends on neither content nor length). */
export async function timingSafeEqualText(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([sha256(a), sha256(b)]);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * Check a request's `Authorization: Bearer` header against the configured token (none configured:
 * 403).
 */
export async function checkBearer(
  configured: string | undefined,
  authorization: string | undefined,
): Promise<AuthResult> {
  if (configured === undefined || configured.length === 0) {
    return {
      ok: false,
      status: 403,
      error: "mutating routes are disabled: no HL_SIDECAR_TOKEN configured",
    };
  }
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) {
    return { ok: false, status: 401, error: "missing bearer token" };
  }
  const ok = await timingSafeEqualText(match[1], configured);
  return ok ? { ok: true } : { ok: false, status: 401, error: "invalid bearer token" };
}
