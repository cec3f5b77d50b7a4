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
  assert.deepEqual(
    violations(
      (p) => p.startsWith("src/sim/"),
      (i) =>
        !isLocal(i) || i.startsWith("src/sim/") || i.startsWith("src/core/") ||
        i.startsWith("src/util/"),
    ),
    [],
  );
});

Deno.test("src/util imports only itself and src/core (no bot logic reaches the simulator)", () => {
  assert.deepEqual(
    violations(
      (p) => p.startsWith("src/util/"),
      (i) => !isLocal(i) || i.startsWith("src/util/") || i.startsWith("src/core/"),
    ),
    [],
  );
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
  assert.deepEqual(
    violations(
      (p) => p.startsWith("src/wire/"),
      (i) => !isLocal(i) || i.startsWith("src/core/") || i.startsWith("src/wire/"),
    ),
    [],
  );
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
