# Gardien: a small image, non-root, the database on a volume, config and tokens from the environment.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
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
