# loanbot's image: build the bundle with the dev tools, then ship only dist/ and the runtime dependencies.
# test/image/ checks this file: a lint and its structure in `npm test`, and every step run on the host in
# `npm run check:image` (no Docker engine needed).

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary when one fits; the toolchain builds it when none does.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY views ./views
# Sandbox mode (LOANBOT_LENDERS=sandbox) loads the sandbox lenders lazily; they are bundled as a chunk of their own.
COPY dev/sandbox ./dev/sandbox
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    LOANBOT_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
# The SQLite store (outbox, audit trail) when DATABASE_URL is unset. Keep it on a volume.
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and gets SIGTERM itself: it stops taking requests, finishes in-flight work (up to 10 s),
# flushes its logs and exits 0. Give it a stop grace of at least 15 s (docker stop -t 20, stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/main.js"]
