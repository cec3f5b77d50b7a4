/** The dashboard's stylesheet (dark, one palette; inlined into the page). */
export const DASHBOARD_CSS: string = String.raw`
  :root {
    --bg: #0d1117; --panel: #161b22; --panel2: #1c2230; --border: #2a3140;
    --text: #e6edf3; --muted: #8b949e; --grid: #232a36;
    --bid: #3fb950; --ask: #f85149; --mid: #d2dae3; --accent: #58a6ff; --warn: #d29922;
    --pos: #e3b341;
  }
  * { box-sizing: border-box; }
  html, body { margin: 0; background: var(--bg); color: var(--text);
    font: 13px/1.4 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  .num { font-variant-numeric: tabular-nums; font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; }
  header { display: flex; align-items: center; gap: 12px; padding: 10px 18px;
    border-bottom: 1px solid var(--border); background: var(--panel); position: sticky; top: 0; z-index: 2; }
  header h1 { font-size: 16px; margin: 0; letter-spacing: .3px; }
  header h1 span { color: var(--muted); font-weight: 400; font-size: 12px; margin-left: 6px; }
  .pills { display: flex; gap: 6px; flex-wrap: wrap; }
  .pill { padding: 2px 9px; border-radius: 999px; font-size: 11px; font-weight: 600; letter-spacing: .4px;
    border: 1px solid var(--border); color: var(--muted); background: var(--panel2); }
  .pill.ok { color: #7ee787; border-color: #238636; background: rgba(35,134,54,.15); }
  .pill.bad { color: #ffa198; border-color: #da3633; background: rgba(218,54,51,.15); }
  .pill.warn { color: #e3b341; border-color: #9e6a03; background: rgba(158,106,3,.15); }
  .spacer { flex: 1; }
  .meta { color: var(--muted); font-size: 12px; display: flex; gap: 14px; }
  .meta b { color: var(--text); font-weight: 500; }
  main { padding: 14px 18px 24px; display: grid; gap: 14px; max-width: 1600px; margin: 0 auto; }
  .banner { padding: 8px 12px; border-radius: 6px; border: 1px solid #9e6a03; background: rgba(158,106,3,.12);
    color: #e3b341; font-size: 12px; }
  .banner.bad { border-color: #da3633; background: rgba(218,54,51,.12); color: #ffa198; }
  .banner[hidden] { display: none; }
  .gauges { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 10px; }
  .card { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 10px 12px; min-width: 0; }
  .card h3 { margin: 0 0 6px; font-size: 11px; font-weight: 600; color: var(--muted);
    text-transform: uppercase; letter-spacing: .6px; }
  .big { font-size: 20px; font-weight: 600; }
  .sub { color: var(--muted); font-size: 11px; }
  .bar { height: 6px; border-radius: 3px; background: var(--panel2); margin-top: 7px; overflow: hidden; }
  .bar > div { height: 100%; width: 0; background: var(--accent); transition: width .3s; }
  .pos { color: var(--bid); } .neg { color: var(--ask); }
  .row2 { display: grid; grid-template-columns: 2fr 1fr; gap: 14px; }
  .coins { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 14px; }
  .coin-head { display: flex; align-items: baseline; gap: 10px; margin-bottom: 6px; }
  .coin-head .name { font-size: 16px; font-weight: 700; }
  .coin-head .state { font-size: 10px; }
  .stats { display: grid; grid-template-columns: repeat(6, 1fr); gap: 6px; margin: 4px 0 8px; }
  .stats div { min-width: 0; }
  .stats .k { color: var(--muted); font-size: 10px; text-transform: uppercase; letter-spacing: .5px; }
  .stats .v { font-size: 13px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  canvas { display: block; width: 100%; }
  canvas.ladder { height: 190px; }
  canvas.pnl { height: 90px; margin-top: 6px; }
  canvas.total { height: 170px; }
  canvas.spark { height: 26px; margin-top: 6px; }
  .legend { display: flex; gap: 12px; font-size: 11px; color: var(--muted); margin-top: 4px; }
  .legend i { display: inline-block; width: 10px; height: 3px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
  table { width: 100%; border-collapse: collapse; font-size: 12px; }
  th { text-align: left; color: var(--muted); font-weight: 500; font-size: 11px; padding: 3px 6px;
    border-bottom: 1px solid var(--border); }
  td { padding: 3px 6px; border-bottom: 1px solid var(--grid); white-space: nowrap; }
  td.r, th.r { text-align: right; }
  .list { max-height: 250px; overflow: auto; }
  .ev { display: flex; gap: 8px; padding: 3px 0; border-bottom: 1px solid var(--grid); font-size: 12px; }
  .ev .t { color: var(--muted); flex: none; }
  .ev .lv { flex: none; font-weight: 600; width: 40px; }
  .ev .lv.error { color: var(--ask); } .ev .lv.warn { color: var(--warn); }
  .ev .m { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .empty { color: var(--muted); font-size: 12px; padding: 8px 0; }
  @media (max-width: 1100px) { .gauges { grid-template-columns: repeat(3, 1fr); } .row2 { grid-template-columns: 1fr; } }
  .controls { position: relative; }
  .controls summary { cursor: pointer; color: var(--muted); font-size: 12px; padding: 3px 10px;
    border: 1px solid var(--border); border-radius: 6px; list-style: none; user-select: none; }
  .controls summary::-webkit-details-marker { display: none; }
  .controls[open] summary { color: var(--text); border-color: var(--accent); }
  .ctl { position: absolute; right: 0; top: 32px; width: 320px; padding: 12px; display: grid; gap: 8px;
    background: var(--panel); border: 1px solid var(--border); border-radius: 8px;
    box-shadow: 0 8px 24px rgba(0,0,0,.45); z-index: 3; }
  .ctl label { display: grid; gap: 3px; font-size: 11px; color: var(--muted); }
  .ctl input { background: var(--bg); color: var(--text); border: 1px solid var(--border); border-radius: 5px;
    padding: 5px 7px; font: inherit; }
  .ctl-buttons { display: flex; gap: 8px; }
  .ctl button { flex: 1; padding: 6px 8px; border-radius: 6px; border: 1px solid var(--border);
    background: var(--panel2); color: var(--text); font: inherit; font-weight: 600; cursor: pointer; }
  .ctl button.danger { border-color: #da3633; color: #ffa198; }
  .ctl button:hover { filter: brightness(1.2); }
`;
