/**
 * Backtest output: a plain-text table and a self-contained HTML report (inline CSS and SVG, no
 * scripts, no external resources). Pure functions of the metrics: same metrics, same bytes.
 */
import type { BacktestMetrics, SeriesPoint } from "./metrics.ts";

const usd = (x: number) => (Math.abs(x) < 5e-7 ? 0 : x).toFixed(6);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const bps = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));

/** Label/value rows shared by the table and the HTML report. */
export function summaryRows(m: BacktestMetrics): [string, string][] {
  return [
    ["duration s", (m.durationMs / 1000).toFixed(1)],
    ["coins", m.coins.join(",")],
    ["PnL total USD", usd(m.totalPnlUsd)],
    ["PnL realized USD", usd(m.realizedPnlUsd)],
    ["PnL unrealized USD", usd(m.unrealizedPnlUsd)],
    ["fees USD", usd(m.feesUsd)],
    ["fills", String(m.fills)],
    ["filled USD", m.filledUsd.toFixed(2)],
    ["orders placed", String(m.ordersPlaced)],
    ["orders rejected (post-only)", String(m.ordersRejected)],
    ["fill ratio (fills/order)", m.fillRatio.toFixed(4)],
    ["markout 1 s bps", bps(m.markoutBps.s1)],
    ["markout 10 s bps", bps(m.markoutBps.s10)],
    ["markout 60 s bps", bps(m.markoutBps.s60)],
    ["actions", String(m.actions)],
    ["actions per minute", m.actionsPerMinute.toFixed(1)],
    [
      "actions per USDC filled",
      m.actionsPerUsdFilled === null ? "n/a" : m.actionsPerUsdFilled.toFixed(4),
    ],
    ["address requests used", String(m.addressRequestsUsed)],
    ["quoting uptime", pct(m.quotingUptimeAll)],
    ...m.coins.map((c): [string, string] => [`  uptime ${c}`, pct(m.quotingUptime[c] ?? 0)]),
  ];
}

/** The summary as an aligned text table. */
export function textTable(m: BacktestMetrics): string {
  const rows = summaryRows(m);
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n") + "\n";
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"];

/** An inline SVG line chart of named series over the same x (seconds). */
export function svgChart(
  title: string,
  xs: readonly number[],
  lines: readonly { name: string; ys: readonly number[] }[],
): string {
  const W = 720;
  const H = 220;
  const P = 40;
  const all = lines.flatMap((l) => l.ys);
  let lo = Math.min(0, ...all);
  let hi = Math.max(0, ...all);
  if (hi - lo < 1e-9) hi = lo + 1;
  const x0 = xs[0] ?? 0;
  const x1 = Math.max(xs[xs.length - 1] ?? 1, x0 + 1e-9);
  const sx = (x: number) => (P + (x - x0) / (x1 - x0) * (W - 2 * P)).toFixed(1);
  const sy = (y: number) => (H - P - (y - lo) / (hi - lo) * (H - 2 * P)).toFixed(1);
  const paths = lines.map((l, i) => {
    const d = l.ys.map((y, j) => `${j === 0 ? "M" : "L"}${sx(xs[j]!)},${sy(y)}`).join("");
    return `<path d="${d}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.5"/>`;
  });
  const legend = lines.map((l, i) =>
    `<text x="${P + 10 + i * 90}" y="${P - 8}" fill="${COLORS[i % COLORS.length]}">${
      esc(l.name)
    }</text>`
  );
  lo = Number(lo.toPrecision(4));
  hi = Number(hi.toPrecision(4));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-size="11" font-family="sans-serif">`,
    `<text x="${P}" y="16" font-weight="bold">${esc(title)}</text>`,
    `<line x1="${P}" y1="${sy(0)}" x2="${W - P}" y2="${sy(0)}" stroke="#bbb"/>`,
    `<text x="2" y="${sy(hi)}">${hi}</text><text x="2" y="${sy(lo)}">${lo}</text>`,
    `<text x="${P}" y="${H - 8}">0 s</text><text x="${W - P - 40}" y="${H - 8}">${
      (x1 - x0).toFixed(0)
    } s</text>`,
    ...legend,
    ...paths,
    `</svg>`,
  ].join("\n");
}

/** The self-contained HTML report. `title` names the inputs (recording, config, parameters). */
export function htmlReport(m: BacktestMetrics, title: string): string {
  const s: readonly SeriesPoint[] = m.series;
  const xs = s.map((p) => (p.tMs - m.startMs) / 1000);
  const pnl = svgChart("PnL (USD, marked to mid, after fees)", xs, [
    { name: "PnL", ys: s.map((p) => p.pnlUsd) },
  ]);
  const inv = svgChart(
    "Inventory (USD, signed)",
    xs,
    m.coins.map((c) => ({ name: c, ys: s.map((p) => p.inventoryUsd[c] ?? 0) })),
  );
  const rows = summaryRows(m).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`);
  const fills = m.fillList.slice(0, 200).map((f) =>
    `<tr><td>${((f.timeMs - m.startMs) / 1000).toFixed(3)}</td><td>${
      esc(f.coin)
    }</td><td>${f.side}</td><td>${f.px}</td><td>${f.sz}</td><td>${f.fee.toFixed(6)}</td><td>${
      f.closedPnl.toFixed(6)
    }</td></tr>`
  );
  return [
    "<!doctype html>",
    `<html><head><meta charset="utf-8"><title>hl-mm backtest: ${esc(title)}</title>`,
    "<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:12px 0}",
    "th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;font-size:13px}th{background:#f5f5f5}</style>",
    "</head><body>",
    `<h1>hl-mm backtest</h1><p>${esc(title)}</p>`,
    `<table>${rows.join("")}</table>`,
    pnl,
    inv,
    `<h2>Fills (first 200 of ${m.fills})</h2>`,
    "<table><tr><th>t s</th><th>coin</th><th>side</th><th>px</th><th>sz</th><th>fee</th><th>closed PnL</th></tr>",
    fills.join(""),
    "</table></body></html>",
    "",
  ].join("\n");
}
