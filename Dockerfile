# Gardien: a small image, non-root, the database on a volume, config and tokens from the environment.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY rules ./rules
COPY adapters ./adapters
COPY storage ./storage
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
# Validate the bundled codes of conduct by default; mount your files and pass e.g.
#   docker run -v $PWD/rules:/config gardien check /config/my-rules.yaml
CMD ["check", "/usr/local/lib/python3.11/site-packages/rules/packs/netiquette.en.yaml", "/usr/local/lib/python3.11/site-packages/rules/packs/netiquette.fr.yaml"]
