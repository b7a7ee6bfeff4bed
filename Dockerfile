# The appliance in a container. Host networking is the sane choice for SIP and RTP
# (NAT in front of a media server needs port ranges and address rewriting); SYS_NICE lets
# the media threads run ahead of other programs (docs/decisions/013-thread-priority.md):
#   docker build -t callcenter . && docker run --network host --cap-add SYS_NICE -v cc-data:/data callcenter
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng sox ca-certificates \
  && rm -rf /var/lib/apt/lists/* && npm install -g deno@2.9.6
WORKDIR /app
COPY deno.json deno.lock ./
COPY src ./src
COPY ui ./ui
COPY scripts ./scripts
# The built-in espeak-ng's thread is a module of its own, not imported by main.ts.
RUN deno task bundle && deno cache src/main.ts src/ivr/espeak_wasm_worker.ts
ENV CC_DATA=/data
VOLUME /data
EXPOSE 8080 8443 5060/udp 5060/tcp
STOPSIGNAL SIGTERM
CMD ["deno", "run", "--allow-all", "--v8-flags=--max-semi-space-size=4", "src/main.ts", "start"]
