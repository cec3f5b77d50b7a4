/**
 * The lines of a UTF-8 byte stream (a child process's stdout) as they arrive, without their "\n";
 * an unended last line is dropped. Used by the soak benchmark and the tests that run main.ts as a
 * process.
 */
export async function* textLines(bytes: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buf = "";
  for await (const chunk of bytes.pipeThrough(new TextDecoderStream())) {
    buf += chunk;
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      yield buf.slice(0, i);
      buf = buf.slice(i + 1);
    }
  }
}
