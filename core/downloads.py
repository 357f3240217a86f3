"""Downloads of whole tables (the lists' CSV files, the open-data exports): streamed, throttled.

A download reads every row its filters select, so it costs far more than a
page: the rows are streamed as they are read (`core.batches` fetches them),
and each client may start only so many downloads an hour
(`API_THROTTLE_EXPORTS`), counted per user or per address, as the API's
throttles count. What every visitor gets alike is cached until the next
write (`core.cache`), so repeated downloads of an unchanged table cost
little.
"""

from collections.abc import Iterable, Iterator
from math import ceil

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import ngettext

from core.api.throttling import DownloadThrottle

# Rows are sent in pieces of about this many characters, not one write a row.
CHUNK_CHARACTERS = 64 * 1024


def in_chunks(pieces: Iterable[str], size: int | None = None) -> Iterator[str]:
    """`pieces` joined into chunks of about `size` characters (CHUNK_CHARACTERS)."""
    size = size or CHUNK_CHARACTERS
    chunk: list[str] = []
    length = 0
    for piece in pieces:
        chunk.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(chunk)
            chunk, length = [], 0
    if chunk:
        yield "".join(chunk)


def download(filename: str, content_type: str, chunks: Iterable[str]) -> StreamingHttpResponse:
    """A streamed attachment named `filename`."""
    response = StreamingHttpResponse(chunks, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def too_many_downloads(request: HttpRequest) -> HttpResponse | None:
    """A 429 answer when the client has used up its downloads for now, else None (and counted)."""
    throttle = DownloadThrottle()
    # Typed for DRF's request and view; it reads only what a Django request has too.
    if throttle.allow_request(request, None):  # type: ignore[arg-type]
        return None
    wait = ceil(throttle.wait() or 1)
    minutes = ceil(wait / 60)
    text = ngettext(
        "Too many downloads for now. Please try again in %(minutes)d minute.",
        "Too many downloads for now. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    response = HttpResponse(text, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(wait)
    return response
