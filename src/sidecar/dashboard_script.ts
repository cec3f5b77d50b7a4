/**
 * The dashboard's script (inlined into the page, no build step). Polls GET state?since=<t> every
 * 500 ms, keeps the samples it was sent, and draws every chart by hand on canvases. Text always
 * goes in through textContent. Test hooks: data-* attributes on the body, the coin cards and the
 * charts (data-points, data-bid-levels, data-ask-levels).
 */
export const DASHBOARD_JS: string = String.raw`
"use strict";
(function () {
  const WINDOW_MS = 5 * 60 * 1000;
  const POLL_MS = 500;
  const MAX_SAMPLES = 2400;
  const css = getComputedStyle(document.documentElement);
  const C = {};
  for (const k of ["bg", "panel", "border", "text", "muted", "grid", "bid", "ask", "mid", "accent", "warn", "pos"]) {
    C[k] = css.getPropertyValue("--" + k).trim();
  }
  let history = [];
  let lastT = null;
  let last = null;
  const cards = new Map();

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fin(x) { return typeof x === "number" && isFinite(x); }
  function fmtPx(x) {
    if (!fin(x)) return "-";
    const a = Math.abs(x);
    const d = a >= 10000 ? 1 : a >= 1000 ? 2 : a >= 10 ? 3 : a >= 1 ? 4 : 6;
    return x.toFixed(d);
  }
  // Rounds first so that tiny values never show as "-0.00".
  function fmtNum(x, d) {
    if (!fin(x)) return "-";
    const r = Math.round(x * Math.pow(10, d)) / Math.pow(10, d);
    return (r === 0 ? 0 : r).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  }
  // Decimals needed to show a tick step exactly (0.025 -> 3).
  function stepDecimals(step) {
    for (let d = 0; d < 8; d++) {
      const v = step * Math.pow(10, d);
      if (Math.abs(v - Math.round(v)) < 1e-6 * Math.max(1, v)) return d;
    }
    return 8;
  }
  function fmtUsd(x) { return fin(x) ? (x < 0 ? "-" : "") + "$" + fmtNum(Math.abs(x), 2) : "-"; }
  function fmtSigned(x, d) {
    if (!fin(x)) return "-";
    const text = fmtNum(x, d);
    return /^[0.,]+$/.test(text) || x < 0 ? text : "+" + text;
  }
  function fmtSz(x) { return fin(x) ? Number(x.toPrecision(6)).toString() : "-"; }
  function fmtTime(ms) {
    const d = new Date(ms);
    return d.toTimeString().slice(0, 8) + "." + String(d.getMilliseconds()).padStart(3, "0");
  }
  function fmtDur(ms) {
    if (!fin(ms)) return "-";
    const s = Math.floor(ms / 1000);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return h > 0 ? h + "h" + String(m).padStart(2, "0") + "m" : m > 0 ? m + "m" + String(r).padStart(2, "0") + "s" : r + "s";
  }
  function signClass(x) { return fin(x) && x >= 0.005 ? "pos" : fin(x) && x <= -0.005 ? "neg" : ""; }
  function pill(id, text, kind, title) {
    const p = $(id);
    p.textContent = text;
    p.className = "pill " + kind;
    p.title = title || "";
  }

  // ---- canvas helpers -------------------------------------------------------------------------
  function setup(canvas) {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    const g = canvas.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    return { g, w, h };
  }
  function range(values, padFrac, includeZero) {
    let lo = Infinity, hi = -Infinity;
    for (const v of values) { if (fin(v)) { if (v < lo) lo = v; if (v > hi) hi = v; } }
    if (includeZero) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
    if (!isFinite(lo)) return null;
    if (hi - lo < 1e-12) { const p = Math.abs(hi) * 0.001 || 1; lo -= p; hi += p; }
    const pad = (hi - lo) * padFrac;
    return [lo - pad, hi + pad];
  }
  function niceTicks(lo, hi, n) {
    const step0 = (hi - lo) / n;
    const mag = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= step0) || step0;
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(v);
    return out;
  }
  // A frame: plot area, x (time) and y scales, grid and labels.
  function frame(c, t0, t1, yr, opts) {
    const left = opts.left ?? 8, right = opts.right ?? 64, top = 6, bottom = opts.xLabels ? 18 : 6;
    const pw = c.w - left - right, ph = c.h - top - bottom;
    const x = (t) => left + ((t - t0) / Math.max(1, t1 - t0)) * pw;
    const y = (v) => top + (1 - (v - yr[0]) / (yr[1] - yr[0])) * ph;
    const g = c.g;
    g.font = "10px ui-monospace, Menlo, Consolas, monospace";
    g.lineWidth = 1;
    g.textBaseline = "middle";
    const ticks = niceTicks(yr[0], yr[1], opts.yTicks ?? 4);
    const dec = ticks.length > 1 ? stepDecimals(ticks[1] - ticks[0]) : 2;
    for (const v of ticks) {
      const yy = Math.round(y(v)) + 0.5;
      g.strokeStyle = C.grid;
      g.beginPath(); g.moveTo(left, yy); g.lineTo(left + pw, yy); g.stroke();
      g.fillStyle = C.muted;
      g.fillText(opts.fmt(v, dec), left + pw + 6, yy);
    }
    if (opts.xLabels) {
      g.textBaseline = "top";
      g.fillStyle = C.muted;
      const span = t1 - t0;
      const stepS = span > 240000 ? 60 : span > 120000 ? 30 : span > 40000 ? 10 : 5;
      for (let s = 0; s * 1000 <= span; s += stepS) {
        const xx = x(t1 - s * 1000);
        if (xx < left + 14) break;
        const label = s === 0 ? "now" : "-" + s + "s";
        g.fillText(label, xx - g.measureText(label).width / 2, top + ph + 4);
      }
    }
    return { x, y, left, top, pw, ph };
  }
  function line(g, pts, color, width, alpha) {
    g.strokeStyle = color; g.lineWidth = width; g.globalAlpha = alpha ?? 1;
    g.beginPath();
    let pen = false;
    for (const p of pts) {
      if (!p) { pen = false; continue; }
      if (pen) g.lineTo(p[0], p[1]); else g.moveTo(p[0], p[1]);
      pen = true;
    }
    g.stroke();
    g.globalAlpha = 1;
  }
  function noData(c, text) {
    c.g.fillStyle = C.muted;
    c.g.font = "12px ui-sans-serif, system-ui, sans-serif";
    c.g.textBaseline = "middle";
    c.g.fillText(text, c.w / 2 - c.g.measureText(text).width / 2, c.h / 2);
  }

  // ---- per coin ------------------------------------------------------------------------------
  function coinCard(coin) {
    let card = cards.get(coin);
    if (card) return card;
    const root = el("div", "card coin");
    root.dataset.coin = coin;
    root.dataset.testid = "coin-card";
    const head = el("div", "coin-head");
    const name = el("span", "name", coin);
    const state = el("span", "pill state", "-");
    const mid = el("span", "num sub", "");
    head.append(name, state, el("span", "spacer"), mid);
    const stats = el("div", "stats");
    const fields = {};
    for (const [k, label] of [["pos", "position"], ["notional", "notional"], ["rpnl", "realized"], ["upnl", "unrealized"], ["fees", "fees"], ["age", "data age"]]) {
      const d = el("div");
      d.append(el("div", "k", label));
      fields[k] = el("div", "v num", "-");
      d.append(fields[k]);
      stats.append(d);
    }
    const ladder = el("canvas", "ladder");
    ladder.dataset.chart = "ladder";
    ladder.dataset.coin = coin;
    ladder.dataset.points = "0";
    ladder.dataset.bidLevels = "0";
    ladder.dataset.askLevels = "0";
    const legend = el("div", "legend");
    legend.innerHTML = '<span><i style="background:var(--mid)"></i>mid</span><span><i style="background:var(--bid)"></i>our bids</span>' +
      '<span><i style="background:var(--ask)"></i>our asks</span><span><i style="background:var(--accent)"></i>PnL net of fees</span>' +
      '<span><i style="background:var(--pos)"></i>position</span>';
    const pnl = el("canvas", "pnl");
    pnl.dataset.chart = "coin-pnl";
    pnl.dataset.coin = coin;
    pnl.dataset.points = "0";
    root.append(head, stats, ladder, pnl, legend);
    $("coins").append(root);
    card = { root, state, mid, fields, ladder, pnl };
    cards.set(coin, card);
    return card;
  }

  function drawLadder(card, coin, samples, t0, t1) {
    const c = setup(card.ladder);
    const vals = [];
    let points = 0;
    for (const s of samples) {
      const k = s.coins[coin];
      if (!k) continue;
      points++;
      vals.push(k.mid);
      for (const p of k.bids) vals.push(p);
      for (const p of k.asks) vals.push(p);
    }
    card.ladder.dataset.points = String(points);
    const yr = range(vals, 0.08, false);
    if (!yr) { noData(c, "waiting for market data"); return; }
    const f = frame(c, t0, t1, yr, { fmt: (v, d) => fmtNum(v, Math.max(d, 0)), xLabels: true, right: 70 });
    let depth = 0;
    for (const s of samples) { const k = s.coins[coin]; if (k) depth = Math.max(depth, k.bids.length, k.asks.length); }
    for (let lvl = depth - 1; lvl >= 0; lvl--) {
      const alpha = Math.max(0.35, 1 - lvl * 0.22);
      for (const [side, color] of [["bids", C.bid], ["asks", C.ask]]) {
        const pts = samples.map((s) => {
          const k = s.coins[coin];
          const v = k && k[side][lvl];
          return fin(v) ? [f.x(s.t), f.y(v)] : null;
        });
        line(c.g, pts, color, lvl === 0 ? 1.6 : 1.1, alpha);
      }
    }
    line(c.g, samples.map((s) => { const k = s.coins[coin]; return k && fin(k.mid) ? [f.x(s.t), f.y(k.mid)] : null; }), C.mid, 1.4, 0.9);
    // current levels as ticks at the right edge
    const now = samples[samples.length - 1] && samples[samples.length - 1].coins[coin];
    if (now) {
      for (const [side, color] of [["bids", C.bid], ["asks", C.ask]]) {
        now[side].forEach((v, i) => {
          if (!fin(v)) return;
          c.g.fillStyle = color; c.g.globalAlpha = Math.max(0.35, 1 - i * 0.22);
          c.g.fillRect(f.left + f.pw - 5, f.y(v) - 1.5, 5, 3);
          c.g.globalAlpha = 1;
        });
      }
    }
  }

  function drawCoinPnl(card, coin, samples, t0, t1) {
    const c = setup(card.pnl);
    const pts = samples.filter((s) => s.coins[coin]);
    card.pnl.dataset.points = String(pts.length);
    const yr = range(pts.map((s) => s.coins[coin].pnl), 0.15, true);
    if (!yr) { noData(c, "no PnL yet"); return; }
    const f = frame(c, t0, t1, yr, { fmt: (v, d) => fmtSigned(v, Math.max(d, 2)), yTicks: 2, right: 70 });
    const pr = range(pts.map((s) => s.coins[coin].pos), 0.15, true);
    if (pr) {
      const py = (v) => f.top + (1 - (v - pr[0]) / (pr[1] - pr[0])) * f.ph;
      const y0 = py(0);
      c.g.fillStyle = C.pos; c.g.globalAlpha = 0.18;
      c.g.beginPath();
      let started = false, lastX = 0;
      for (const s of pts) {
        const xx = f.x(s.t), yy = py(s.coins[coin].pos);
        if (!started) { c.g.moveTo(xx, y0); started = true; }
        c.g.lineTo(xx, yy); lastX = xx;
      }
      c.g.lineTo(lastX, y0); c.g.closePath(); c.g.fill();
      c.g.globalAlpha = 1;
      line(c.g, pts.map((s) => [f.x(s.t), py(s.coins[coin].pos)]), C.pos, 1, 0.8);
    }
    const zy = Math.round(f.y(0)) + 0.5;
    c.g.strokeStyle = C.muted; c.g.setLineDash([3, 3]); c.g.globalAlpha = 0.6;
    c.g.beginPath(); c.g.moveTo(f.left, zy); c.g.lineTo(f.left + f.pw, zy); c.g.stroke();
    c.g.setLineDash([]); c.g.globalAlpha = 1;
    line(c.g, pts.map((s) => [f.x(s.t), f.y(s.coins[coin].pnl)]), C.accent, 1.6);
  }

  function drawTotal(samples, t0, t1) {
    const canvas = $("pnl-chart");
    const c = setup(canvas);
    canvas.dataset.points = String(samples.length);
    const yr = range(samples.map((s) => s.pnl), 0.15, true);
    if (!yr || samples.length === 0) { noData(c, "no PnL yet"); return; }
    const gross = samples.map((s) => Object.values(s.coins).reduce((a, k) => a + Math.abs(k.notional), 0));
    const f = frame(c, t0, t1, yr, { fmt: (v, d) => fmtSigned(v, Math.max(d, 2)), xLabels: true, left: 64, right: 70 });
    const gr = range(gross, 0.1, true);
    if (gr) {
      const gy = (v) => f.top + (1 - (v - gr[0]) / (gr[1] - gr[0])) * f.ph;
      line(c.g, samples.map((s, i) => [f.x(s.t), gy(gross[i])]), C.pos, 1.1, 0.7);
      c.g.fillStyle = C.muted; c.g.textBaseline = "middle";
      const gt = niceTicks(gr[0], gr[1], 3);
      const gd = gt.length > 1 ? stepDecimals(gt[1] - gt[0]) : 0;
      for (const v of gt) c.g.fillText("$" + fmtNum(v, gd), 4, gy(v));
    }
    const zy = Math.round(f.y(0)) + 0.5;
    c.g.strokeStyle = C.muted; c.g.setLineDash([3, 3]);
    c.g.beginPath(); c.g.moveTo(f.left, zy); c.g.lineTo(f.left + f.pw, zy); c.g.stroke();
    c.g.setLineDash([]);
    line(c.g, samples.map((s) => [f.x(s.t), f.y(s.pnl)]), C.accent, 1.8);
  }

  function drawSpark(name, values, color) {
    const canvas = document.querySelector('[data-spark="' + name + '"]');
    const c = setup(canvas);
    const yr = range(values, 0.1, true);
    if (!yr) return;
    const n = values.length;
    line(c.g, values.map((v, i) => fin(v) ? [n < 2 ? 0 : (i / (n - 1)) * c.w, 2 + (1 - (v - yr[0]) / (yr[1] - yr[0])) * (c.h - 4)] : null), color, 1.2);
  }

  // ---- gauges, lists, status -----------------------------------------------------------------
  function gauge(id, value, sub, frac, color) {
    const card = $(id);
    card.querySelector("[data-v]").textContent = value;
    card.querySelector("[data-s]").textContent = sub;
    const b = card.querySelector("[data-b]");
    if (b) {
      b.style.width = (Math.max(0, Math.min(1, frac || 0)) * 100).toFixed(1) + "%";
      b.style.background = color || C.accent;
    }
    card.dataset.value = String(value);
  }
  function usageColor(frac) { return frac > 0.9 ? C.ask : frac > 0.7 ? C.warn : C.accent; }

  function renderStatus(st) {
    const s = st.snapshot;
    $("version").textContent = "v" + st.version;
    pill("pill-live", st.alive.alive ? "LIVE" : "STALLED", st.alive.alive ? "ok" : "bad", st.alive.reason || "");
    const failures = st.readiness.failures;
    pill("pill-ready", st.readiness.ready ? "READY" : "NOT READY", st.readiness.ready ? "ok" : "warn",
      failures.map((f) => f.detail).join("\n"));
    pill("pill-halt", s.halted ? "HALTED" : "QUOTING", s.halted ? "bad" : "ok", s.haltReason || "");
    if (!s.feed.used) pill("pill-feed", "FEED: REST", "", "");
    else pill("pill-feed", s.feed.connected ? "WS CONNECTED" : "WS DOWN", s.feed.connected ? "ok" : "bad",
      "reconnects: " + s.feed.reconnects);
    document.body.dataset.ready = String(st.readiness.ready);
    document.body.dataset.halted = String(s.halted);
    document.body.dataset.connected = "true";
    const banner = $("banner");
    if (s.halted) {
      banner.hidden = false; banner.className = "banner bad";
      banner.textContent = "Halted: " + (s.haltReason || "no reason given");
    } else if (!st.readiness.ready) {
      banner.hidden = false; banner.className = "banner";
      banner.textContent = "Not ready: " + failures.map((f) => f.detail).join(" | ");
    } else banner.hidden = true;
    $("uptime").textContent = fmtDur(st.nowMs - s.startedAtMs);
    $("loops").textContent = fmtNum(s.loops, 0);
    $("loop-p").textContent = (fin(s.loopP50Ms) ? s.loopP50Ms.toFixed(1) : "-") + " / " +
      (fin(s.loopP99Ms) ? s.loopP99Ms.toFixed(1) : "-") + " ms";
    $("updated").textContent = fmtTime(st.nowMs);
  }

  function renderGauges(st) {
    const s = st.snapshot, L = s.limiter, F = s.feed;
    const rf = L.restCapacityPerMin > 0 ? L.restWeightUsedLastMinute / L.restCapacityPerMin : 0;
    gauge("g-rest", fmtNum(L.restWeightUsedLastMinute, 0), "of " + fmtNum(L.restCapacityPerMin, 0) + " (" + (rf * 100).toFixed(0) + "%)", rf, usageColor(rf));
    const budgets = history.map((h) => h.addressBudget).filter(fin);
    const maxBudget = Math.max(1, ...budgets);
    if (fin(L.addressBudgetRemaining)) {
      const af = L.addressBudgetRemaining / maxBudget;
      gauge("g-addr", fmtNum(L.addressBudgetRemaining, 0), "requests left (peak " + fmtNum(maxBudget, 0) + ")", af,
        L.addressBudgetRemaining < 500 ? C.ask : L.addressBudgetRemaining < 2000 ? C.warn : C.bid);
    } else gauge("g-addr", "-", "not synced yet", 0);
    const wf = F.wsCapacityPerMin > 0 ? F.wsMessagesLastMinute / F.wsCapacityPerMin : 0;
    gauge("g-ws", fmtNum(F.wsMessagesLastMinute, 0), "of " + fmtNum(F.wsCapacityPerMin, 0) + " · sent " + fmtNum(F.wsMessagesSent, 0), wf, usageColor(wf));
    let total = 0;
    const parts = [];
    for (const [kind, outcomes] of Object.entries(s.orders)) {
      let n = 0;
      for (const v of Object.values(outcomes)) n += v;
      total += n;
      parts.push(kind + " " + fmtNum(n, 0));
    }
    gauge("g-orders", fmtNum(total, 0), parts.join(" · ") || "none yet");
    gauge("g-fills", fmtNum(s.fills, 0) + " / " + fmtNum(L.http429, 0), "fills / HTTP 429 answers");
    let r = 0, u = 0, fee = 0;
    for (const c of s.coins) { r += c.realizedPnlUsd; u += c.unrealizedPnlUsd; fee += c.feesUsd; }
    const pnl = s.totalPnlUsd;
    gauge("g-pnl", fmtSigned(pnl, 2), "realized " + fmtSigned(r, 2) + " · unrealized " + fmtSigned(u, 2) + " · fees " + fmtNum(fee, 2));
    $("g-pnl").querySelector("[data-v]").className = "big num " + signClass(pnl);
    drawSpark("rest", history.slice(-240).map((h) => h.restUsed), C.accent);
    drawSpark("addr", history.slice(-240).map((h) => h.addressBudget), C.bid);
  }

  function renderCoins(st, samples, t0, t1) {
    for (const c of st.snapshot.coins) {
      const card = coinCard(c.coin);
      card.state.textContent = c.state.toUpperCase();
      card.state.className = "pill state " + (c.state === "quoting" ? "ok" : c.state === "halted" ? "bad" : "warn");
      card.root.dataset.state = c.state;
      card.mid.textContent = "mid " + fmtPx(c.mid) + "  ·  bbo " + fmtPx(c.bestBid) + " / " + fmtPx(c.bestAsk);
      card.fields.pos.textContent = fmtSz(c.position);
      card.fields.pos.className = "v num " + signClass(c.position);
      card.fields.notional.textContent = fmtUsd(c.notionalUsd);
      card.fields.rpnl.textContent = fmtSigned(c.realizedPnlUsd, 2);
      card.fields.rpnl.className = "v num " + signClass(c.realizedPnlUsd);
      card.fields.fees.textContent = fmtNum(c.feesUsd, 2);
      card.fields.upnl.textContent = fmtSigned(c.unrealizedPnlUsd, 2);
      card.fields.upnl.className = "v num " + signClass(c.unrealizedPnlUsd);
      card.fields.age.textContent = c.dataAgeMs === null ? "-" : fmtNum(c.dataAgeMs, 0) + " ms";
      card.fields.age.className = "v num " + (c.dataAgeMs === null || c.dataAgeMs >= st.snapshot.maxQuoteAgeMs ? "neg" : "");
      card.ladder.dataset.bidLevels = String(c.bids.length);
      card.ladder.dataset.askLevels = String(c.asks.length);
      drawLadder(card, c.coin, samples, t0, t1);
      drawCoinPnl(card, c.coin, samples, t0, t1);
    }
  }

  function renderFills(st) {
    const body = $("fills").querySelector("tbody");
    body.replaceChildren();
    const fills = st.snapshot.recentFills.slice().sort((a, b) => b.timeMs - a.timeMs).slice(0, 50);
    if (fills.length === 0) {
      const tr = el("tr"); const td = el("td", "empty", "no fills yet"); td.colSpan = 8; tr.append(td); body.append(tr);
    }
    for (const f of fills) {
      const tr = el("tr");
      tr.dataset.fill = String(f.tid);
      const side = el("td", f.side === "bid" ? "pos" : "neg", f.side === "bid" ? "BUY" : "SELL");
      tr.append(el("td", "num", fmtTime(f.timeMs)), el("td", "", f.coin), side, el("td", "r num", fmtPx(f.px)),
        el("td", "r num", fmtSz(f.sz)), el("td", "r num", fmtUsd(f.px * f.sz)), el("td", "r num", fmtNum(f.feeUsd, 4)),
        el("td", "r num", String(f.tid)));
      body.append(tr);
    }
  }

  function renderEvents(st) {
    const box = $("events");
    box.replaceChildren();
    const evs = st.snapshot.recentEvents.slice().sort((a, b) => b.timeMs - a.timeMs).slice(0, 50);
    if (evs.length === 0) box.append(el("div", "empty", "no warnings or errors"));
    for (const e of evs) {
      const row = el("div", "ev");
      row.dataset.level = e.level;
      const m = el("span", "m", e.msg);
      m.title = e.msg;
      row.append(el("span", "t num", fmtTime(e.timeMs)), el("span", "lv " + e.level, e.level.toUpperCase()), m);
      box.append(row);
    }
  }

  function render(st) {
    last = st;
    for (const h of st.history) if (lastT === null || h.t > lastT) { history.push(h); lastT = h.t; }
    if (history.length > MAX_SAMPLES) history = history.slice(history.length - MAX_SAMPLES);
    const t1 = Math.max(st.snapshot.timeMs, lastT ?? 0);
    const t0 = Math.max(history.length ? history[0].t : t1 - 1000, t1 - WINDOW_MS);
    const samples = history.filter((h) => h.t >= t0);
    renderStatus(st);
    renderGauges(st);
    drawTotal(samples, t0, t1);
    renderCoins(st, samples, t0, t1);
    renderFills(st);
    renderEvents(st);
  }

  async function poll() {
    try {
      const q = lastT === null ? "" : "?since=" + encodeURIComponent(String(lastT));
      const res = await fetch("state" + q, { cache: "no-store" });
      if (!res.ok) throw new Error("HTTP " + res.status);
      render(await res.json());
    } catch (err) {
      document.body.dataset.connected = "false";
      pill("pill-live", "NO CONNECTION", "bad", String(err));
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }
  // ---- controls (halt / resume): the token stays in this page's memory only ------------------
  async function control(path, payload) {
    const token = $("ctl-token").value.trim();
    const msg = $("ctl-msg");
    if (!token) { msg.textContent = "enter the bearer token first"; return; }
    msg.textContent = path.slice(1) + "...";
    try {
      const res = await fetch(path.slice(1), {
        method: "POST",
        headers: { "authorization": "Bearer " + token, "content-type": "application/json" },
        body: JSON.stringify(payload),
        cache: "no-store",
      });
      const out = await res.json().catch(() => ({}));
      msg.textContent = res.ok ? path.slice(1) + ": done (halted: " + out.halted + ")"
        : path.slice(1) + ": HTTP " + res.status + " " + (out.error || "");
    } catch (err) {
      msg.textContent = path.slice(1) + " failed: " + String(err);
    }
  }
  $("ctl-halt").addEventListener("click", () => {
    if (window.confirm("Halt quoting and cancel all open orders?")) {
      control("/halt", { reason: $("ctl-reason").value });
    }
  });
  $("ctl-resume").addEventListener("click", () => { control("/resume", {}); });

  window.addEventListener("resize", () => { if (last) render(Object.assign({}, last, { history: [] })); });
  poll();
})();
`;
