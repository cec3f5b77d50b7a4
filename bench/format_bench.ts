/**
 * Wire-formatting throughput: one bid price, one ask price and one size per iteration, over a
 * mix of realistic prices and szDecimals. Run: deno bench -A bench/format_bench.ts
 */
import { formatPrice, formatSize } from "../src/format/wire_number.ts";

const cases = [
  { px: 97123.4567, sz: 0.00123456, d: 5 },
  { px: 3012.345678, sz: 0.034712, d: 4 },
  { px: 187.654321, sz: 1.2345, d: 2 },
  { px: 0.1 + 0.2, sz: 1234.5, d: 0 },
  { px: 0.000012345678, sz: 123456.78, d: 0 },
  { px: 24.98765, sz: 12.3456, d: 1 },
  { px: 1.000123, sz: 100.25, d: 1 },
  { px: 0.4567891, sz: 987.6, d: 1 },
];
let i = 0;

Deno.bench(
  "formatPrice bid + formatPrice ask + formatSize",
  { group: "format", baseline: true },
  () => {
    const c = cases[i++ & 7]!;
    formatPrice(c.px, c.d, "bid");
    formatPrice(c.px, c.d, "ask");
    formatSize(c.sz, c.d);
  },
);

Deno.bench("formatPrice (one side)", { group: "format" }, () => {
  const c = cases[i++ & 7]!;
  formatPrice(c.px, c.d, (i & 1) === 0 ? "bid" : "ask");
});

Deno.bench("formatSize", { group: "format" }, () => {
  const c = cases[i++ & 7]!;
  formatSize(c.sz, c.d);
});
