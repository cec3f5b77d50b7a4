import assert from "node:assert/strict";
import { parseSimCliArgs, SimUsageError } from "../../src/sim/sim_cli_args.ts";

Deno.test("sim:exchange args: defaults, --market and --initial-address-budget", () => {
  assert.deepEqual(parseSimCliArgs([]), {
    port: 8080,
    hostname: "127.0.0.1",
    seed: 1,
    network: "testnet",
    marketProfile: "busy",
    noScheduleCancelGate: false,
  });
  const a = parseSimCliArgs([
    "--",
    "--market",
    "thin",
    "--initial-address-budget=2000",
    "--seed",
    "4",
    "--no-schedule-cancel-gate",
    "--record",
    "f.jsonl.gz",
  ]);
  assert.equal(a.marketProfile, "thin");
  assert.equal(a.initialAddressBudget, 2000);
  assert.equal(a.seed, 4);
  assert.equal(a.noScheduleCancelGate, true);
  assert.equal(a.record, "f.jsonl.gz");
  assert.equal(parseSimCliArgs(["--market", "calm"]).marketProfile, "calm");
});

Deno.test("sim:exchange args: bad values are usage errors (exit 2)", () => {
  for (
    const [args, message] of [
      [["--market", "stormy"], /--market must be one of calm, busy, thin, got stormy/],
      [
        ["--initial-address-budget=-1"],
        /--initial-address-budget must be a non-negative integer/,
      ],
      [
        ["--initial-address-budget", "ten"],
        /--initial-address-budget must be a non-negative integer/,
      ],
      [["--initial-address-budget"], /initial-address-budget/],
      [["--markt", "thin"], /markt/],
    ] as const
  ) {
    assert.throws(() => parseSimCliArgs(args), (e: unknown) => {
      assert.ok(e instanceof SimUsageError, JSON.stringify(args));
      assert.equal(e.exitCode, 2);
      assert.match(e.message, message);
      return true;
    });
  }
});
