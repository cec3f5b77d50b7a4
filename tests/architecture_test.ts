/**
 * The import rules of the design, checked on the source tree:
 * - src/core is shared types only: it imports nothing but src/core.
 * - the simulator (src/sim) imports only itself, src/core and src/util, so the bot can never
 *   agree with its own bugs; src/util (runtime helpers and the recording file format, no trading
 *   or wire logic) imports only itself and src/core.
 * - the sidecar sees the engine only through src/core/engine_view.ts (and config).
 * - pure modules (strategy, risk, limiter, signer, format) do no network I/O.
 * - nothing under src imports tests or main.ts.
 * - the feed and the gateway do not import each other; the wire shapes they share live in
 *   src/wire; ports such as NonceProvider are declared only in src/core.
 * - the engine imports neither src/config nor zod (config types and the patch port are in core).
 * - the engine's pure steps (apply_event, apply_account, decide, heartbeat, engine_state) reach no port, clock,
 *   logger or timer, and are the only writers of the order manager and position tracker; engine.ts
 *   is their shell; no engine loop file is over 320 lines.
 * - info and exchange requests go through one transport interface (HTTP or WS post); only the
 *   HTTP poster calls fetch, and the write tracker is a decorator of that interface.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";

const ROOT = normalize(join(dirname(new URL(import.meta.url).pathname), ".."));

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (entry.isFile && /\.(ts|tsx|js)$/.test(entry.name)) yield path;
  }
}

interface SourceFile {
  /** Path relative to the repo root, with forward slashes. */
  readonly path: string;
  readonly text: string;
  /** Relative imports resolved to repo paths; bare/npm imports kept as written. */
  readonly imports: readonly string[];
}

const IMPORT_RE =
  /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g;

async function sources(): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for await (const abs of walk(join(ROOT, "src"))) {
    const text = await Deno.readTextFile(abs);
    const path = relative(ROOT, abs).replaceAll("\\", "/");
    const imports: string[] = [];
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec) continue;
      imports.push(
        spec.startsWith(".")
          ? relative(ROOT, normalize(join(dirname(abs), spec))).replaceAll("\\", "/")
          : spec,
      );
    }
    out.push({ path, text, imports });
  }
  return out;
}

const files = await sources();

function violations(
  owner: (path: string) => boolean,
  allowed: (spec: string) => boolean,
): string[] {
  return files
    .filter((f) => owner(f.path))
    .flatMap((f) => f.imports.filter((i) => !allowed(i)).map((i) => `${f.path} imports ${i}`));
}

const isLocal = (spec: string) =>
  spec.startsWith("src/") || spec === "main.ts" || spec.startsWith("tests/");

/** Imports of the files under `dir` of modules of ours outside `dir` and the `allowed` folders. */
function localImportsOutside(dir: string, allowed: readonly string[]): string[] {
  return violations(
    (p) => p.startsWith(dir),
    (i) => !isLocal(i) || [dir, ...allowed].some((a) => i.startsWith(a)),
  );
}

Deno.test("the import scanner sees the tree", () => {
  assert.ok(files.length > 5);
  assert.ok(files.some((f) => f.imports.includes("src/core/types.ts")));
});

Deno.test("src/core imports nothing outside src/core", () => {
  assert.deepEqual(
    violations((p) => p.startsWith("src/core/"), (i) => i.startsWith("src/core/")),
    [],
  );
});

Deno.test("the simulator imports only itself, src/core and src/util", () => {
  assert.deepEqual(localImportsOutside("src/sim/", ["src/core/", "src/util/"]), []);
});

Deno.test("src/util imports only itself and src/core (no bot logic reaches the simulator)", () => {
  assert.deepEqual(localImportsOutside("src/util/", ["src/core/"]), []);
});

Deno.test("no bot module imports the simulator except the app wiring", () => {
  assert.deepEqual(
    violations(
      (p) => !p.startsWith("src/sim/") && !p.startsWith("src/app/"),
      (i) => !i.startsWith("src/sim/"),
    ),
    [],
  );
});

Deno.test("the sidecar reaches the engine only through the core view", () => {
  const forbidden = ["src/gateway/", "src/signer/", "src/feed/", "src/engine/", "src/limiter/"];
  assert.deepEqual(
    violations((p) => p.startsWith("src/sidecar/"), (i) => !forbidden.some((f) => i.startsWith(f))),
    [],
  );
});

Deno.test("dependencies point inward: core <- pure modules <- I/O modules", () => {
  const pure = [
    "src/engine/strategy/",
    "src/engine/risk/",
    "src/engine/orders/",
    "src/limiter/",
    "src/signer/",
    "src/format/",
  ];
  const io = ["src/gateway/", "src/feed/", "src/sidecar/", "src/app/", "src/engine/loop/"];
  assert.deepEqual(
    violations((p) => pure.some((d) => p.startsWith(d)), (i) => !io.some((d) => i.startsWith(d))),
    [],
  );
});

Deno.test("the feed and the gateway do not import each other (shared wire shapes: src/wire)", () => {
  assert.deepEqual(
    violations((p) => p.startsWith("src/feed/"), (i) => !i.startsWith("src/gateway/")),
    [],
  );
  assert.deepEqual(
    violations((p) => p.startsWith("src/gateway/"), (i) => !i.startsWith("src/feed/")),
    [],
  );
  assert.deepEqual(localImportsOutside("src/wire/", ["src/core/"]), []);
});

Deno.test("the engine imports neither src/config nor zod: its config types live in src/core", () => {
  assert.deepEqual(
    violations(
      (p) => p.startsWith("src/engine/"),
      (i) => !i.startsWith("src/config/") && i !== "zod" && !i.startsWith("npm:zod"),
    ),
    [],
  );
});

Deno.test("ports are declared in src/core: NonceProvider is nowhere else", () => {
  const declaring = files
    .filter((f) => /\b(interface|type)\s+NonceProvider\b/.test(f.text))
    .map((f) => f.path);
  assert.deepEqual(declaring, ["src/core/ports.ts"]);
});

Deno.test("pure modules do no network I/O", () => {
  const pure = [
    "src/core/",
    "src/engine/strategy/",
    "src/engine/risk/",
    "src/engine/orders/",
    "src/limiter/",
    "src/signer/",
    "src/format/",
    "src/config/schema.ts",
  ];
  const io = /\bfetch\(|new WebSocket\(|Deno\.(serve|listen|connect|upgradeWebSocket)\b/;
  const offenders = files
    .filter((f) => pure.some((d) => f.path.startsWith(d)) && io.test(f.text))
    .map((f) => f.path);
  assert.deepEqual(offenders, []);
});

/** The engine's pure steps: no I/O, no clock, no logger, no timers (engine.ts is their shell). */
const ENGINE_STEPS = [
  "src/engine/loop/apply_event.ts",
  "src/engine/loop/apply_account.ts",
  "src/engine/loop/decide.ts",
  "src/engine/loop/heartbeat.ts",
  "src/engine/loop/engine_state.ts",
];

Deno.test("the engine's pure steps reach no port, clock, logger or timer", () => {
  const impure =
    /\bfetch\(|new WebSocket\(|\bsetTimeout\(|\bsetImmediate\(|\bDate\.now\(|\bperformance\.now\(|\.nowMs\(\)|\.monoMs\(\)|\blogger\b|\bawait\b/;
  const offenders = files
    .filter((f) => ENGINE_STEPS.includes(f.path) && impure.test(f.text))
    .map((f) => `${f.path}: ${f.text.match(impure)?.[0]}`);
  assert.deepEqual(offenders, []);
  assert.deepEqual(
    violations(
      (p) => ENGINE_STEPS.includes(p),
      (i) =>
        !isLocal(i) || i.startsWith("src/core/") || i.startsWith("src/engine/") ||
        i.startsWith("src/limiter/address_budget.ts"),
    ),
    [],
  );
  const io = new Set([
    "src/engine/loop/engine_io.ts",
    "src/engine/loop/action_sender.ts",
    "src/engine/loop/engine.ts",
  ]);
  assert.deepEqual(
    violations((p) => ENGINE_STEPS.includes(p), (i) => !io.has(i)),
    [],
    "the pure steps do not import the shell or its I/O",
  );
});

Deno.test("only the engine's steps write the order manager and the position tracker", () => {
  const writes =
    /\.(placeSent|placeOutcomes|modifySent|modifyOutcomes|cancelSent|cancelOutcomes|applyOrderUpdates|applyOrderStatus|reconcile|prune|setFromExchange)\(|\b(orders|positions)\.applyFills\(/;
  const writers = files
    .filter((f) => f.path.startsWith("src/") && !f.path.startsWith("src/sim/"))
    .filter((f) => !f.path.startsWith("src/engine/orders/") && writes.test(f.text))
    .map((f) => f.path)
    .sort();
  assert.deepEqual(writers, [...ENGINE_STEPS].filter((p) => !p.endsWith("decide.ts")).sort());
});

Deno.test("no engine loop file is over 320 lines (one concern per file)", () => {
  const long = files
    .filter((f) => f.path.startsWith("src/engine/loop/"))
    .map((f) => ({ path: f.path, lines: f.text.split("\n").length }))
    .filter((f) => f.lines > 320)
    .map((f) => `${f.path}: ${f.lines}`);
  assert.deepEqual(long, []);
});

Deno.test("one request transport: info and exchange requests reach the wire only through it", () => {
  // Only the HTTP poster calls fetch and only the transports call a poster (the sidecar's own
  // routes and browser script aside); the clients and the write tracker take a RequestTransport.
  const callers = files
    .filter((f) => !f.path.startsWith("src/sim/") && !f.path.startsWith("src/sidecar/"))
    .filter((f) => /(?<![\w.])fetch\(|#fetch\(|[Pp]oster\.post\(/.test(f.text))
    .map((f) => f.path)
    .sort();
  assert.deepEqual(callers, ["src/gateway/http_poster.ts", "src/gateway/request_transport.ts"]);
  for (const path of ["src/gateway/info_client.ts", "src/gateway/exchange_client.ts"]) {
    const text = files.find((f) => f.path === path)?.text ?? "";
    assert.match(text, /readonly transport: RequestTransport;/, path);
  }
  const tracker = files.find((f) => f.path === "src/app/write_tracker.ts")?.text ?? "";
  assert.doesNotMatch(tracker, /typeof fetch|NonceProvider|WsPoster/, "the tracker is a decorator");
});

Deno.test("nothing under src imports tests or main.ts", () => {
  assert.deepEqual(
    violations(() => true, (i) => !i.startsWith("tests/") && i !== "main.ts"),
    [],
  );
});

Deno.test("npm packages are imported through the import map, not inline specifiers", () => {
  assert.deepEqual(
    violations(
      () => true,
      (i) => !i.startsWith("npm:") && !i.startsWith("jsr:") && !i.startsWith("http"),
    ),
    [],
  );
});
