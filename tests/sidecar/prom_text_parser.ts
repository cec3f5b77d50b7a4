/**
 * A small strict parser of the Prometheus text exposition format (0.0.4), for the sidecar's
 * /metrics tests. Throws on anything the format does not allow:
 * - `# HELP name text` (escapes \\ and \n) and `# TYPE name type`, at most one each per family,
 *   TYPE before the family's first sample; other `#` lines are comments; blank lines ignored.
 * - samples `name{label="value",...} value [timestamp]`: metric names [a-zA-Z_:][a-zA-Z0-9_:]*,
 *   label names [a-zA-Z_][a-zA-Z0-9_]* (not `__`-prefixed, no duplicates), label values with
 *   \\ \" \n escapes, Go float values (incl. NaN, +Inf, -Inf), optional integer timestamp.
 * - a family's lines are contiguous; no series twice; the text ends with a newline.
 * - histograms: only _bucket/_sum/_count samples; per label set, `le` buckets strictly increasing
 *   with non-decreasing counts, a `+Inf` bucket equal to _count, and a _sum.
 * - counters: non-negative values.
 */

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestampMs?: number;
}

export interface Family {
  readonly name: string;
  help?: string;
  type: MetricType;
  readonly samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export class PromParseError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = "PromParseError";
  }
}

export function parseFloatStrict(text: string): number | null {
  const t = text.toLowerCase();
  if (t === "nan") return NaN;
  if (t === "+inf" || t === "inf") return Infinity;
  if (t === "-inf") return -Infinity;
  return FLOAT.test(text) ? Number(text) : null;
}

function unescapeHelp(text: string, line: number): string {
  return text.replace(/\\(.?)/g, (_m, c: string) => {
    if (c === "\\") return "\\";
    if (c === "n") return "\n";
    throw new PromParseError(line, `bad escape in HELP: \\${c}`);
  });
}

/** The family a sample name belongs to, given the declared types. */
function familyOf(name: string, families: Map<string, Family>): string {
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (name.endsWith(suffix)) {
      const base = name.slice(0, -suffix.length);
      const f = families.get(base);
      if (f && (f.type === "histogram" || (f.type === "summary" && suffix !== "_bucket"))) {
        return base;
      }
    }
  }
  return name;
}

/** Parse `{a="x",b="y"}` starting at text[0] === "{"; returns labels and the rest. */
function parseLabels(
  text: string,
  line: number,
): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1;
  const skipSpaces = () => {
    while (text[i] === " " || text[i] === "\t") i++;
  };
  skipSpaces();
  while (text[i] !== "}") {
    const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i));
    if (!m) throw new PromParseError(line, `bad label name at ${JSON.stringify(text.slice(i))}`);
    const name = m[0];
    if (name.startsWith("__")) throw new PromParseError(line, `reserved label name ${name}`);
    if (name in labels) throw new PromParseError(line, `duplicate label ${name}`);
    i += name.length;
    skipSpaces();
    if (text[i] !== "=") throw new PromParseError(line, `expected = after label ${name}`);
    i++;
    skipSpaces();
    if (text[i] !== '"') throw new PromParseError(line, `expected " to open label ${name}`);
    i++;
    let value = "";
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new PromParseError(line, `unterminated value of label ${name}`);
      if (c === '"') break;
      if (c === "\n") throw new PromParseError(line, "raw newline in label value");
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "\\") value += "\\";
        else if (e === '"') value += '"';
        else if (e === "n") value += "\n";
        else throw new PromParseError(line, `bad escape \\${e ?? ""} in label ${name}`);
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    labels[name] = value;
    skipSpaces();
    if (text[i] === ",") {
      i++;
      skipSpaces();
    } else if (text[i] !== "}") {
      throw new PromParseError(line, `expected , or } after label ${name}`);
    }
  }
  return { labels, rest: text.slice(i + 1) };
}

function seriesKey(name: string, labels: Record<string, string>): string {
  return name + JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function checkHistogram(f: Family): void {
  const groups = new Map<
    string,
    { buckets: { le: number; v: number }[]; sum?: number; count?: number }
  >();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
    let g = groups.get(key);
    if (!g) groups.set(key, g = { buckets: [] });
    if (s.name === `${f.name}_bucket`) {
      if (le === undefined) throw new Error(`${f.name}: bucket without le`);
      const bound = parseFloatStrict(le);
      if (bound === null || Number.isNaN(bound)) throw new Error(`${f.name}: bad le ${le}`);
      g.buckets.push({ le: bound, v: s.value });
    } else if (s.name === `${f.name}_sum`) {
      if (le !== undefined) throw new Error(`${f.name}_sum with le`);
      g.sum = s.value;
    } else if (s.name === `${f.name}_count`) {
      if (le !== undefined) throw new Error(`${f.name}_count with le`);
      g.count = s.value;
    } else {
      throw new Error(`${f.name}: unexpected sample ${s.name} in a histogram`);
    }
  }
  if (groups.size === 0) return;
  for (const g of groups.values()) {
    if (g.buckets.length === 0) throw new Error(`${f.name}: no buckets`);
    for (let i = 1; i < g.buckets.length; i++) {
      const a = g.buckets[i - 1]!, b = g.buckets[i]!;
      if (!(b.le > a.le)) throw new Error(`${f.name}: le not increasing (${a.le}, ${b.le})`);
      if (b.v < a.v) throw new Error(`${f.name}: bucket counts decrease at le=${b.le}`);
    }
    const inf = g.buckets.at(-1)!;
    if (inf.le !== Infinity) throw new Error(`${f.name}: no le="+Inf" bucket`);
    if (g.count === undefined) throw new Error(`${f.name}: no _count`);
    if (g.sum === undefined) throw new Error(`${f.name}: no _sum`);
    if (g.count !== inf.v) throw new Error(`${f.name}: _count ${g.count} != +Inf bucket ${inf.v}`);
  }
}

export function parsePrometheusText(text: string): Map<string, Family> {
  if (text.length > 0 && !text.endsWith("\n")) {
    throw new PromParseError(0, "exposition must end with a newline");
  }
  const families = new Map<string, Family>();
  const series = new Set<string>();
  const closed = new Set<string>();
  let currentFamily: string | null = null;
  const enter = (name: string, line: number) => {
    if (currentFamily === name) return;
    if (closed.has(name) || families.get(name)?.samples.length) {
      throw new PromParseError(line, `lines of ${name} are not contiguous`);
    }
    if (currentFamily !== null) closed.add(currentFamily);
    currentFamily = name;
  };
  const family = (name: string): Family => {
    let f = families.get(name);
    if (!f) families.set(name, f = { name, type: "untyped", samples: [] });
    return f;
  };
  const declared = new Set<string>();
  const helped = new Set<string>();

  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((raw, index) => {
    const n = index + 1;
    if (raw.includes("\r")) throw new PromParseError(n, "carriage return");
    const line = raw.replace(/^[ \t]+/, "");
    if (line === "") return;
    if (line.startsWith("#")) {
      const m = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line);
      if (!m) return; // plain comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string | undefined];
      if (!METRIC_NAME.test(name)) throw new PromParseError(n, `bad metric name ${name}`);
      enter(name, n);
      const f = family(name);
      if (kind === "HELP") {
        if (helped.has(name)) throw new PromParseError(n, `second HELP for ${name}`);
        helped.add(name);
        f.help = unescapeHelp(rest ?? "", n);
      } else {
        const type = (rest ?? "").trim();
        if (!TYPES.has(type)) throw new PromParseError(n, `bad type ${JSON.stringify(type)}`);
        if (declared.has(name)) throw new PromParseError(n, `second TYPE for ${name}`);
        if (f.samples.length > 0) throw new PromParseError(n, `TYPE after samples of ${name}`);
        declared.add(name);
        f.type = type as MetricType;
      }
      return;
    }
    const nm = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (!nm) throw new PromParseError(n, `bad metric name in ${JSON.stringify(line)}`);
    const name = nm[0];
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith("{")) {
      const parsed = parseLabels(rest, n);
      labels = parsed.labels;
      rest = parsed.rest;
    }
    if (!/^[ \t]/.test(rest)) throw new PromParseError(n, `expected a space before the value`);
    const parts = rest.trim().split(/[ \t]+/);
    if (parts.length < 1 || parts.length > 2 || parts[0] === "") {
      throw new PromParseError(n, `expected value [timestamp], got ${JSON.stringify(rest)}`);
    }
    const value = parseFloatStrict(parts[0]!);
    if (value === null) throw new PromParseError(n, `bad value ${JSON.stringify(parts[0])}`);
    let timestampMs: number | undefined;
    if (parts[1] !== undefined) {
      if (!/^-?\d+$/.test(parts[1])) throw new PromParseError(n, `bad timestamp ${parts[1]}`);
      timestampMs = Number(parts[1]);
    }
    const fname = familyOf(name, families);
    enter(fname, n);
    const f = family(fname);
    if (f.type === "counter" && !(value >= 0)) {
      throw new PromParseError(n, `counter ${name} has value ${parts[0]}`);
    }
    if (f.type === "histogram" && name === fname) {
      throw new PromParseError(n, `histogram ${name} has a bare sample`);
    }
    if ("le" in labels && !(f.type === "histogram" && name === `${fname}_bucket`)) {
      throw new PromParseError(n, `le label outside a histogram bucket (${name})`);
    }
    const key = seriesKey(name, labels);
    if (series.has(key)) throw new PromParseError(n, `duplicate series ${key}`);
    series.add(key);
    f.samples.push({ name, labels, value, ...(timestampMs !== undefined ? { timestampMs } : {}) });
  });
  for (const f of families.values()) {
    if (f.type === "histogram") checkHistogram(f);
  }
  return families;
}

/** LABEL_NAME is exported for tests that check label names on their own. */
export { LABEL_NAME, METRIC_NAME };
