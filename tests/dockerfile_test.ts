import assert from "node:assert/strict";

const dockerfile = await Deno.readTextFile("Dockerfile");
const denoJson = JSON.parse(await Deno.readTextFile("deno.json"));

Deno.test("the Dockerfile pins the official Deno image to the project's version", () => {
  const ci = Deno.readTextFileSync(".ci/run");
  const version = /DENO_VERSION=(\S+)/.exec(ci)?.[1];
  assert.ok(version);
  assert.match(
    dockerfile,
    new RegExp(`^FROM denoland/deno:${version.replaceAll(".", "\\.")}$`, "m"),
  );
});

Deno.test("every path the Dockerfile copies exists", async () => {
  const copies = [...dockerfile.matchAll(/^COPY\s+(.+)$/gm)].map((m) => m[1]!.trim().split(/\s+/));
  assert.ok(copies.length > 0);
  for (const parts of copies) {
    for (const src of parts.slice(0, -1)) {
      const stat = await Deno.stat(src.replace(/\/$/, ""));
      assert.ok(stat.isFile || stat.isDirectory, `${src} exists`);
    }
  }
});

Deno.test("the Dockerfile caches dependencies from the lock, runs as non-root, checks health", () => {
  assert.match(dockerfile, /COPY deno\.json deno\.lock/);
  assert.match(dockerfile, /RUN deno install --frozen/);
  assert.match(dockerfile, /^USER deno$/m);
  assert.match(dockerfile, /^HEALTHCHECK .*\n?.*\/health/m);
});

Deno.test("the Dockerfile's default command is the documented run task on an existing config", async () => {
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
  assert.ok(cmd);
  const argv: string[] = JSON.parse(cmd);
  assert.deepEqual(argv.slice(0, 3), ["deno", "task", "run"]);
  assert.ok(denoJson.tasks.run, "deno.json has a run task");
  assert.ok((await Deno.stat(argv[3]!)).isFile);
});
