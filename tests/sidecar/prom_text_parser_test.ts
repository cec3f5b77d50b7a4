import assert from "node:assert/strict";
import { parsePrometheusText, PromParseError } from "./prom_text_parser.ts";

const VALID = [
  "# HELP http_requests_total The total number of HTTP requests.",
  "# TYPE http_requests_total counter",
  'http_requests_total{method="post",code="200"} 1027 1395066363000',
  'http_requests_total{method="post",code="400"}    3 1395066363000',
  "",
  "# A plain comment",
  "# HELP msdos_file_access_time_seconds Escapes: a\\\\b and a\\nnewline",
  "# TYPE msdos_file_access_time_seconds gauge",
  'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
  "metric_without_timestamp_and_labels 12.47",
  'something_weird{problem="division by zero",} +Inf -3982045',
  "# HELP http_request_duration_seconds A histogram of the request duration.",
  "# TYPE http_request_duration_seconds histogram",
  'http_request_duration_seconds_bucket{le="0.05"} 24054',
  'http_request_duration_seconds_bucket{le="0.1"} 33444',
  'http_request_duration_seconds_bucket{le="+Inf"} 144320',
  "http_request_duration_seconds_sum 53423",
  "http_request_duration_seconds_count 144320",
  "nan_gauge Nan",
  "",
].join("\n");

Deno.test("prom parser: accepts the format's own example", () => {
  const f = parsePrometheusText(VALID);
  assert.equal(f.get("http_requests_total")?.type, "counter");
  assert.equal(f.get("http_requests_total")?.samples[0]?.timestampMs, 1395066363000);
  const msdos = f.get("msdos_file_access_time_seconds");
  assert.equal(msdos?.help, "Escapes: a\\b and a\nnewline");
  assert.equal(msdos?.samples[0]?.labels.path, "C:\\DIR\\FILE.TXT");
  assert.equal(msdos?.samples[0]?.labels.error, 'Cannot find file:\n"FILE.TXT"');
  assert.equal(f.get("something_weird")?.samples[0]?.value, Infinity);
  assert.equal(f.get("http_request_duration_seconds")?.samples.length, 5);
  assert.ok(Number.isNaN(f.get("nan_gauge")?.samples[0]?.value));
});

const BAD: ReadonlyArray<readonly [string, string]> = [
  ["no trailing newline", "a 1"],
  ["bad metric name", "1abc 1\n"],
  ["bad metric name in TYPE", "# TYPE 1abc gauge\n"],
  ["bad type", "# TYPE a countr\n"],
  ["TYPE after samples", "a 1\n# TYPE a gauge\n"],
  ["second TYPE", "# TYPE a gauge\n# TYPE a gauge\n"],
  ["second HELP", "# HELP a x\n# HELP a y\n"],
  ["missing value", "a\n"],
  ["bad value", "a one\n"],
  ["three fields", "a 1 2 3\n"],
  ["bad timestamp", "a 1 1.5\n"],
  ["unquoted label value", "a{b=c} 1\n"],
  ["unterminated label value", 'a{b="c} 1\n'],
  ["bad escape in label", 'a{b="\\t"} 1\n'],
  ["missing comma", 'a{b="1" c="2"} 1\n'],
  ["bad label name", 'a{1b="1"} 1\n'],
  ["reserved label name", 'a{__name__="x"} 1\n'],
  ["duplicate label", 'a{b="1",b="2"} 1\n'],
  ["duplicate series", 'a{b="1"} 1\na{b="1"} 2\n'],
  ["not contiguous", 'a 1\nb 1\na{x="1"} 2\n'],
  ["negative counter", "# TYPE c_total counter\nc_total -1\n"],
  [
    "histogram without +Inf",
    '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
  ],
  [
    "histogram decreasing",
    '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="2"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n',
  ],
  [
    "histogram le not increasing",
    '# TYPE h histogram\nh_bucket{le="2"} 1\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
  ],
  [
    "histogram count mismatch",
    '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n',
  ],
  ["histogram without sum", '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 2\n'],
  ["histogram bare sample", "# TYPE h histogram\nh 2\n"],
  ["le outside histogram", 'g{le="1"} 2\n'],
  ["carriage return", "a 1\r\n"],
];

for (const [name, text] of BAD) {
  Deno.test(`prom parser: rejects ${name}`, () => {
    assert.throws(() => parsePrometheusText(text), (e: unknown) => e instanceof Error);
  });
}

Deno.test("prom parser: errors carry the line number", () => {
  assert.throws(() => parsePrometheusText("a 1\nb x\n"), (e: unknown) => {
    return e instanceof PromParseError && e.message.startsWith("line 2:");
  });
});
