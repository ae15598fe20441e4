"""Files an attacker would upload: a tiny PNG that claims a huge size, PDFs that run JavaScript when opened (also
hidden in a compressed object stream), a program renamed as a photo."""

from __future__ import annotations

import io
import struct
import zlib

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """About 100 bytes of PNG whose header claims width x height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def pdf_with_action(action: dict[str, generic.PdfObject], *, compressed: bool = False) -> bytes:
    """A one-page PDF whose catalog opens with the given action; `compressed` packs the action in a compressed
    object stream, where its keys are not in the file's bytes."""
    writer = PdfFileWriter(stream_xrefs=True)
    packed = writer.prepare_object_stream() if compressed else None
    contents = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (To khai) Tj ET"))
    writer.insert_page(PageObject(contents=contents, media_box=(0, 0, 595, 842)))
    body = generic.DictionaryObject({pdf_name(key): value for key, value in action.items()})
    writer.root[pdf_name("/OpenAction")] = writer.add_object(body, obj_stream=packed)
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_javascript(*, compressed: bool = False) -> bytes:
    """Opening the file runs `app.alert`, as an /OpenAction JavaScript action."""
    script = {"/S": pdf_name("/JavaScript"), "/JS": generic.TextStringObject("app.alert('xin chao')")}
    return pdf_with_action(script, compressed=compressed)


def pdf_opening_at_first_page() -> bytes:
    """An ordinary /OpenAction: show the first page, fit to the window."""
    return pdf_with_action({"/S": pdf_name("/GoTo"), "/D": generic.ArrayObject([generic.NumberObject(0)])})
