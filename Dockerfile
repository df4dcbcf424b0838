# The API (with the web app it serves) as a container. Built from the repository root:
#   docker build -t credits .
#   docker run -p 3000:3000 --env-file .env credits
# It runs the compiled production entry (apps/api/dist/server.js), which never loads the Whop
# simulator and refuses to start without production settings (docs/deployment.md).

# The manifests npm ci needs: the lockfile and every workspace's package.json, listed once.
FROM node:20-bookworm-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY apps/whop-sim/package.json apps/whop-sim/
COPY packages/shared/package.json packages/shared/
COPY packages/client/package.json packages/client/
COPY packages/react/package.json packages/react/
COPY examples/host/package.json examples/host/

# Build: install everything, then the same build `npm start` and the tests run.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY --from=manifests /app ./
COPY tsconfig.base.json ./
RUN npm ci --ignore-scripts
COPY apps apps
COPY packages packages
RUN npm run build

# Run: production dependencies of the API only, the compiled API and the built web app.
FROM node:20-bookworm-slim AS run
ENV NODE_ENV=production
WORKDIR /app
COPY --from=manifests /app ./
RUN npm ci --omit=dev --ignore-scripts --workspace @credits/api && npm cache clean --force
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/web/dist apps/web/dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "apps/api/dist/server.js"]
