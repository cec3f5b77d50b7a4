import type { z } from "zod";

/**
 * A configuration problem the operator must fix. `main.ts` prints the message and exits with
 * `exitCode` (2). Messages name the source (file or variable), the JSON path and what was
 * expected, and never contain secret values.
 */
export class ConfigError extends Error {
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** `$.coins[0].spread_bps` style path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = "$";
  for (const key of path) {
    out += typeof key === "number" ? `[${key}]` : `.${String(key)}`;
  }
  return out;
}

/** What a zod issue expected, without zod's prefixes ("expected number to be >=10"). */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${
        issue.keys.map((k) => `"${k}"`).join(", ")
      }`;
    case "invalid_type":
      return issue.message.replace(/^Invalid input: /, "");
    case "too_small":
    case "too_big":
      return issue.message.replace(/^Too (small|big): /, "");
    default:
      return issue.message.replace(/^Invalid (input|option): /, "");
  }
}

/** One line per zod issue, each naming the source and the JSON path. */
export function formatIssues(source: string, issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${source}: ${jsonPath(issue.path)}: ${describeIssue(issue)}`)
    .join("\n");
}
