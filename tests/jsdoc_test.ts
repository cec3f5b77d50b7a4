/**
 * Keeps src/ documented: every exported top-level symbol (function, class, interface, type alias,
 * constant) carries a JSDoc comment right above it, as `deno doc --json` sees it. One `deno doc`
 * run covers every .ts file under src/. A re-export (`export { x } from "./y.ts"`, barrels) needs
 * no comment of its own when it points into src/: it is documented where it is defined, which
 * this check covers.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), ".."));
const SRC = join(ROOT, "src");

async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...await tsFiles(path));
    else if (entry.isFile && entry.name.endsWith(".ts")) out.push(path);
  }
  return out.sort();
}

/** The parts of deno doc's JSON (format version 2) this check reads. */
interface DocLocation {
  readonly filename: string;
  /** 0-based (the JSON output counts lines from 0; the text output from 1). */
  readonly line: number;
}
interface DocDeclaration {
  readonly location: DocLocation;
  /** "export" for exported symbols; "private" for unexported ones that exports refer to. */
  readonly declarationKind: string;
  /** function | class | interface | typeAlias | variable | enum | namespace | reference */
  readonly kind: string;
  readonly jsDoc?: { readonly doc?: string };
  /** For kind "reference" (a re-export): where the symbol is defined. */
  readonly def?: { readonly target?: DocLocation };
}
interface DocOutput {
  readonly version: number;
  readonly nodes: Record<string, {
    readonly symbols: readonly { name: string; declarations: readonly DocDeclaration[] }[];
  }>;
}

async function denoDoc(files: readonly string[]): Promise<DocOutput> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "--no-remote", ...files],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const err = new TextDecoder().decode(stderr);
  assert.equal(code, 0, `deno doc failed:\n${err}`);
  return JSON.parse(new TextDecoder().decode(stdout)) as DocOutput;
}

function inSrc(fileUrl: string): boolean {
  if (!fileUrl.startsWith("file:")) return false;
  return !relative(SRC, fileURLToPath(fileUrl)).startsWith("..");
}

function where(loc: DocLocation): string {
  return `${relative(ROOT, fileURLToPath(loc.filename)).replaceAll("\\", "/")}:${loc.line + 1}`;
}

const sourceLines = new Map<string, string[]>();

/**
 * True when a comment ends on the line right above the declaration. deno doc also hands a file's
 * opening comment (which describes the module, and is followed by a blank line) to the first
 * symbol; that does not count as the symbol's own JSDoc.
 */
function commentEndsAbove(loc: DocLocation): boolean {
  let lines = sourceLines.get(loc.filename);
  if (lines === undefined) {
    lines = Deno.readTextFileSync(fileURLToPath(loc.filename)).split("\n");
    sourceLines.set(loc.filename, lines);
  }
  return (lines[loc.line - 1] ?? "").trimEnd().endsWith("*/");
}

/** file:line name of each exported top-level symbol in src/ without a JSDoc text. */
function undocumented(doc: DocOutput): { missing: string[]; exported: number } {
  const missing: { loc: DocLocation; line: string }[] = [];
  let exported = 0;
  const seen = new Set<string>();
  for (const node of Object.values(doc.nodes)) {
    for (const symbol of node.symbols) {
      const decls = symbol.declarations.filter((d) =>
        d.declarationKind === "export" && inSrc(d.location.filename)
      );
      // Overloads of one function (or a merged declaration of one kind) need one comment.
      const byKind = Map.groupBy(decls, (d) => d.kind);
      for (const [kind, group] of byKind) {
        const first = group[0]!;
        const target = first.def?.target?.filename;
        if (kind === "reference" && target !== undefined && inSrc(target)) continue;
        // `export *` barrels list the symbols they pass on again, at their defining location.
        const key = `${first.location.filename}:${first.location.line}:${symbol.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        exported++;
        const documented = group.some((d) =>
          (d.jsDoc?.doc ?? "").trim() !== "" && commentEndsAbove(d.location)
        );
        if (!documented) {
          missing.push({ loc: first.location, line: `${where(first.location)} ${symbol.name}` });
        }
      }
    }
  }
  missing.sort((a, b) => a.loc.filename.localeCompare(b.loc.filename) || a.loc.line - b.loc.line);
  return { missing: missing.map((m) => m.line), exported };
}

Deno.test("every exported top-level symbol in src has a JSDoc line saying what it is for", async () => {
  const files = await tsFiles(SRC);
  assert.ok(files.length > 0, `no .ts files under ${SRC}`);
  const doc = await denoDoc(files);
  assert.equal(doc.version, 2, "deno doc --json changed its format; update this check");
  const { missing, exported } = undocumented(doc);
  assert.ok(exported > 0, "deno doc reported no exported symbol under src/");
  assert.deepEqual(
    missing,
    [],
    `${missing.length} of ${exported} exported symbols in src/ have no JSDoc:\n` +
      missing.join("\n"),
  );
});
