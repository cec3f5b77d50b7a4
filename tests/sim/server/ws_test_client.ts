/** A minimal WebSocket client for tests: queue of parsed frames, wait for a matching one. */
export interface WsFrame {
  channel?: string;
  data?: unknown;
  raw: string;
}

export class WsTestClient {
  readonly frames: WsFrame[] = [];
  readonly #waiters: { match: (f: WsFrame) => boolean; resolve: (f: WsFrame) => void }[] = [];
  #closed: Promise<CloseEvent>;
  closeEvent: CloseEvent | null = null;

  private constructor(readonly socket: WebSocket) {
    const { promise, resolve } = Promise.withResolvers<CloseEvent>();
    this.#closed = promise;
    socket.onclose = (e) => {
      this.closeEvent = e;
      resolve(e);
    };
    socket.onmessage = (e) => {
      const raw = String(e.data);
      let frame: WsFrame = { raw };
      try {
        const parsed = JSON.parse(raw);
        frame = { ...parsed, raw };
      } catch {
        frame = { raw };
      }
      const i = this.#waiters.findIndex((w) => w.match(frame));
      if (i >= 0) {
        const [w] = this.#waiters.splice(i, 1);
        w?.resolve(frame);
      } else {
        this.frames.push(frame);
      }
    };
  }

  static async open(url: string): Promise<WsTestClient> {
    const socket = new WebSocket(url);
    const c = new WsTestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new Error("ws open failed"));
    });
    return c;
  }

  send(msg: unknown): void {
    this.socket.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }

  /** Resolve with the first (queued or future) frame matching `match`; reject after timeoutMs. */
  next(match: (f: WsFrame) => boolean, timeoutMs = 5000): Promise<WsFrame> {
    const i = this.frames.findIndex(match);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0] as WsFrame);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (f: WsFrame) => {
          clearTimeout(t);
          resolve(f);
        },
      };
      const t = setTimeout(() => {
        const j = this.#waiters.indexOf(waiter);
        if (j >= 0) this.#waiters.splice(j, 1);
        reject(new Error("timed out waiting for a ws frame"));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  channel(name: string, timeoutMs = 5000): Promise<WsFrame> {
    return this.next((f) => f.channel === name, timeoutMs);
  }

  /** Wait until the server closes the socket. */
  closed(): Promise<CloseEvent> {
    return this.#closed;
  }

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.#closed;
  }
}
