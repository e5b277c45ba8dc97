# syntax=docker/dockerfile:1
# motcua: a uv build stage resolves the locked dependencies; the slim runtime stage gets only the
# virtual environment and the code, and runs as an unprivileged user.
#   docker build -t motcua .
#   docker run --env-file prod.env -v /srv/keys:/run/secrets:ro -p 8000:8000 motcua

FROM python:3.11-slim AS builder
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lock file changes, not on every edit.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN uv sync --frozen --no-dev

FROM python:3.11-slim AS runtime
# A fixed uid, so a mounted key file or data volume can be made readable to exactly this user.
RUN groupadd --system --gid 10001 motcua \
    && useradd --system --uid 10001 --gid motcua --home-dir /app --no-create-home motcua \
    && mkdir -p /var/lib/motcua \
    && chown motcua:motcua /var/lib/motcua
WORKDIR /app
# Same path as in the builder: the venv's scripts and the editable install point at /app.
COPY --from=builder /app /app
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MOTCUA_DATA_DIR=/var/lib/motcua \
    APP_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000
USER motcua
EXPOSE 8000
VOLUME ["/var/lib/motcua"]
# The slim image has no curl; the standard library can ask /healthz itself.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=3)"]
# Migrations run once, separately (`motcua migrate`, the compose file's `migrate` service), so
# replicas starting together never race on the schema.
CMD ["motcua", "serve", "--host", "0.0.0.0", "--workers", "2", "--no-setup"]
