"""The lean JSON API beside the Gradio app: plain HTTP routes on the same server, without Gradio's queue.

    POST /api/ask    {"question": "...", "k": 5, "history": ["earlier question", ...]}  -> as `ask --json`
    POST /api/cite   {"key": "kanagawa-moh-profile#1"}                                  -> as `cite --json`
    POST /api/quote  {"quote": "..."}                                                    -> as `cite --quote --json`

Each answers with exactly the JSON of the Gradio endpoint of the same name (the same functions in
handlers.py compute it), in one request/response: no event id, no event stream, no session state. Under
16 clients Gradio's per-request machinery (queue, SSE, a SessionState per new session) cost the server
about as much CPU as answering itself (py-spy), which is why these routes exist.

A user error is HTTP 400 with {"error": "<the CLI's one-line message>"}; a body that is not a JSON
object, or has a field the route does not take, is a 400 that says so; a body over MAX_BODY_BYTES is a
413 before it is read further; any method but POST is a 405 with the same {"error"} body. The work runs in a bounded pool of WORKERS threads, never on the event
loop, so a slow request holds one worker and the server keeps accepting and answering the others.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import orjson

from kizuna.engine import USER_ERRORS, Kizuna
from kizuna.ui import handlers

# Threads answering at once. e5 (most of a question's CPU) runs single-threaded per query when another
# query is in flight (retrieval/encoders.py), so 4 keeps both cores busy while one request is in its
# Python parts (which hold the GIL) without queueing 16 requests' memory inside the engine.
WORKERS = 4
# a question is capped at limits.max_question_chars (2,000) by the engine; a body far larger than any
# valid request is refused before it is parsed. 1 MB still lets a 100k-character question (or one of
# 100k Japanese characters, 300 kB in UTF-8) reach the engine, which refuses it with its own message.
MAX_BODY_BYTES = 1_000_000

PREFIX = "/api"
# every method reaches the route, so that one not taken is refused with the API's own {"error"} body
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class BadRequest(ValueError):
    """The request itself is malformed (not JSON, wrong fields); the message says what to send."""


# route -> (the handler without its gr.Error wrapper, the fields it takes; the first is required)
ENDPOINTS: dict[str, tuple[Callable, tuple[str, ...]]] = {
    "ask": (handlers.api_ask.__wrapped__, ("question", "k", "history")),
    "cite": (handlers.api_cite.__wrapped__, ("key",)),
    "quote": (handlers.api_quote.__wrapped__, ("quote",)),
}


def parse_body(body: bytes, fields: tuple[str, ...]) -> dict:
    """The request's JSON object, checked against the fields the route takes."""
    try:
        data = orjson.loads(body) if body else {}
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"the request body is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise BadRequest(f"the request body must be a JSON object with the fields {', '.join(fields)}")
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise BadRequest(f"unknown field '{unknown[0]}'; this route takes {', '.join(fields)}")
    return data


def call(app: Kizuna, name: str, body: bytes) -> tuple[int, bytes]:
    """(HTTP status, JSON body) for one request; runs in a worker thread. Anything but a user or request
    error is a bug: it propagates (the server logs its traceback and answers 500)."""
    func, fields = ENDPOINTS[name]
    try:
        data = parse_body(body, fields)
        if fields[0] not in data:
            raise BadRequest(f"the field '{fields[0]}' is missing")
        result = func(app, **data)
    except (BadRequest, *USER_ERRORS) as exc:
        return 400, orjson.dumps({"error": str(exc)})
    return 200, orjson.dumps(result)


def routes(app: Kizuna, workers: int = WORKERS) -> list:
    """Starlette routes for the API; give them to the server before Gradio's own routes."""
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    pool = ThreadPoolExecutor(workers, thread_name_prefix="kizuna-api")

    def reply(status: int, body: bytes) -> Response:
        return Response(body, status_code=status, media_type="application/json")

    async def endpoint(request: Request, name: str) -> Response:
        if request.method != "POST":  # the same {"error"} shape as every other refusal, not Starlette's
            body = orjson.dumps({"error": f"{PREFIX}/{name} takes POST with a JSON body, not {request.method}"})
            return Response(body, status_code=405, media_type="application/json", headers={"Allow": "POST"})
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > MAX_BODY_BYTES):
            return reply(413, orjson.dumps({"error": f"the request body is over {MAX_BODY_BYTES:,} bytes"}))
        body = bytearray()
        async for chunk in request.stream():  # chunked uploads have no length: count as they arrive
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return reply(413, orjson.dumps({"error": f"the request body is over {MAX_BODY_BYTES:,} bytes"}))
        loop = asyncio.get_running_loop()
        status, payload = await loop.run_in_executor(pool, call, app, name, bytes(body))
        return reply(status, payload)

    return [
        Route(f"{PREFIX}/{name}", functools.partial(endpoint, name=name), methods=METHODS, name=f"api-{name}")
        for name in ENDPOINTS
    ]
