/**
 * `runBot(options)`: the programmatic entry of hl-mm (main.ts, whole-bot tests, the benchmark,
 * the sidecar's browser test). Contract in ./bot_handle.ts. Wires the real modules (limiters,
 * gateway, feed, signer, sidecar, optionally the embedded simulator) around the engine loop.
 */
import { configCodec } from "../config/config_codec.ts";
import { type BotConfig, lossStateFileFor } from "../config/schema.ts";
import { ConfigError } from "../config/config_error.ts";
import { endpointsFor, loadLimiterSettings, loadSecrets, type Secrets } from "../config/env.ts";
import { systemClock } from "../core/clock.ts";
import type { ExchangeApi, InfoApi } from "../core/ports.ts";
import type { Address, AssetMeta } from "../core/types.ts";
import { Engine } from "../engine/loop/engine.ts";
import { CloidSource } from "../engine/strategy/cloid_source.ts";
import { ExchangeClient } from "../gateway/exchange_client.ts";
import { HttpPoster } from "../gateway/http_poster.ts";
import { HttpRequestTransport, WsPostRequestTransport } from "../gateway/request_transport.ts";
import { InfoClient } from "../gateway/info_client.ts";
import { WsFeed } from "../feed/ws_feed.ts";
import { AddressRequestBudget } from "../limiter/address_budget.ts";
import { FifoInFlightGate } from "../limiter/in_flight_gate.ts";
import { LaneLimiter } from "../limiter/lane_limiter.ts";
import { actionExpiryMs } from "../engine/orders/action_expiry.ts";
import { withStartupRetry } from "../engine/loop/startup_retry.ts";
import { createWeightTable } from "../limiter/weights.ts";
import { createWsMessageBudget } from "../limiter/ws_budget.ts";
import { createLogger } from "../log/json_logger.ts";
import { startSidecar } from "../sidecar/start_sidecar.ts";
import { addressFromPrivateKey } from "../signer/address.ts";
import { NonceSource } from "../signer/nonce.ts";
import { startSim } from "../sim/start_sim.ts";
import { simStartOptions } from "./sim_start_options.ts";
import type { BotHandle, BotResult, RunBotOptions, StopReason } from "./bot_handle.ts";
import { missingKeyMessage } from "./messages.ts";
import { WriteTracker } from "./write_tracker.ts";
import { loadOrRecordLossBaseline, lossStateKey } from "./loss_baseline_store.ts";

export type {
  BotHandle,
  BotResult,
  BotTarget,
  OrderTrace,
  RunBotOptions,
  StopReason,
} from "./bot_handle.ts";

interface Stoppable {
  stop(): Promise<void>;
}

/** Load meta and check every configured coin is listed. */
async function loadAssets(
  info: InfoApi,
  config: BotConfig,
  signal: AbortSignal,
): Promise<Map<string, AssetMeta>> {
  const meta = await info.meta(signal);
  const byCoin = new Map(meta.map((a) => [a.coin, a]));
  const out = new Map<string, AssetMeta>();
  config.coins.forEach((c, i) => {
    const a = byCoin.get(c.coin);
    if (!a || a.isDelisted) {
      throw new ConfigError(
        `config: $.coins[${i}].coin: "${c.coin}" is not a listed perp on ${config.network}`,
      );
    }
    out.set(c.coin, a);
  });
  return out;
}

/**
 * Start the bot (meta, stale-order cancel, loop, sidecar) and resolve with its handle once it
 * quotes; see bot_handle.ts for the lifecycle.
 */
export async function runBot(options: RunBotOptions): Promise<BotHandle> {
  const env = options.env ?? Deno.env.toObject();
  const dryRun = options.dryRun ?? false;
  const limiterSettings = loadLimiterSettings(env);
  const useSim = options.target === undefined && options.sim !== undefined && options.sim !== false;
  // With a simulator the environment's keys are never used (and never needed).
  const secrets: Secrets = options.target || useSim ? {} : loadSecrets(env);
  const cleanup: Stoppable[] = [];
  const stopAll = async () => {
    for (const c of cleanup.splice(0).reverse()) {
      await c.stop().catch(() => {});
    }
  };

  try {
    let target = options.target;
    if (!target && useSim) {
      const sim = await startSim({
        port: 0,
        hostname: "127.0.0.1",
        ...simStartOptions(options.sim),
      });
      cleanup.push(sim);
      target = { httpUrl: sim.httpUrl, wsUrl: sim.wsUrl, privateKey: sim.demo.privateKey };
    }
    const config: BotConfig = target
      ? { ...options.config, network: "sim", apiUrl: target.httpUrl, wsUrl: target.wsUrl }
      : options.config;
    const endpoints = endpointsFor(config.network, {
      ...(config.apiUrl !== undefined ? { apiUrl: config.apiUrl } : {}),
      ...(config.wsUrl !== undefined ? { wsUrl: config.wsUrl } : {}),
    });
    if (!endpoints) {
      throw new ConfigError(
        'config: $.api_url: network "sim" needs api_url (and ws_url) of a running simulator; ' +
          "or run `deno task sim` to start the embedded one",
      );
    }
    const privateKey = target?.privateKey ?? secrets.privateKey;
    if (!privateKey && !dryRun) throw new ConfigError(missingKeyMessage(config.network));
    const logger = options.logger ??
      createLogger({ format: "json", level: "info", secrets: privateKey ? [privateKey] : [] });
    const signer = privateKey ? addressFromPrivateKey(privateKey) : null;
    const account: string | null = secrets.vaultAddress ?? secrets.accountAddress ?? signer;
    const vaultAddress: Address | undefined = secrets.vaultAddress;

    // Limiters (they are also the meters: each counts what it let through). Cancels and the final
    // check take a reserved share that the backoff of new orders after a 429 does not block.
    const rest = new LaneLimiter({ capacityPerMin: limiterSettings.restCapacityPerMin });
    const weights = createWeightTable(limiterSettings);
    // The one count of WS messages sent: the message budget (every message takes from it).
    const wsBudget = createWsMessageBudget({ capacityPerMin: limiterSettings.wsCapacityPerMin });
    const addressBudget = new AddressRequestBudget();

    // Gateway and feed: every request goes through one transport interface (REST or WS post);
    // the write tracker decorates the ones that carry actions (tick-to-order latency).
    const writes = new WriteTracker();
    const http = new HttpRequestTransport(
      new HttpPoster({
        baseUrl: endpoints.apiUrl,
        limiter: rest,
        timeoutMs: config.requestTimeoutMs,
        logger,
      }),
    );
    const info = new InfoClient({ transport: http, weights, logger });
    const finalInfo = new InfoClient({ transport: http, weights, logger, lane: "priority" });
    const feed = config.useWebsocket
      ? new WsFeed({
        url: endpoints.wsUrl,
        messageBudget: wsBudget,
        inFlightGate: new FifoInFlightGate(),
        logger,
        postTimeoutMs: config.requestTimeoutMs,
      })
      : null;
    if (feed) cleanup.push({ stop: () => feed.close() });
    let exchange: ExchangeApi | null = null;
    let exchangeRest: ExchangeApi | null = null;
    if (privateKey && !dryRun) {
      const common = {
        nonces: new NonceSource(systemClock),
        weights,
        privateKey,
        isMainnet: config.network === "mainnet",
        ...(vaultAddress ? { vaultAddress } : {}),
        // A late action is refused by the exchange instead of executing after we gave it up.
        expiresAfterMs: actionExpiryMs(config.requestTimeoutMs),
        logger,
      };
      exchangeRest = new ExchangeClient({ ...common, transport: writes.transport(http) });
      // WS posts are not REST requests: they take from the WS message budget (in the feed), not
      // from the REST weight.
      exchange = config.orderTransport === "ws" && feed
        ? new ExchangeClient({
          ...common,
          transport: writes.transport(new WsPostRequestTransport({ poster: feed })),
        })
        : exchangeRest;
    }

    const lifetime = new AbortController();
    const assets = await withStartupRetry(
      "meta",
      (signal) => loadAssets(info, config, signal),
      { signal: lifetime.signal, logger },
    );
    // The loss limit holds per account across restarts (not in a dry run: nothing trades).
    const lossStateFile = lossStateFileFor(config);
    let lossBaselineUsd: number | null = null;
    if (account && exchange && lossStateFile !== null) {
      const state = await withStartupRetry(
        "clearinghouseState",
        (signal) => info.clearinghouseState(account, signal),
        { signal: lifetime.signal, logger },
      );
      const baseline = await loadOrRecordLossBaseline(
        lossStateFile,
        lossStateKey(config.network, account),
        state.accountValue,
        Date.now(),
      );
      lossBaselineUsd = baseline.baselineUsd;
      logger.info(baseline.created ? "loss baseline recorded" : "loss baseline loaded", {
        file: lossStateFile,
        baselineUsd: baseline.baselineUsd,
        setAt: baseline.setAt,
        accountValueUsd: state.accountValue,
      });
    }
    const engine = new Engine({
      configCodec,
      config,
      assets,
      info,
      finalInfo,
      exchange,
      exchangeRest,
      feed,
      limiter: rest,
      wsCapacityPerMin: limiterSettings.wsCapacityPerMin,
      addressBudget,
      weights,
      user: account,
      cloids: new CloidSource(),
      clock: systemClock,
      logger,
      meters: {
        http429: () => rest.total429s,
        wsMessages: () => wsBudget.totalWeightTaken,
        wsMessagesLastMinute: () => wsBudget.usedLastMinute(),
      },
      ...(options.onOrderTrace ? { onOrderTrace: options.onOrderTrace } : {}),
      actionWritten: () => writes.lastActionWritten(),
      lossBaselineUsd,
    });
    logger.info("starting", {
      network: config.network,
      apiUrl: endpoints.apiUrl,
      account,
      dryRun,
      coins: config.coins.map((c) => c.coin),
      websocket: config.useWebsocket,
      orderTransport: config.orderTransport,
      batchOrders: config.batchOrders,
      loopMs: config.loopMs,
    });
    cleanup.push({ stop: () => Promise.resolve(lifetime.abort()) });
    await engine.start();

    let sidecarUrl: string | undefined;
    const sidecarCfg = options.sidecar === false
      ? null
      : options.sidecar ?? (config.sidecar.enabled ? config.sidecar : null);
    if (sidecarCfg) {
      const token = env["HL_SIDECAR_TOKEN"];
      const start = (port: number) =>
        startSidecar({
          view: engine.view,
          control: engine.control,
          limiterSettings,
          ...(token ? { token } : {}),
          secrets: privateKey ? [privateKey] : [],
          logger,
          allowedHosts: config.sidecar.allowedHosts,
          host: sidecarCfg.host,
          port,
        }, lifetime.signal);
      let sidecar;
      try {
        sidecar = await start(sidecarCfg.port);
      } catch (error) {
        if (!(error instanceof Deno.errors.AddrInUse) || sidecarCfg.port === 0) throw error;
        logger.warn("sidecar port in use: listening on a free port instead", {
          port: sidecarCfg.port,
        });
        sidecar = await start(0);
      }
      cleanup.push(sidecar);
      sidecarUrl = sidecar.url;
      logger.info("sidecar listening", { url: sidecar.url });
    }

    // The loop, and the one way to stop it.
    const loopStop = new AbortController();
    let fatal: string | undefined;
    const loopDone = engine.run(loopStop.signal).catch((error) => {
      logger.error("engine loop failed", { error: String(error) });
      fatal = String(error);
    });
    let stopping: Promise<BotResult> | null = null;
    const { promise: done, resolve: resolveDone } = Promise.withResolvers<BotResult>();
    const stop = (reason: StopReason): Promise<BotResult> => {
      stopping ??= (async () => {
        logger.info("stopping: canceling all orders", { reason });
        loopStop.abort();
        await loopDone;
        let openOrdersLeft: number | null = null;
        let confirmed = false;
        let unconfirmed: readonly string[] = ["shutdown did not finish"];
        let error = fatal;
        try {
          const shut = await engine.shutdown();
          openOrdersLeft = shut.openOrdersLeft;
          confirmed = shut.confirmed;
          unconfirmed = shut.unconfirmed;
        } catch (e) {
          error = String(e);
          logger.error("shutdown failed", { error });
        }
        const summary = engine.snapshot();
        logger.info("summary", { ...engine.statusFields(), openOrdersLeft });
        await stopAll();
        // 0 only after the exchange confirmed zero open orders of ours (never answered is not
        // zero).
        const clean = error === undefined && confirmed;
        const result: BotResult = {
          exitCode: clean ? 0 : 1,
          reason: error !== undefined ? "fatal" : reason,
          openOrdersLeft,
          unconfirmed,
          summary,
          ...(error !== undefined ? { error } : {}),
        };
        resolveDone(result);
        return result;
      })();
      return stopping;
    };
    // A loop that dies by itself stops the bot.
    void loopDone.then(async () => {
      if (!loopStop.signal.aborted) await stop("fatal");
    });
    const timers: ReturnType<typeof setTimeout>[] = [];
    if (options.durationMs !== undefined) {
      timers.push(setTimeout(() => void stop("duration"), options.durationMs));
    }
    if (options.signal) {
      const s = options.signal;
      if (s.aborted) void stop("signal");
      else s.addEventListener("abort", () => void stop("signal"), { once: true });
    }
    void done.then(() => timers.forEach((t) => clearTimeout(t)));

    return {
      view: engine.view,
      control: engine.control,
      ...(sidecarUrl !== undefined ? { sidecarUrl } : {}),
      httpUrl: endpoints.apiUrl,
      wsUrl: endpoints.wsUrl,
      account,
      stop: () => stop("stopped"),
      done,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
