/**
 * The dashboard in a real browser: headless Chromium (playwright-core) opens the sidecar's page
 * while the bot runs against the simulator (`runBot({ sim: true })`), waits for every coin's
 * ladder chart and a non-empty PnL chart, and takes a screenshot: into a temporary file, or into
 * the README's docs/dashboard.png when HL_MM_UPDATE_SCREENSHOT=1 (a test run never rewrites a
 * tracked file by itself).
 *
 * With HL_MM_DASHBOARD_TARGET=fake the page is served by `startSidecar` over a fake engine that
 * moves like a small session instead (for working on the page without the whole bot); the test
 * says which one it used. Chromium missing is a failure with instructions, never a silent skip.
 */
import assert from "node:assert/strict";
import { runBot } from "../../src/app/run_bot.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { silentLogger } from "../../src/core/log.ts";
import { startSidecar } from "../../src/sidecar/start_sidecar.ts";
import { FakeEngine, LIMITER } from "./fake_engine.ts";
import { chromium } from "playwright-core";

const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";
const SCREENSHOT = Deno.env.get("HL_MM_UPDATE_SCREENSHOT") === "1"
  ? new URL("../../docs/dashboard.png", import.meta.url)
  : new URL(`file://${Deno.makeTempDirSync({ prefix: "hl-mm-dashboard-" })}/dashboard.png`);
const CONFIG = new URL("../../configs/fast_trading.json", import.meta.url);
/** Bearer token of this test's sidecar (mutating routes on). */
const TOKEN = "dashboard-browser-test-token-5f1c";
/** How long the page collects history before the screenshot. */
const WARMUP_MS = 8_000;

interface Target {
  readonly url: string;
  readonly coins: readonly string[];
  readonly kind: "bot on the simulator" | "fake engine";
  stop(): Promise<void>;
}

type Page = Awaited<ReturnType<import("playwright-core").BrowserContext["newPage"]>>;

/**
 * Poll a page-side expression until it is truthy. (page.waitForFunction compiles string
 * predicates with eval, which the dashboard's CSP forbids; page.evaluate goes through the
 * DevTools protocol and is not subject to it.)
 */
async function waitFor(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    last = await page.evaluate(expression);
    if (last) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${expression} (last: ${last})`);
}

async function assertChromium(): Promise<void> {
  try {
    const info = await Deno.stat(CHROMIUM);
    if (info.isFile) return;
  } catch {
    // reported below
  }
  throw new Error(
    `Chromium not found at ${CHROMIUM}. Install it (apt-get update && apt-get install -y ` +
      `chromium) or set CHROMIUM_PATH. The dashboard browser test does not skip.`,
  );
}

async function startBot(signal: AbortSignal): Promise<Target> {
  const config = await loadConfig(CONFIG.pathname);
  const bot = await runBot({
    config,
    sim: { seed: 7 },
    sidecar: { host: "127.0.0.1", port: 0 },
    env: { ...Deno.env.toObject(), HL_SIDECAR_TOKEN: TOKEN },
    logger: silentLogger,
    signal,
  });
  assert.ok(bot.sidecarUrl, "runBot started without a sidecar");
  return {
    url: bot.sidecarUrl,
    coins: config.coins.map((c) => c.coin),
    kind: "bot on the simulator",
    stop: async () => {
      await bot.stop();
    },
  };
}

async function startFake(signal: AbortSignal): Promise<Target> {
  const engine = new FakeEngine({ nowMs: Date.now(), seed: 11 });
  engine.event({
    timeMs: Date.now() - 4_000,
    level: "warn",
    msg: "userRateLimit sync slow (812 ms)",
  });
  let n = 0;
  const timer = setInterval(() => {
    engine.tick(Date.now());
    if (++n === 30) {
      engine.event({
        timeMs: Date.now(),
        level: "error",
        msg: "modify rejected: post-only would cross",
      });
    }
  }, 100);
  const server = await startSidecar({
    port: 0,
    view: engine,
    control: engine,
    limiterSettings: LIMITER,
    version: "fake",
    token: TOKEN,
    sampleEveryMs: 250,
  }, signal);
  return {
    url: server.url,
    coins: engine.snapshot().coins.map((c) => c.coin),
    kind: "fake engine",
    stop: async () => {
      clearInterval(timer);
      await server.stop();
    },
  };
}

// Page-side code as strings: this program is type-checked without the DOM library.
const ladderReady = (coin: string) =>
  `(() => { const el = document.querySelector('canvas[data-chart="ladder"][data-coin=${
    JSON.stringify(coin)
  }]'); return !!el && Number(el.dataset.points) >= 3 && Number(el.dataset.bidLevels) > 0 && ` +
  `Number(el.dataset.askLevels) > 0; })()`;

/** Every ladder empty: no live order on either side. */
const NO_LEVELS = `[...document.querySelectorAll('canvas[data-chart="ladder"]')].every(` +
  `(c) => c.dataset.bidLevels === "0" && c.dataset.askLevels === "0")`;

const PNL_READY = `Number(document.getElementById("pnl-chart")?.dataset.points) >= 3`;

interface PageInfo {
  readonly connected: string;
  readonly title: string;
  readonly pnlPoints: number;
  readonly pnlInk: number;
  readonly ladders: readonly { coin: string; points: number; ink: number }[];
  readonly fills: number;
}

/** Pixels drawn (not transparent) on the charts, and the charts' data attributes. */
const PAGE_INFO = `(() => {
  const ink = (c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  };
  const pnl = document.getElementById("pnl-chart");
  const ladders = [...document.querySelectorAll('canvas[data-chart="ladder"]')];
  return {
    connected: document.body.dataset.connected,
    title: document.title,
    pnlPoints: Number(pnl.dataset.points),
    pnlInk: ink(pnl),
    ladders: ladders.map((c) => ({ coin: c.dataset.coin, points: Number(c.dataset.points), ink: ink(c) })),
    fills: document.querySelectorAll("#fills tr[data-fill]").length,
  };
})()`;

Deno.test({
  name: "dashboard: ladders, PnL chart and halt/resume controls in Chromium; screenshot saved",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await assertChromium();
    const controller = new AbortController();
    const target = Deno.env.get("HL_MM_DASHBOARD_TARGET") === "fake"
      ? await startFake(controller.signal)
      : await startBot(controller.signal);
    console.log(`dashboard test against the ${target.kind} at ${target.url}`);
    const userDataDir = await Deno.makeTempDir({ prefix: "hl_mm_chromium_" });
    // A persistent context on a fresh, throwaway profile directory (= --user-data-dir).
    const browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const page = browser.pages()[0] ?? await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await page.goto(target.url + "/", { waitUntil: "domcontentloaded" });

      // Every coin gets a card with a ladder that has our bids and asks and some history.
      for (const coin of target.coins) {
        await waitFor(page, ladderReady(coin), 30_000);
      }
      await waitFor(page, PNL_READY, 30_000);
      await page.waitForTimeout(WARMUP_MS);

      const info = await page.evaluate(PAGE_INFO) as PageInfo;
      assert.equal(info.connected, "true");
      assert.equal(info.title, "hl-mm dashboard");
      assert.ok(info.pnlPoints >= 3, `PnL chart points: ${info.pnlPoints}`);
      assert.ok(info.pnlInk > 500, `PnL chart is drawn (${info.pnlInk} pixels)`);
      assert.deepEqual(info.ladders.map((l) => l.coin).sort(), [...target.coins].sort());
      for (const l of info.ladders) {
        assert.ok(l.points >= 3, `${l.coin} ladder points: ${l.points}`);
        assert.ok(l.ink > 500, `${l.coin} ladder is drawn (${l.ink} pixels)`);
      }
      assert.deepEqual(errors, [], "no errors in the page");

      await Deno.mkdir(new URL(".", SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT.pathname, fullPage: true });
      const png = await Deno.stat(SCREENSHOT);
      assert.ok(png.size > 10_000, "screenshot written");

      // The controls: a wrong token is refused; halt cancels every order; resume quotes again.
      page.on("dialog", (d) => void d.accept());
      await page.click("#controls summary");
      await page.fill("#ctl-token", "wrong-token");
      await page.click("#ctl-resume");
      await waitFor(
        page,
        `/HTTP 401/.test(document.getElementById("ctl-msg").textContent)`,
        10_000,
      );
      await page.fill("#ctl-token", TOKEN);
      await page.click("#ctl-halt");
      await waitFor(page, `document.body.dataset.halted === "true"`, 15_000);
      await waitFor(page, NO_LEVELS, 15_000);
      await page.click("#ctl-resume");
      await waitFor(page, `document.body.dataset.halted === "false"`, 15_000);
      for (const coin of target.coins) {
        await waitFor(page, ladderReady(coin), 30_000);
      }
      assert.deepEqual(errors.filter((e) => !/401/.test(e)), [], "no errors in the page");
    } finally {
      await browser.close();
      controller.abort();
      await target.stop();
      await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
    }
  },
});
