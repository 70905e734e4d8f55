# syntax=docker/dockerfile:1
# Pixbucket: build with the dev dependencies, ship with the production ones only, run as `node`.
# The build steps are the README's "Running in production → From source" (a test checks they match).

FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
RUN npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    PIXBUCKET_DATA_DIR=/data
# What `next start` and the `pixbucket` command need at run time: the build, production
# node_modules, the SQL migrations (applied at start-up) and the CLI's sources (run through tsx).
COPY --from=build /app/package.json /app/package-lock.json /app/next.config.ts /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/drizzle ./drizzle
COPY --from=build /app/bin ./bin
COPY --from=build /app/src ./src
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# 200 only once the database is migrated and storage answers (see GET /api/health).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Next itself, not `npm start`: SIGTERM must reach the server for a graceful stop.
CMD ["node", "node_modules/next/dist/bin/next", "start"]
