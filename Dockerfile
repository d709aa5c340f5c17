# One image for every Lexfin service: `docker compose` picks the service by its command.
FROM node:24-bookworm-slim AS build
WORKDIR /lexfin
RUN corepack enable
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc* ./
COPY patches ./patches
COPY libs ./libs
COPY services ./services
COPY tsconfig.base.json tsconfig.json ./
COPY deploy ./deploy
RUN pnpm install --frozen-lockfile && pnpm exec tsc -b tsconfig.json && pnpm prune --prod

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /lexfin
COPY --from=build /lexfin /lexfin
USER node
