/** Counters served on `GET /sim/stats` (reading them never touches any limit). */
export interface IpCounters {
  requests: number;
  weight: number;
  http429: number;
}

/**
 * What the simulator saw and refused, per IP and in total, served on `GET /sim/stats` for tests and
 * demos.
 */
export class SimStats {
  readonly perIp = new Map<string, IpCounters>();
  http429 = 0;
  http5xxInjected = 0;
  /** Exchange requests executed whose answer was withheld (fault `exchangeLoseAnswerCount`). */
  exchangeAnswersLost = 0;
  /** Exchange requests held by the `exchangeDelayMs` fault that have since been handled. */
  exchangeDelayedHandled = 0;
  http422 = 0;
  http413 = 0;
  readonly exchangeActionsByType = new Map<string, number>();
  readonly exchangeRefusals = new Map<string, number>();
  wsMessagesSent = 0;
  wsMessagesReceived = 0;
  wsConnectionsOpen = 0;
  wsConnectionsTotal = 0;
  wsConnectionsRefused = 0;
  wsErrorsSent = 0;
  wsPosts = 0;

  ip(ip: string): IpCounters {
    let c = this.perIp.get(ip);
    if (!c) {
      c = { requests: 0, weight: 0, http429: 0 };
      this.perIp.set(ip, c);
    }
    return c;
  }

  countAction(type: string): void {
    this.exchangeActionsByType.set(type, (this.exchangeActionsByType.get(type) ?? 0) + 1);
  }

  countRefusal(kind: string): void {
    this.exchangeRefusals.set(kind, (this.exchangeRefusals.get(kind) ?? 0) + 1);
  }

  toJSON(core: Record<string, unknown>): Record<string, unknown> {
    return {
      http: {
        perIp: Object.fromEntries(this.perIp),
        http429: this.http429,
        http422: this.http422,
        http413: this.http413,
        http5xxInjected: this.http5xxInjected,
      },
      exchange: {
        actionsByType: Object.fromEntries(this.exchangeActionsByType),
        refusals: Object.fromEntries(this.exchangeRefusals),
        answersLost: this.exchangeAnswersLost,
        delayedHandled: this.exchangeDelayedHandled,
      },
      ws: {
        messagesSent: this.wsMessagesSent,
        messagesReceived: this.wsMessagesReceived,
        connectionsOpen: this.wsConnectionsOpen,
        connectionsTotal: this.wsConnectionsTotal,
        connectionsRefused: this.wsConnectionsRefused,
        errorsSent: this.wsErrorsSent,
        posts: this.wsPosts,
      },
      core,
    };
  }
}
