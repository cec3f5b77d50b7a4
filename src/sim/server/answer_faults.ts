/**
 * Faults that make the simulator give answers only the real exchange gives (issue 8): bare
 * `waitingForFill` / `waitingForTrigger` order statuses, a whole-action `{"status":"err"}` for an
 * order or cancel batch, a userFills snapshot without `isSnapshot`, an `error`-channel message
 * instead of a post answer, and an HTTP 5xx with an HTML body. Driven by `POST /sim/faults`
 * (keys below, alongside those of sim_faults.ts); `clear` resets them too.
 */
import { z } from "zod";
import type { SimAnswer } from "../market/api.ts";

const count = z.number().int().nonnegative().max(1_000_000);

/** The `/sim/faults` keys handled here. */
export const answerFaultRequestSchema = z.object({
  /** The next `count` order statuses (order/batchModify) that would say resting or filled are
   * answered with this bare string instead; the order itself executes normally. */
  waitingStatus: z.object({
    count,
    status: z.enum(["waitingForFill", "waitingForTrigger"]).default("waitingForFill"),
  }).optional(),
  /** The next `count` actions of these types (default order, batchModify, cancel,
   * cancelByCloid) are refused whole with `{"status":"err","response":text}`; nothing runs. */
  actionErr: z.object({
    count,
    types: z.array(z.string()).optional(),
    text: z.string().min(1).optional(),
  }).optional(),
  /** userFills subscription snapshots are sent without `isSnapshot` (true = until cleared). */
  untaggedFillSnapshots: z.boolean().optional(),
  /** The next `count` WS action posts are answered on the `error` channel (as a post the
   * server could not parse), not on `post`; nothing runs. */
  postErrorChannel: z.object({ count }).optional(),
  /** The next `count` HTTP requests to `path` get `status` with an HTML body (a proxy's error
   * page); nothing runs. */
  html5xx: z.object({
    count,
    status: z.number().int().min(500).max(599).default(502),
    path: z.enum(["exchange", "info"]).default("exchange"),
  }).optional(),
});

/** A parsed `/sim/faults` request, the part handled here. */
export type AnswerFaultRequest = z.infer<typeof answerFaultRequestSchema>;

const DEFAULT_ERR_TYPES = ["order", "batchModify", "cancel", "cancelByCloid"];
/** Default text of an injected whole-action refusal (a pre-validation error, reference §4.9). */
export const DEFAULT_ACTION_ERR_TEXT = "Order price too far from oracle";

const STATUS_TEXT: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The error page a reverse proxy serves for `status`. */
export function htmlErrorPage(status: number): string {
  const text = `${status} ${STATUS_TEXT[status] ?? "Server Error"}`;
  return `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;
}

function actionType(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const action = (body as { action?: unknown }).action;
  if (typeof action !== "object" || action === null) return undefined;
  const type = (action as { type?: unknown }).type;
  return typeof type === "string" ? type : undefined;
}

/** State of the answer faults, and the hooks the server and WS hub call. */
export class AnswerFaults {
  #waitingLeft = 0;
  #waitingStatus: "waitingForFill" | "waitingForTrigger" = "waitingForFill";
  #errLeft = 0;
  #errTypes: readonly string[] = DEFAULT_ERR_TYPES;
  #errText = DEFAULT_ACTION_ERR_TEXT;
  #untaggedSnapshots = false;
  #postErrorsLeft = 0;
  #htmlLeft = 0;
  #htmlStatus = 502;
  #htmlPath: "exchange" | "info" = "exchange";
  /** How many answers each fault changed (for /sim/stats). */
  readonly injected = {
    waitingStatus: 0,
    actionErr: 0,
    untaggedFillSnapshots: 0,
    postErrorChannel: 0,
    html5xx: 0,
  };

  clear(): void {
    this.#waitingLeft = 0;
    this.#errLeft = 0;
    this.#untaggedSnapshots = false;
    this.#postErrorsLeft = 0;
    this.#htmlLeft = 0;
  }

  apply(req: AnswerFaultRequest): void {
    if (req.waitingStatus) {
      this.#waitingLeft = req.waitingStatus.count;
      this.#waitingStatus = req.waitingStatus.status;
    }
    if (req.actionErr) {
      this.#errLeft = req.actionErr.count;
      this.#errTypes = req.actionErr.types ?? DEFAULT_ERR_TYPES;
      this.#errText = req.actionErr.text ?? DEFAULT_ACTION_ERR_TEXT;
    }
    if (req.untaggedFillSnapshots !== undefined) {
      this.#untaggedSnapshots = req.untaggedFillSnapshots;
    }
    if (req.postErrorChannel) this.#postErrorsLeft = req.postErrorChannel.count;
    if (req.html5xx) {
      this.#htmlLeft = req.html5xx.count;
      this.#htmlStatus = req.html5xx.status;
      this.#htmlPath = req.html5xx.path;
    }
  }

  /** An HTML 5xx page for this HTTP request, or null. */
  takeHtml5xx(path: "exchange" | "info"): { status: number; html: string } | null {
    if (this.#htmlLeft <= 0 || path !== this.#htmlPath) return null;
    this.#htmlLeft--;
    this.injected.html5xx++;
    return { status: this.#htmlStatus, html: htmlErrorPage(this.#htmlStatus) };
  }

  /** A whole-action refusal for this `/exchange` body, or null (checked before anything runs). */
  takeActionErr(body: unknown): SimAnswer | null {
    if (this.#errLeft <= 0) return null;
    const type = actionType(body);
    if (type === undefined || !this.#errTypes.includes(type)) return null;
    this.#errLeft--;
    this.injected.actionErr++;
    return { httpStatus: 200, body: { status: "err", response: this.#errText } };
  }

  /** Replace resting/filled statuses of an order answer by the bare waiting status. */
  rewriteStatuses(answer: SimAnswer): SimAnswer {
    if (this.#waitingLeft <= 0 || answer.httpStatus !== 200) return answer;
    const body = answer.body as {
      status?: unknown;
      response?: { type?: unknown; data?: { statuses?: unknown } };
    } | null;
    const statuses = body?.response?.data?.statuses;
    if (body?.status !== "ok" || body.response?.type !== "order" || !Array.isArray(statuses)) {
      return answer;
    }
    const rewritten = statuses.map((s) => {
      const placed = typeof s === "object" && s !== null && ("resting" in s || "filled" in s);
      if (!placed || this.#waitingLeft <= 0) return s;
      this.#waitingLeft--;
      this.injected.waitingStatus++;
      return this.#waitingStatus;
    });
    return {
      httpStatus: 200,
      body: { ...body, response: { ...body.response, data: { statuses: rewritten } } },
    };
  }

  /** The userFills snapshot data to send (without `isSnapshot` while the fault is on). */
  fillSnapshot(data: unknown): unknown {
    if (!this.#untaggedSnapshots || typeof data !== "object" || data === null) return data;
    this.injected.untaggedFillSnapshots++;
    const { isSnapshot: _dropped, ...rest } = data as Record<string, unknown>;
    return rest;
  }

  /** True when this WS action post is to be answered on the `error` channel instead. */
  takePostError(): boolean {
    if (this.#postErrorsLeft <= 0) return false;
    this.#postErrorsLeft--;
    this.injected.postErrorChannel++;
    return true;
  }

  toJSON(): Record<string, unknown> {
    return {
      waitingStatusLeft: this.#waitingLeft,
      actionErrLeft: this.#errLeft,
      untaggedFillSnapshots: this.#untaggedSnapshots,
      postErrorChannelLeft: this.#postErrorsLeft,
      html5xxLeft: this.#htmlLeft,
      injected: { ...this.injected },
    };
  }
}
