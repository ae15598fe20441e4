"""pyHanko's inflate (FlateDecode), bounded: a few megabytes of PDF must not unpack into gigabytes of memory.

pyHanko inflates cross-reference and object streams with `zlib.decompress`, with no limit; its filters module reads
the function from a module attribute, which this module replaces once for the whole process (signing and
verification read PDFs through it too). While an upload is checked, `budget` also caps what the whole file inflates.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pyhanko.pdf_utils import filters
from pyhanko.pdf_utils.misc import PdfReadError

MAX_STREAM_BYTES = 64 * 1024 * 1024


class InflatesTooMuch(PdfReadError):
    """A compressed stream unpacks past its limit."""


_left: ContextVar[int | None] = ContextVar("inflate_budget_left", default=None)


def bounded_decompress(data: bytes) -> bytes:
    """Inflate at most MAX_STREAM_BYTES (or what is left of the current budget); more is a read error."""
    left = _left.get()
    limit = MAX_STREAM_BYTES if left is None else min(MAX_STREAM_BYTES, left)
    inflater = zlib.decompressobj()
    inflated = inflater.decompress(data, limit + 1)
    if len(inflated) > limit or inflater.unconsumed_tail:
        raise InflatesTooMuch(f"a compressed stream inflates past {limit} bytes")
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")  # as zlib.decompress says it
    if left is not None:
        _left.set(left - len(inflated))
    return inflated


@contextmanager
def budget(total: int) -> Iterator[None]:
    """Within the block, all streams inflated together stay under `total` bytes."""
    token = _left.set(total)
    try:
        yield
    finally:
        _left.reset(token)


filters.decompress = bounded_decompress
