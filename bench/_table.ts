/** Markdown tables for the benchmarks' printed results (pasted into docs/benchmarks.md). */

/** A Markdown table: a header row, the separator, one line per row. */
export function markdownTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  return [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

/** A number with `digits` decimals, or "n/a". */
export function fixed(x: number | null, digits = 1): string {
  return x === null ? "n/a" : x.toFixed(digits);
}

/** The columns of a table of `R` rows: each one's heading and how a row shows in it. */
export type Columns<R> = readonly (readonly [heading: string, cell: (row: R) => string])[];

/** A table of `rows`, one column per `[heading, cell]` pair. */
export function columnsTable<R>(rows: readonly R[], columns: Columns<R>): string {
  return markdownTable(
    columns.map(([h]) => h),
    rows.map((r) => columns.map(([, cell]) => cell(r))),
  );
}
