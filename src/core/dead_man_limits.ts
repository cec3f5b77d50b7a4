/**
 * Limits of the exchange's dead-man's switch (`scheduleCancel`, reference §4.6), shared by the
 * config schema (which refuses windows the exchange cannot honour) and the engine's schedule.
 */

/** The exchange refuses a `scheduleCancel` time less than this far after its own clock. */
export const SCHEDULE_CANCEL_MIN_AHEAD_MS = 5_000;

/** Margin kept above that minimum for latency and clock skew (a time sent exactly on it fails). */
export const SCHEDULE_CANCEL_MARGIN_MS = 2_000;

/** The smallest `dead_man_switch_ms` the bot accepts: the exchange minimum plus the margin. */
export const MIN_DEAD_MAN_SWITCH_MS = SCHEDULE_CANCEL_MIN_AHEAD_MS + SCHEDULE_CANCEL_MARGIN_MS;
