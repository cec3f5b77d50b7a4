# hl-mm: the market maker in the official Deno image, pinned to the version the project uses.
FROM denoland/deno:2.9.6

WORKDIR /app

# Dependencies first, so they are cached between builds; the lock file makes them exact.
COPY deno.json deno.lock ./
COPY main.ts ./
COPY src/ ./src/
RUN deno install --frozen --entrypoint main.ts

COPY configs/ ./configs/
COPY setup_hft_env.sh README.md ./

# The image's unprivileged user.
RUN chown -R deno:deno /app
USER deno

# The sidecar listens on loopback inside the container by default (config "sidecar").
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:8787/health'); Deno.exit(r.ok ? 0 : 1)"]

# Secrets come only from the environment: docker run -e HL_PRIVATE_KEY=... hl-mm
CMD ["deno", "task", "run", "configs/fast_trading.json"]
