# syntax=docker/dockerfile:1
# news-ingest container image.
#
#   docker build -t news-ingest:local .
#
# One image, several entry points (pick one with the container command):
#   node dist/workers/api.js            HTTP API: /healthz /readyz /metrics /admin/queues, webhook, raw upload (default)
#   node dist/workers/ingest-worker.js  queue worker + reconciling bucket scan (also serves /healthz /readyz /metrics)
#   node dist/workers/indexer.js        optional reference indexer (needs DATABASE_URL)
#   node bin/news-ingest.js start       everything in one process
#
# NODE_OPTIONS carries --openssl-legacy-provider for every entry point, so the flag never has to be
# repeated on the command line.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------------
# build: full dependency tree (dev included) and the TypeScript build to dist/
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# Dependencies first so this layer is cached until the lockfile changes. Lifecycle scripts are skipped
# here because `prepare` (tsc) needs the sources that are only copied below.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts

# Sources, then the dependencies' own install scripts (native addons such as msgpackr-extract) and the
# root `prepare` build (tsc -p tsconfig.build.json -> dist/).
COPY . .
RUN npm rebuild && npm run prepare && test -f dist/workers/api.js && mkdir -p schema

# ---------------------------------------------------------------------------------------------------
# prod-deps: the same tree pruned to runtime dependencies only
# ---------------------------------------------------------------------------------------------------
FROM build AS prod-deps
RUN npm prune --omit=dev && npm cache clean --force

# ---------------------------------------------------------------------------------------------------
# runtime: slim image, non-root, read-only friendly
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="news-ingest" \
      org.opencontainers.image.description="Raw news text in S3 -> clean, deduplicated article events on BullMQ queues"

ENV NODE_ENV=production \
    NODE_OPTIONS=--openssl-legacy-provider \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=3000 \
    DATA_DIR=/data

WORKDIR /app

# Application files stay owned by root (the process cannot modify its own code); only /data, used by the
# embedded S3 server when S3_ENDPOINT is unset, is writable by the runtime user.
COPY --from=prod-deps /app/package.json /app/package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/schema ./schema
COPY --from=build /app/migrations ./migrations
RUN mkdir -p /data && chown node:node /data \
    && chmod 0755 /app/bin/news-ingest.js \
    && ln -s /app/bin/news-ingest.js /usr/local/bin/news-ingest

# The `node` user (uid/gid 1000) ships with the official Node images.
USER node:node
EXPOSE 3000

HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# Node runs as PID 1 and handles SIGTERM itself: the workers drain for up to SHUTDOWN_TIMEOUT (30s by
# default), so give containers a stop timeout above that (compose: stop_grace_period, k8s:
# terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM
CMD ["node", "dist/workers/api.js"]
