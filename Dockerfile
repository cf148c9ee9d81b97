# Gardien: a small image, non-root, the database on a volume, config and tokens from the environment.
FROM python:3.11-slim AS build
# a C compiler for the engine's compiled modules (setup.py); only this stage has it
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY gardien ./gardien
COPY bot ./bot
COPY rules ./rules
COPY adapters ./adapters
COPY storage ./storage
COPY catalogue ./catalogue
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /data gardien \
    && mkdir -p /data /config && chown gardien /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER gardien
WORKDIR /data
VOLUME ["/data"]
ENTRYPOINT ["gardien"]
# Embedded defaults: the database in /data (a volume), the English pack, the console on stdin:
#   docker run -i -v gardien-data:/data gardien
# With your own config and tokens from the environment:
#   docker run -v gardien-data:/data -v $PWD/config:/config -e DISCORD_TOKEN gardien run --config /config/config.yaml
CMD ["run"]
STOPSIGNAL SIGTERM
# /healthz (README, "Hosting"), asked with the image's own Python (no curl in the slim image).
# It needs `metrics: {listen: 0.0.0.0:9464}` in the config (127.0.0.1 also serves this check);
# set GARDIEN_METRICS_PORT when the port differs. Without metrics the container is unhealthy.
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('GARDIEN_METRICS_PORT', '9464'); sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:' + port + '/healthz', timeout=4).status == 200 else 1)"]
