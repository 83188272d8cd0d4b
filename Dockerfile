# fleetcert as a container image: the load generator for `fleetcert load` shards on Kubernetes
# (see `fleetcert load k8s`, whose manifests name fleetcert:<version> unless --image says
# otherwise, and docs/load.md), and every other fleetcert command.
#   docker build -t fleetcert:0.1.0 .
#   docker run --rm fleetcert:0.1.0 load /etc/fleetcert/scenario.yaml --broker mqtts://…
# test/container-image.test.ts assembles this image's file set from the COPY lines below.

# Stage 1: compile the TypeScript to JavaScript (dist/) with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /opt/build
COPY . .
RUN npm ci --no-audit --no-fund --ignore-scripts && npm run build

# Stage 2: the compiled CLI and production dependencies only.
FROM node:20-bookworm-slim
WORKDIR /opt/fleetcert
# A larger young generation: a load generator makes many short-lived objects per message, and
# fewer scavenges cut its CPU by about a third (measured with bench:load).
ENV NODE_ENV=production NODE_OPTIONS=--max-semi-space-size=64

# Dependencies first, so a source change does not reinstall them. No install scripts: the
# build (`npm run build`) needs the dev dependencies; the build stage did it.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

COPY --from=build /opt/build/dist ./dist
COPY bin ./bin
COPY docs ./docs
COPY fixtures/models ./fixtures/models
COPY fixtures/scenarios ./fixtures/scenarios

RUN ln -s /opt/fleetcert/bin/fleetcert.js /usr/local/bin/fleetcert && chmod +x bin/fleetcert.js

# One socket per simulated device: keep the file limit of the pod's runtime high
# (containerd's default is 1048576); results go to /tmp unless --out says otherwise.
USER node
WORKDIR /tmp
ENTRYPOINT ["fleetcert"]
CMD ["--help"]
