/**
 * Load playwright-core under Deno's explicit permission flags (the test task does not pass -A).
 *
 * playwright-core probes `/proc/sys/fs/binfmt_misc/WSLInterop` with `fs.existsSync` when it is
 * loaded. Node's existsSync never throws, but Deno's throws NotCapable for /proc paths unless
 * --allow-all is given. The shim restores Node's contract (a path we may not look at does not
 * exist for us) for that one error, then imports playwright-core.
 */
import fs from "node:fs";

let installed = false;

function installExistsSyncShim(): void {
  if (installed) return;
  installed = true;
  const original = fs.existsSync;
  fs.existsSync = (path: fs.PathLike): boolean => {
    try {
      return original(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotCapable) return false;
      throw error;
    }
  };
}

export type Playwright = typeof import("playwright-core");

export async function loadPlaywright(): Promise<Playwright> {
  installExistsSyncShim();
  return await import("playwright-core");
}
