/**
 * Per-IP REST weight limit: a sliding 60 s window. A request is admitted when the weight admitted
 * in the last `windowMs` plus its own weight is at most `limit`; refused requests use nothing.
 * Weight therefore comes back exactly `windowMs` after it was spent.
 */
export class IpWeightWindow {
  readonly #log = new Map<string, { t: number; w: number }[]>();

  constructor(readonly limit: number, readonly windowMs = 60_000) {}

  #prune(ip: string, nowMs: number): { t: number; w: number }[] {
    const log = this.#log.get(ip) ?? [];
    while (log.length > 0 && (log[0]?.t ?? 0) <= nowMs - this.windowMs) log.shift();
    if (log.length === 0) this.#log.delete(ip);
    else this.#log.set(ip, log);
    return log;
  }

  used(ip: string, nowMs: number): number {
    return this.#prune(ip, nowMs).reduce((n, e) => n + e.w, 0);
  }

  /** Admit and charge `weight`, or return false (answer HTTP 429). */
  tryCharge(ip: string, weight: number, nowMs: number): boolean {
    if (this.used(ip, nowMs) + weight > this.limit) return false;
    this.charge(ip, weight, nowMs);
    return true;
  }

  /** Charge without checking (surcharges computed after answering). */
  charge(ip: string, weight: number, nowMs: number): void {
    if (weight <= 0) return;
    const log = this.#log.get(ip) ?? [];
    log.push({ t: nowMs, w: weight });
    this.#log.set(ip, log);
  }
}
