# One image for the five services; choose one with the command, e.g. `scripts/service.sh ingest` (adds its V8 flags).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .swcrc tsconfig.json ./
COPY apps/cli/package.json apps/cli/package.json
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY apps apps
COPY libs libs
COPY scripts/build.mjs scripts/build.mjs
RUN node scripts/build.mjs && npm prune --omit=dev --ignore-scripts

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY scripts/service.sh scripts/node-flags.json scripts/
USER node
CMD ["scripts/service.sh", "query"]
