/** Read a request body up to `maxBytes`; "tooLarge" past it, "aborted" if the client vanished. */
export async function readBodyCapped(
  req: Request,
  maxBytes: number,
): Promise<Uint8Array | "tooLarge" | "aborted"> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) return "tooLarge";
  if (req.body === null) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        return "tooLarge";
      }
      chunks.push(value);
    }
  } catch {
    return "aborted";
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
