/**
 * The one place where the exchange's English rejection texts are read (reference §4.9, §2.6,
 * §2.5, §7.6): a refusal becomes a typed `RejectReason` plus whether it refused the whole action
 * before any item was touched. Everything else switches on the type; the text is kept for logs.
 */
import type { Rejected, RejectReason } from "../core/types.ts";

/** Text patterns, first match wins (checked case-insensitively). */
const RULES: readonly (readonly [RegExp, RejectReason])[] = [
  [/too many cumulative requests/i, "addressBudget"],
  [/\b429\b|too many requests|too many pending post requests|rate.?limit/i, "rateLimited"],
  [/invalid nonce|\bnonce\b/i, "nonce"],
  [/never placed, already canceled, or filled/i, "alreadyGone"],
  [/post only order would have immediately matched/i, "postOnlyWouldMatch"],
  [/minimum value of/i, "minNotional"],
  [/tick size|invalid price|invalid size|zero size|lot size/i, "tickOrLot"],
  [/insufficient margin|margin tier limit/i, "margin"],
];

/** Texts that refuse the whole action before it touches any order (§4.9 "top-level"). */
const WHOLE_ACTION =
  /too many cumulative requests|nonce|signer|weight limit|must deposit|does not exist|expired/i;

/** The typed reason of an exchange refusal text. */
export function rejectReason(text: string): RejectReason {
  for (const [pattern, reason] of RULES) if (pattern.test(text)) return reason;
  return "other";
}

/**
 * A typed refusal. `wholeAction`: the refusal came as the action's top-level error, or its text
 * is one of those that refuse an action before any item is touched (budget, nonce, signer).
 */
export function rejected(text: string, wholeAction = false): Rejected {
  return {
    kind: "rejected",
    reason: rejectReason(text),
    text,
    key: text.replace(/\d[\d.,]*/g, "#"),
    wholeAction: wholeAction || WHOLE_ACTION.test(text),
  };
}
