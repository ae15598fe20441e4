"""The number and date a signed document receives when it is issued, laid over the page its leader saw: an
incremental update of the PDF, so the bytes shown stay, unchanged, the first part of the file that is signed."""

from __future__ import annotations

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.content import PdfResources, ResourceType
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader


def overlay_first_page(document: bytes, overlay: bytes) -> IncrementalPdfFileWriter:
    """`document` with the first page of `overlay` drawn over its first page, in the revision the writer appends
    (the signature that follows is made in the same one: the file is read and written once)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(document))
    mark = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(overlay)), page_ix=0)
    resources = PdfResources()
    resources[ResourceType.XOBJECT]["/RegisterMark"] = mark
    # The page's own content may leave its coordinate transform changed: it is wrapped so the mark starts afresh.
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"q")), prepend=True)
    drawing = generic.StreamObject(stream_data=b"Q q /RegisterMark Do Q")
    writer.add_stream_to_page(0, writer.add_object(drawing), resources=resources.as_pdf_object())
    return writer
