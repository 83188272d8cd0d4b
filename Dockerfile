# fleetcert as a container image: the load generator for `fleetcert load` shards on Kubernetes
# (see `fleetcert load k8s` and docs/load.md), and every other fleetcert command.
#   docker build -t registry.example/fleetcert:0.1.0 .
#   docker run --rm registry.example/fleetcert:0.1.0 load /etc/fleetcert/scenario.yaml --broker mqtts://…
FROM node:20-bookworm-slim

WORKDIR /opt/fleetcert
# A larger young generation: a load generator makes many short-lived objects per message, and
# fewer scavenges cut its CPU by about a third (measured with bench:load).
ENV NODE_ENV=production NODE_OPTIONS=--max-semi-space-size=64

# Dependencies first, so a source change does not reinstall them. The CLI runs TypeScript
# through tsx (a runtime dependency): no build step, no dev dependencies in the image.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY bin ./bin
COPY src ./src
COPY load ./load
COPY simulators ./simulators
COPY conformance ./conformance
COPY reports ./reports
COPY fixtures ./fixtures
COPY docs ./docs
COPY tsconfig.json ./

RUN ln -s /opt/fleetcert/bin/fleetcert.js /usr/local/bin/fleetcert && chmod +x bin/fleetcert.js

# One socket per simulated device: keep the file limit of the pod's runtime high
# (containerd's default is 1048576); results go to /tmp unless --out says otherwise.
USER node
WORKDIR /tmp
ENTRYPOINT ["fleetcert"]
CMD ["--help"]
