/**
 * Zod validation of WS server frames and their conversion to core feed data. Wire names stay
 * here (and in src/wire/wire_schemas.ts); the feed class sees only typed frames.
 */
import { z } from "zod";
import type { BookLevel, Fill, OrderUpdate } from "../core/types.ts";
import { bookLevel, bookLevels, fill, intNumber, orderUpdate } from "../wire/wire_schemas.ts";

const l2BookData = z.object({ coin: z.string(), time: intNumber, levels: bookLevels });

const bboData = z.object({
  coin: z.string(),
  time: intNumber,
  bbo: z.tuple([bookLevel.nullable(), bookLevel.nullable()]),
});

const userFillsData = z.object({
  isSnapshot: z.boolean().nullish(),
  user: z.string().optional(),
  fills: z.array(fill),
});

const subscriptionResponseData = z.object({
  method: z.enum(["subscribe", "unsubscribe"]),
  subscription: z.record(z.string(), z.unknown()),
});

const postData = z.object({
  id: intNumber,
  response: z.union([
    z.object({ type: z.enum(["info", "action"]), payload: z.unknown() }),
    z.object({ type: z.literal("error"), payload: z.unknown() }),
  ]),
});

const envelope = z.object({ channel: z.string(), data: z.unknown().optional() });

/** One WS server frame, validated and in core types: what the feed class acts on. */
export type Frame =
  | { readonly kind: "pong" }
  | {
    readonly kind: "subscriptionResponse";
    readonly method: "subscribe" | "unsubscribe";
    readonly subscription: Readonly<Record<string, unknown>>;
  }
  | {
    readonly kind: "l2Book";
    readonly coin: string;
    readonly timeMs: number;
    readonly bids: BookLevel[];
    readonly asks: BookLevel[];
  }
  | {
    readonly kind: "bbo";
    readonly coin: string;
    readonly timeMs: number;
    readonly bid: BookLevel | null;
    readonly ask: BookLevel | null;
  }
  | { readonly kind: "orderUpdates"; readonly updates: OrderUpdate[] }
  | {
    readonly kind: "userFills";
    readonly fills: Fill[];
    readonly isSnapshot: boolean;
    /** False when the frame has no `isSnapshot` at all (the feed decides from context). */
    readonly snapshotTagged: boolean;
  }
  | {
    readonly kind: "post";
    readonly id: number;
    readonly responseType: "info" | "action" | "error";
    readonly payload: unknown;
  }
  | { readonly kind: "error"; readonly message: string }
  /** A well-formed frame of a channel the feed does not use. */
  | { readonly kind: "other"; readonly channel: string };

/**
 * Result of parsing a frame: the frame, ignorable text, or a reason it is malformed (counted, never
 * thrown).
 */
export type FrameParse =
  | { readonly ok: true; readonly frame: Frame }
  /** Plain text such as "Websocket connection established.": ignore, not malformed. */
  | { readonly ok: false; readonly ignorable: true }
  | { readonly ok: false; readonly ignorable: false; readonly reason: string };

function describe(error: z.ZodError): string {
  return error.message.slice(0, 300);
}

/** Parse one text frame. Never throws. */
export function parseFrame(text: string): FrameParse {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
    return { ok: false, ignorable: true };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, ignorable: false, reason: "bad JSON" };
  }
  const env = envelope.safeParse(json);
  if (!env.success) return { ok: false, ignorable: false, reason: "no channel" };
  const { channel, data } = env.data;
  const bad = (error: z.ZodError): FrameParse => ({
    ok: false,
    ignorable: false,
    reason: `${channel}: ${describe(error)}`,
  });
  switch (channel) {
    case "pong":
      return { ok: true, frame: { kind: "pong" } };
    case "subscriptionResponse": {
      const r = subscriptionResponseData.safeParse(data);
      if (!r.success) return bad(r.error);
      return {
        ok: true,
        frame: {
          kind: "subscriptionResponse",
          method: r.data.method,
          subscription: r.data.subscription,
        },
      };
    }
    case "l2Book": {
      const r = l2BookData.safeParse(data);
      if (!r.success) return bad(r.error);
      return {
        ok: true,
        frame: {
          kind: "l2Book",
          coin: r.data.coin,
          timeMs: r.data.time,
          bids: r.data.levels[0],
          asks: r.data.levels[1],
        },
      };
    }
    case "bbo": {
      const r = bboData.safeParse(data);
      if (!r.success) return bad(r.error);
      return {
        ok: true,
        frame: {
          kind: "bbo",
          coin: r.data.coin,
          timeMs: r.data.time,
          bid: r.data.bbo[0],
          ask: r.data.bbo[1],
        },
      };
    }
    case "orderUpdates": {
      const r = z.array(orderUpdate).safeParse(data);
      if (!r.success) return bad(r.error);
      return { ok: true, frame: { kind: "orderUpdates", updates: r.data } };
    }
    case "userFills": {
      const r = userFillsData.safeParse(data);
      if (!r.success) return bad(r.error);
      return {
        ok: true,
        frame: {
          kind: "userFills",
          fills: r.data.fills,
          isSnapshot: r.data.isSnapshot === true,
          snapshotTagged: r.data.isSnapshot !== undefined && r.data.isSnapshot !== null,
        },
      };
    }
    case "post": {
      const r = postData.safeParse(data);
      if (!r.success) return bad(r.error);
      return {
        ok: true,
        frame: {
          kind: "post",
          id: r.data.id,
          responseType: r.data.response.type,
          payload: r.data.response.payload,
        },
      };
    }
    case "error": {
      const r = z.string().safeParse(data);
      if (!r.success) return bad(r.error);
      return { ok: true, frame: { kind: "error", message: r.data } };
    }
    default:
      return { ok: true, frame: { kind: "other", channel } };
  }
}

/** `too many pending post requests id=<id>` -> id, else undefined. */
export function pendingPostRefusalId(message: string): number | undefined {
  const m = /too many pending post requests.*?id\s*=\s*(\d+)/i.exec(message);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/**
 * The id of a `post` request echoed in an `error`-channel text (a request the server could not
 * read comes back as "<text>: {…the request…}"), else undefined. Only the echoed JSON is read.
 */
export function echoedPostId(message: string): number | undefined {
  const start = message.indexOf("{");
  if (start < 0) return undefined;
  let echo: unknown;
  try {
    echo = JSON.parse(message.slice(start));
  } catch {
    return undefined;
  }
  if (typeof echo !== "object" || echo === null) return undefined;
  const { method, id } = echo as { method?: unknown; id?: unknown };
  return method === "post" && typeof id === "number" && Number.isSafeInteger(id) ? id : undefined;
}
