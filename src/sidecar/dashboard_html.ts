/**
 * The live dashboard: one self-contained page (inline CSS and JS, no build step, no CDN), served
 * by GET /. Layout: status header (live, ready, halted, feed; halt/resume controls), limiter and
 * budget gauges, portfolio PnL chart and recent events, one card per coin (mid and our bid/ask
 * ladder over time, position and PnL over time), recent fills.
 */
import { DASHBOARD_JS } from "./dashboard_script.ts";
import { DASHBOARD_CSS } from "./dashboard_style.ts";

/**
 * The dashboard page served at `/`: one self-contained document (inline style and script, no
 * external loads).
 */
export const DASHBOARD_HTML: string = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hl-mm dashboard</title>
<link rel="icon" href="data:,">
<style>
${DASHBOARD_CSS}</style>
</head>
<body data-ready="unknown" data-halted="unknown" data-connected="false">
<header>
  <h1>hl-mm <span id="version"></span></h1>
  <div class="pills">
    <span class="pill" id="pill-live">LIVE?</span>
    <span class="pill" id="pill-ready">READY?</span>
    <span class="pill" id="pill-halt">HALT?</span>
    <span class="pill" id="pill-feed">FEED?</span>
  </div>
  <div class="spacer"></div>
  <div class="meta">
    <span>uptime <b class="num" id="uptime">-</b></span>
    <span>loops <b class="num" id="loops">-</b></span>
    <span>loop p50/p99 <b class="num" id="loop-p">-</b></span>
    <span>updated <b class="num" id="updated">-</b></span>
  </div>
  <details class="controls" id="controls">
    <summary>controls</summary>
    <div class="ctl">
      <label>Bearer token (HL_SIDECAR_TOKEN, kept in this page only)
        <input type="password" id="ctl-token" autocomplete="off" spellcheck="false"></label>
      <label>Halt reason <input type="text" id="ctl-reason" maxlength="200" value="manual halt from dashboard"></label>
      <div class="ctl-buttons">
        <button type="button" id="ctl-halt" class="danger">Halt: cancel all</button>
        <button type="button" id="ctl-resume">Resume quoting</button>
      </div>
      <div class="sub" id="ctl-msg"></div>
    </div>
  </details>
</header>
<main>
  <div class="banner" id="banner" hidden></div>
  <section class="gauges">
    <div class="card" id="g-rest"><h3>REST weight / min</h3><div class="big num" data-v>-</div>
      <div class="sub num" data-s>-</div><div class="bar"><div data-b></div></div><canvas class="spark" data-spark="rest"></canvas></div>
    <div class="card" id="g-addr"><h3>Address budget</h3><div class="big num" data-v>-</div>
      <div class="sub num" data-s>-</div><div class="bar"><div data-b></div></div><canvas class="spark" data-spark="addr"></canvas></div>
    <div class="card" id="g-ws"><h3>WS messages / min</h3><div class="big num" data-v>-</div>
      <div class="sub num" data-s>-</div><div class="bar"><div data-b></div></div></div>
    <div class="card" id="g-orders"><h3>Orders sent</h3><div class="big num" data-v>-</div>
      <div class="sub num" data-s>-</div></div>
    <div class="card" id="g-fills"><h3>Fills / 429s</h3><div class="big num" data-v>-</div>
      <div class="sub num" data-s>-</div></div>
    <div class="card" id="g-pnl"><h3>Total PnL (USD)</h3><div class="big num" data-v>-</div>
      <div class="sub num" data-s>-</div></div>
  </section>
  <section class="row2">
    <div class="card"><h3>Portfolio PnL and gross notional</h3>
      <canvas class="total" id="pnl-chart" data-testid="pnl-chart" data-points="0"></canvas>
      <div class="legend"><span><i style="background:var(--accent)"></i>PnL (USD, right axis)</span>
        <span><i style="background:var(--pos)"></i>gross notional (USD, left axis)</span></div></div>
    <div class="card"><h3>Recent events</h3><div class="list" id="events"></div></div>
  </section>
  <section class="coins" id="coins"></section>
  <section class="card"><h3>Recent fills</h3>
    <div class="list"><table id="fills"><thead><tr><th>time</th><th>coin</th><th>side</th>
      <th class="r">price</th><th class="r">size</th><th class="r">notional</th><th class="r">fee</th><th class="r">tid</th></tr></thead>
      <tbody></tbody></table></div></section>
</main>
<script>
${DASHBOARD_JS}</script>
</body>
</html>
`;
