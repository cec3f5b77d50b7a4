import assert from "node:assert/strict";
import { normalizeDecimalString } from "../../src/format/normalize_decimal_string.ts";

Deno.test("normalizeDecimalString strips leading and trailing zeros like the TS SDK", () => {
  const table: Array<[string, string]> = [
    ["00123", "123"],
    ["1.2000", "1.2"],
    [".5", "0.5"],
    ["5.", "5"],
    ["-0.0", "0"],
    ["-0", "0"],
    ["0", "0"],
    ["000", "0"],
    ["0.000", "0"],
    ["2000.0", "2000"],
    ["2000", "2000"],
    ["0.0012340", "0.001234"],
    ["-1.50", "-1.5"],
    ["-001.0", "-1"],
    ["100.001", "100.001"],
  ];
  for (const [input, out] of table) assert.equal(normalizeDecimalString(input), out, input);
});

Deno.test("normalizeDecimalString rejects exponents, blanks and other non-decimals", () => {
  for (
    const bad of [
      "",
      ".",
      "-",
      "-.",
      "1e-7",
      "1E5",
      " 1",
      "1 ",
      "+1",
      "1.2.3",
      "0x10",
      "abc",
      "1,5",
    ]
  ) {
    assert.throws(() => normalizeDecimalString(bad), TypeError, JSON.stringify(bad));
  }
  assert.throws(() => normalizeDecimalString(5 as unknown as string), TypeError);
});
