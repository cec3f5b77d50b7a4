/** Fault injection state driven by `POST /sim/faults`. */
import { z } from "zod";

/** The body of `POST /sim/faults`: which failures to inject next. */
export const faultRequestSchema = z.object({
  /** Reset every fault first. */
  clear: z.boolean().optional(),
  /** Close every WebSocket connection now. */
  dropWsConnections: z.boolean().optional(),
  /** Stop answering pings: for this many ms, or until cleared when null. */
  stopPongsMs: z.number().int().nonnegative().nullable().optional(),
  /** Delay `/exchange` (and WS action posts) by this many ms... */
  exchangeDelayMs: z.number().int().nonnegative().max(600_000).optional(),
  /** ...for the next N requests (absent: until cleared). */
  exchangeDelayCount: z.number().int().nonnegative().optional(),
  /** Fail the next N `/exchange` requests (and WS action posts) with an HTTP 5xx. */
  exchangeFailCount: z.number().int().nonnegative().optional(),
  exchangeFailStatus: z.number().int().min(500).max(599).optional(),
  /** Send this many malformed frames to every WS client now. */
  malformedWsFrames: z.number().int().nonnegative().max(1000).optional(),
  /** Answer the next N REST requests with HTTP 429. */
  force429Count: z.number().int().nonnegative().optional(),
  /**
   * Half-open: freeze every open WebSocket in both directions without closing it (nothing is
   * sent to it, nothing it sends is read) for this many ms, or until cleared when null. New
   * connections are not frozen.
   */
  freezeWsMs: z.number().int().nonnegative().nullable().optional(),
  /** Silent stream: withhold subscription pushes (pongs and post answers still flow). */
  muteWsPushesMs: z.number().int().nonnegative().nullable().optional(),
  /** Fail the next N `/info` requests with an HTTP 5xx (`infoFailStatus`, default 502). */
  infoFailCount: z.number().int().nonnegative().optional(),
  infoFailStatus: z.number().int().min(500).max(599).optional(),
  /** Delay `/info` answers by this many ms for the next `infoDelayCount` requests. */
  infoDelayMs: z.number().int().nonnegative().max(600_000).optional(),
  infoDelayCount: z.number().int().nonnegative().optional(),
  /**
   * Lost answers: the next N `/exchange` requests (and WS action posts) execute, but their
   * answer is never sent (the request hangs until the client gives up).
   */
  exchangeLoseAnswerCount: z.number().int().nonnegative().optional(),
  /** Stamp the next N WS bbo frames `futureStampMs` (default 1 h) ahead of the server's time. */
  futureBboFrames: z.number().int().nonnegative().optional(),
  futureStampMs: z.number().int().nonnegative().optional(),
});

/** A parsed `POST /sim/faults` body. */
export type FaultRequest = z.infer<typeof faultRequestSchema>;

/** The faults currently armed; the server consults it on each request, pong and push. */
export class SimFaults {
  /** Pongs are withheld while now < this (Infinity = until cleared). */
  noPongsUntilMs = 0;
  exchangeDelayMs = 0;
  /** Remaining delayed requests; null = every request until cleared. */
  exchangeDelayLeft: number | null = 0;
  exchangeFailLeft = 0;
  exchangeFailStatus = 503;
  force429Left = 0;
  /** Subscription pushes are withheld while now < this. */
  mutedPushesUntilMs = 0;
  infoFailLeft = 0;
  infoFailStatus = 502;
  infoDelayMs = 0;
  infoDelayLeft = 0;
  exchangeLoseAnswerLeft = 0;
  futureBboLeft = 0;
  futureStampMs = 3_600_000;

  clear(): void {
    this.mutedPushesUntilMs = 0;
    this.infoFailLeft = 0;
    this.infoFailStatus = 502;
    this.infoDelayMs = 0;
    this.infoDelayLeft = 0;
    this.exchangeLoseAnswerLeft = 0;
    this.futureBboLeft = 0;
    this.futureStampMs = 3_600_000;
    this.noPongsUntilMs = 0;
    this.exchangeDelayMs = 0;
    this.exchangeDelayLeft = 0;
    this.exchangeFailLeft = 0;
    this.exchangeFailStatus = 503;
    this.force429Left = 0;
  }

  /** Apply the persistent parts of a request (one-shot parts are handled by the server). */
  apply(req: FaultRequest, nowMs: number): void {
    if (req.clear) this.clear();
    if (req.stopPongsMs !== undefined) {
      this.noPongsUntilMs = req.stopPongsMs === null ? Infinity : nowMs + req.stopPongsMs;
    }
    if (req.exchangeDelayMs !== undefined) {
      this.exchangeDelayMs = req.exchangeDelayMs;
      this.exchangeDelayLeft = req.exchangeDelayCount ?? null;
    }
    if (req.exchangeFailCount !== undefined) this.exchangeFailLeft = req.exchangeFailCount;
    if (req.exchangeFailStatus !== undefined) this.exchangeFailStatus = req.exchangeFailStatus;
    if (req.force429Count !== undefined) this.force429Left = req.force429Count;
    if (req.muteWsPushesMs !== undefined) {
      this.mutedPushesUntilMs = req.muteWsPushesMs === null ? Infinity : nowMs + req.muteWsPushesMs;
    }
    if (req.infoFailCount !== undefined) this.infoFailLeft = req.infoFailCount;
    if (req.infoFailStatus !== undefined) this.infoFailStatus = req.infoFailStatus;
    if (req.infoDelayMs !== undefined) {
      this.infoDelayMs = req.infoDelayMs;
      this.infoDelayLeft = req.infoDelayCount ?? 1;
    }
    if (req.exchangeLoseAnswerCount !== undefined) {
      this.exchangeLoseAnswerLeft = req.exchangeLoseAnswerCount;
    }
    if (req.futureBboFrames !== undefined) this.futureBboLeft = req.futureBboFrames;
    if (req.futureStampMs !== undefined) this.futureStampMs = req.futureStampMs;
  }

  pushesAllowed(nowMs: number): boolean {
    return nowMs >= this.mutedPushesUntilMs;
  }

  /** Take one info failure status, if any is pending. */
  takeInfoFailure(): number | null {
    if (this.infoFailLeft <= 0) return null;
    this.infoFailLeft--;
    return this.infoFailStatus;
  }

  /** Take one info delay (ms), 0 when none. */
  takeInfoDelay(): number {
    if (this.infoDelayMs <= 0 || this.infoDelayLeft <= 0) return 0;
    this.infoDelayLeft--;
    return this.infoDelayMs;
  }

  /** Take one lost exchange answer, if any is pending. */
  takeLostAnswer(): boolean {
    if (this.exchangeLoseAnswerLeft <= 0) return false;
    this.exchangeLoseAnswerLeft--;
    return true;
  }

  /** How far ahead to stamp the next bbo frame (0: as it is). */
  takeFutureStamp(): number {
    if (this.futureBboLeft <= 0) return 0;
    this.futureBboLeft--;
    return this.futureStampMs;
  }

  pongsAllowed(nowMs: number): boolean {
    return nowMs >= this.noPongsUntilMs;
  }

  /** Take one forced 429, if any is pending. */
  take429(): boolean {
    if (this.force429Left <= 0) return false;
    this.force429Left--;
    return true;
  }

  /** Take one exchange failure status, if any is pending. */
  takeExchangeFailure(): number | null {
    if (this.exchangeFailLeft <= 0) return null;
    this.exchangeFailLeft--;
    return this.exchangeFailStatus;
  }

  /** Take one exchange delay (ms), 0 when none. */
  takeExchangeDelay(): number {
    if (this.exchangeDelayMs <= 0) return 0;
    if (this.exchangeDelayLeft === null) return this.exchangeDelayMs;
    if (this.exchangeDelayLeft <= 0) return 0;
    this.exchangeDelayLeft--;
    return this.exchangeDelayMs;
  }

  toJSON(): Record<string, unknown> {
    return {
      noPongsUntilMs: this.noPongsUntilMs === Infinity ? "cleared-only" : this.noPongsUntilMs,
      exchangeDelayMs: this.exchangeDelayMs,
      exchangeDelayLeft: this.exchangeDelayLeft,
      exchangeFailLeft: this.exchangeFailLeft,
      exchangeFailStatus: this.exchangeFailStatus,
      force429Left: this.force429Left,
      mutedPushesUntilMs: this.mutedPushesUntilMs === Infinity
        ? "cleared-only"
        : this.mutedPushesUntilMs,
      infoFailLeft: this.infoFailLeft,
      infoDelayMs: this.infoDelayMs,
      infoDelayLeft: this.infoDelayLeft,
      exchangeLoseAnswerLeft: this.exchangeLoseAnswerLeft,
      futureBboLeft: this.futureBboLeft,
    };
  }
}
