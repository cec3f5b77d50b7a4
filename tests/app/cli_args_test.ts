import assert from "node:assert/strict";
import { parseCliArgs, UsageError } from "../../src/app/cli_args.ts";

Deno.test("parseCliArgs: config path and flags, `--` ignored (deno task passes it)", () => {
  const args = ["--sim", "configs/x.json", "--", "--duration", "60", "--log-format=pretty"];
  const a = parseCliArgs(args);
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

Deno.test("parseCliArgs: --market and --initial-address-budget for the embedded simulator", () => {
  const args = ["--sim", "c.json", "--", "--market", "thin", "--initial-address-budget=2000"];
  const a = parseCliArgs(args);
  assert.equal(a.simMarket, "thin");
  assert.equal(a.simInitialAddressBudget, 2000);
  const plain = parseCliArgs(["--sim", "c.json"]);
  assert.equal(plain.simMarket, undefined);
  assert.equal(plain.simInitialAddressBudget, undefined);
  for (
    const [args, message] of [
      [["--sim", "c.json", "--market", "stormy"], /--market: expected one of calm, busy, thin/],
      [["--sim", "c.json", "--market"], /--market needs a value/],
      [["--sim", "c.json", "--initial-address-budget", "-5"], /non-negative integer/],
      [["--sim", "c.json", "--initial-address-budget", "1.5"], /non-negative integer/],
      [["c.json", "--market", "thin"], /need --sim/],
      [["c.json", "--initial-address-budget", "10"], /need --sim/],
    ] as const
  ) {
    assert.throws(() => parseCliArgs(args), (e: unknown) => {
      assert.ok(e instanceof UsageError, JSON.stringify(args));
      assert.match(e.message, message);
      return true;
    });
  }
});
