/**
 * Client order ids: `0x` + 32 lowercase hex digits, laid out as
 *   8 hex bot tag | 8 hex random session id | 16 hex counter.
 * The tag marks every order of this bot (any run), the session id is drawn once per process from
 * an injected random source, and the counter makes ids unique within the process.
 */
import type { Cloid } from "../../core/types.ts";

/** Default bot tag: "hlmm" in ASCII. */
export const DEFAULT_CLOID_TAG = "686c6d6d";

const CLOID_RE = /^0x[0-9a-f]{32}$/;

/** Injected randomness and bot tag of a `CloidSource` (tests pin both). */
export interface CloidSourceOptions {
  /** Fills `bytes` with random values; default `crypto.getRandomValues`. */
  readonly randomBytes?: (bytes: Uint8Array) => void;
  /** 8 lowercase hex digits marking this bot's orders. */
  readonly tagHex?: string;
}

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Hands out unique cloids carrying this bot's tag, so our orders can be told apart from others on
 * the account.
 */
export class CloidSource {
  readonly tagHex: string;
  readonly sessionHex: string;
  #counter = 0n;

  constructor(opts: CloidSourceOptions = {}) {
    const tagHex = opts.tagHex ?? DEFAULT_CLOID_TAG;
    if (!/^[0-9a-f]{8}$/.test(tagHex)) throw new RangeError(`bad cloid tag ${tagHex}`);
    this.tagHex = tagHex;
    const session = new Uint8Array(4);
    (opts.randomBytes ?? ((b) => crypto.getRandomValues(b)))(session);
    this.sessionHex = hex(session);
  }

  /** A fresh cloid, never returned before by this source. */
  next(): Cloid {
    this.#counter += 1n;
    return `0x${this.tagHex}${this.sessionHex}${this.#counter.toString(16).padStart(16, "0")}`;
  }

  /** True if `cloid` carries this bot's tag (this run or an earlier one). */
  isOurs(cloid: string | undefined): boolean {
    return cloid !== undefined && CLOID_RE.test(cloid) && cloid.slice(2, 10) === this.tagHex;
  }

  /** True if `cloid` was made by this very source (this process). */
  isThisSession(cloid: string | undefined): boolean {
    return this.isOurs(cloid) && cloid!.slice(10, 18) === this.sessionHex;
  }
}
