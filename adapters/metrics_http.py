"""The operations endpoints over HTTP (aiohttp): `/metrics`, `/healthz`, `/readyz`.

At the edge like the platform adapters, so that the core (bot/health.py) never imports
an HTTP library. Only GET is served, nothing is read from the request but its path, and
no answer holds a message text or a credential. Meant for a private address
(`metrics.listen: 127.0.0.1:9464`, or a container's network for a scraper beside it).
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from aiohttp import web

from bot.health import CONTENT_TYPE, Health

log = structlog.get_logger("gardien.metrics_http")

STOP_GRACE = 0.5   # seconds: a scrape under way at shutdown is cut after this


class MetricsServer:
    def __init__(self, health: Health, host: str, port: int) -> None:
        self.health = health
        self.host = host
        self.port = port          # the bound port once started (0 asks for a free one)
        self._runner: web.AppRunner | None = None

    async def start(self) -> int:
        """Bind and serve; the bound port. Raises OSError when the address is unusable."""
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        runner = web.AppRunner(app, handle_signals=False, access_log=None,
                               shutdown_timeout=STOP_GRACE)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        sockets = site._server.sockets if site._server is not None else ()  # type: ignore[attr-defined]
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        log.info("metrics_listening", host=self.host, port=self.port)
        return self.port

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(runner.cleanup(), STOP_GRACE + 0.5)

    async def _metrics(self, request: web.Request) -> web.Response:
        body = await self.health.scrape()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def _readyz(self, request: web.Request) -> web.Response:
        reasons = await self.health.ready()
        if reasons:
            return web.json_response({"status": "unready", "reasons": reasons}, status=503)
        return web.json_response({"status": "ok"})
