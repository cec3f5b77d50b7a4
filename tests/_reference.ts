/**
 * The shared reference files (`../shared/reference/`, next to the repository). Found from this
 * file's location up to the repository root (the directory with deno.json), never by an absolute
 * path. A missing file is an error that fails the test: the reference checks never skip.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest directory above this file that holds deno.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "deno.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("no deno.json above tests/_reference.ts");
    dir = up;
  }
  return dir;
}

/** Absolute path of `name` in `../shared/reference/` relative to the repository root. */
export function referencePath(name: string): string {
  return join(repoRoot(), "..", "shared", "reference", name);
}

/** The text of a reference file; throws (failing the test) with its expected path when absent. */
export async function readReference(name: string): Promise<string> {
  const path = referencePath(name);
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    throw new Error(
      `reference file missing: ${path} (expected at ../shared/reference/${name} next to the ` +
        `repository): ${String(error)}`,
    );
  }
}
