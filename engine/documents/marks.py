"""The number and date a signed document receives when it is issued, written over the page its leader saw: an
incremental update of the PDF, so the bytes shown stay, unchanged, the first part of the file that is signed.

The mark is a few lines of text, each centred in a box the result's layout left blank, drawn straight into a content
stream in a kept cut of the result's font (engine.documents.mark_fonts): laying out a page of its own with WeasyPrint
and importing it cost the sign step more than its signature."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from engine.documents.mark_fonts import mark_font

POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class MarkLine:
    """One line of the mark, centred in a box given in millimetres from the top left corner of the page."""

    text: str
    left: float
    top: float
    width: float
    height: float
    italic: bool = False


@dataclass(frozen=True)
class Mark:
    """What the register writes on a result: its lines, in a size (points) and the first font family that has them."""

    lines: Sequence[MarkLine]
    size: float
    families: tuple[str, ...]


def overlay_first_page(document: bytes, mark: Mark) -> IncrementalPdfFileWriter:
    """`document` with `mark` written over its first page, in the revision the writer appends (the signature that
    follows is made in the same one: the file is read and written once)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(document))
    page, _resources = writer.find_page_for_modification(0)
    page_top = float(page.get_object()["/MediaBox"][3])
    fonts = generic.DictionaryObject()
    drawing = [b"Q q 0 g"]
    for italic in sorted({line.italic for line in mark.lines}):
        letters = "".join(line.text for line in mark.lines if line.italic == italic)
        font = mark_font(mark.families, italic, letters)
        resource = f"/RegisterMark{'Italic' if italic else 'Regular'}"
        fonts[generic.pdf_name(resource)] = font.embed(writer)
        for line in (line for line in mark.lines if line.italic == italic):
            width = font.width(line.text) * mark.size / 1000
            x = line.left * POINTS_PER_MM + (line.width * POINTS_PER_MM - width) / 2
            # The line box is one font size high, centred in the box, its baseline where the font's ascent ends.
            line_top = (line.top + line.height / 2) * POINTS_PER_MM - mark.size / 2
            half_leading = (1000 - font.ascent - font.descent) / 2000 * mark.size
            y = page_top - line_top - half_leading - font.ascent * mark.size / 1000
            drawing.append(
                b"BT %s %s Tf %.3f %.3f Td <%s> Tj ET"
                % (resource.encode(), _number(mark.size), x, y, font.encoded(line.text).hex().encode())
            )
    drawing.append(b"Q")
    # The page's own content may leave its coordinate transform changed: it is wrapped so the mark starts afresh.
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"q")), prepend=True)
    resources = generic.DictionaryObject({generic.pdf_name("/Font"): fonts})
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"\n".join(drawing))), resources)
    return writer


def _number(value: float) -> bytes:
    return (b"%.3f" % value).rstrip(b"0").rstrip(b".")
