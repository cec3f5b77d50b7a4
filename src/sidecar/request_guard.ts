/**
 * Who may talk to the sidecar, decided before any route runs:
 * - the Host header must name one of the allowed host names (loopback by default), so a web page
 *   that rebinds its own DNS name to 127.0.0.1 cannot read /state or /config;
 * - a mutating request (anything but GET, HEAD, OPTIONS) that comes from a browser page of
 *   another origin (an `Origin` header that is not this very host, or `Sec-Fetch-Site` other
 *   than same-origin/none) is refused. Requests without those headers (curl, scripts) pass on to
 *   the bearer-token check.
 * Pure: the decision depends only on the method, the headers and the allowed names.
 */

/** Why a request was refused, or null when it may go on. */
export type GuardRefusal = {
  readonly kind: "host" | "origin";
  readonly status: 403;
  readonly error: string;
} | null;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Lower case, without the port, brackets or a trailing dot: "[::1]:8787" -> "::1". */
export function hostName(hostHeader: string): string {
  let h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    h = end > 0 ? h.slice(1, end) : h.slice(1);
  } else if (h.indexOf(":") === h.lastIndexOf(":")) {
    const colon = h.indexOf(":");
    if (colon >= 0) h = h.slice(0, colon);
  }
  return h.endsWith(".") ? h.slice(0, -1) : h;
}

/** The allowed names, normalized once (brackets and case do not matter). */
export function allowedHostSet(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((n) => hostName(n.includes(":") && !n.startsWith("[") ? `[${n}]` : n)));
}

/** The parts of a request the guard looks at. */
export interface GuardInput {
  readonly method: string;
  /** The Host header (or the request URL's host when there is none). */
  readonly host: string;
  readonly origin: string | undefined;
  readonly secFetchSite: string | undefined;
}

/** Decide whether the request may reach the routes. */
export function guardRequest(req: GuardInput, allowed: ReadonlySet<string>): GuardRefusal {
  if (!allowed.has(hostName(req.host))) {
    return { kind: "host", status: 403, error: "host not allowed (see sidecar.allowed_hosts)" };
  }
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  const site = req.secFetchSite?.toLowerCase();
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return { kind: "origin", status: 403, error: "cross-origin request refused" };
  }
  if (req.origin === undefined) return null;
  let originHost: string;
  try {
    originHost = new URL(req.origin).host.toLowerCase();
  } catch {
    return { kind: "origin", status: 403, error: "cross-origin request refused" };
  }
  return originHost === req.host.trim().toLowerCase()
    ? null
    : { kind: "origin", status: 403, error: "cross-origin request refused" };
}
