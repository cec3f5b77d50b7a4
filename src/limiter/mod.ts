/** The limiter: REST weight bucket, weights, WS budget and in-flight gate, address budget. */
export * from "./token_bucket.ts";
export * from "./weights.ts";
export * from "./ws_budget.ts";
export * from "./in_flight_gate.ts";
export * from "./address_budget.ts";
export * from "./lane_limiter.ts";
