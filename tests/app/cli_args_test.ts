import assert from "node:assert/strict";
import { parseCliArgs, UsageError } from "../../src/app/cli_args.ts";

Deno.test("parseCliArgs: config path and flags, `--` ignored (deno task passes it)", () => {
  const a = parseCliArgs([
    "--sim",
    "configs/x.json",
    "--",
    "--duration",
    "60",
    "--log-format=pretty",
  ]);
  assert.equal(a.configPath, "configs/x.json");
  assert.equal(a.sim, true);
  assert.equal(a.durationMs, 60_000);
  assert.equal(a.logFormat, "pretty");
  assert.equal(a.dryRun, false);
  assert.equal(parseCliArgs(["c.json", "--dry-run"]).dryRun, true);
});

Deno.test("parseCliArgs: bad input is a UsageError (exit 2)", () => {
  for (
    const args of [[], ["a.json", "b.json"], ["a.json", "--duration", "-1"], ["a.json", "--nope"], [
      "a.json",
      "--log-format",
      "xml",
    ]]
  ) {
    assert.throws(() => parseCliArgs(args), UsageError, JSON.stringify(args));
  }
  assert.equal(new UsageError("x").exitCode, 2);
});
