"""Uploaded PDFs read with pyHanko, object by object (compressed object streams included): a PDF that carries
content a viewer would run or unpack by itself (JavaScript, launch and form-submit actions, automatic actions,
embedded files, rich media, XFA forms) is refused, naming what was found."""

from __future__ import annotations

import io
from collections.abc import Iterator

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.crypt import AuthStatus
from pyhanko.pdf_utils.reader import PdfFileReader

from engine.errors import N_, Phrase
from engine.uploads import inflate

MAX_OBJECTS = 100_000  # a scanned dossier has a few hundred; more is a file built to keep the checker busy
MAX_INFLATED_BYTES = 128 * 1024 * 1024  # its object and cross-reference streams unpacked, all together

UNREADABLE = N_("không phải PDF, JPEG hoặc PNG hợp lệ.")
ENCRYPTED = N_("được đặt mật khẩu; hãy gửi bản không đặt mật khẩu.")
INFLATES = N_("có dữ liệu nén giải ra quá lớn (hơn {mb} MB).")
TOO_COMPLEX = N_("có quá nhiều đối tượng để kiểm tra ({count}).")
ACTIVE = N_("chứa nội dung tự chạy ({found}), không được nhận; hãy in lại thành PDF thường hoặc quét lại rồi gửi.")

# what a viewer runs or unpacks by itself -> how the refusal names it; keys of a dictionary, action types (/S) and
# object types (/Type, /Subtype) alike
MARKERS = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/OpenAction": N_("hành động khi mở tệp /OpenAction"),
    "/AA": N_("hành động tự động /AA"),
    "/Launch": N_("lệnh chạy chương trình /Launch"),
    "/SubmitForm": N_("gửi dữ liệu biểu mẫu /SubmitForm"),
    "/ImportData": N_("nhập dữ liệu biểu mẫu /ImportData"),
    "/EmbeddedFiles": N_("tệp nhúng /EmbeddedFile"),
    "/EmbeddedFile": N_("tệp nhúng /EmbeddedFile"),
    "/EF": N_("tệp nhúng /EmbeddedFile"),
    "/FileAttachment": N_("tệp nhúng /EmbeddedFile"),
    "/GoToE": N_("tệp nhúng /EmbeddedFile"),
    "/RichMedia": N_("đa phương tiện /RichMedia"),
    "/RichMediaContent": N_("đa phương tiện /RichMedia"),
    "/RichMediaExecute": N_("đa phương tiện /RichMedia"),
    "/XFA": N_("biểu mẫu XFA /XFA"),
}
ACTIVE_KEYS = {"/JavaScript", "/JS", "/AA", "/EmbeddedFiles", "/EF", "/RichMediaContent", "/XFA"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/RichMediaExecute"}
ACTIVE_TYPES = {"/EmbeddedFile", "/FileAttachment", "/RichMedia"}


def pdf_problem(content: bytes) -> str | None:
    """Why this PDF is refused (in Vietnamese), or None when it reads whole and carries nothing that runs."""
    try:
        with inflate.budget(MAX_INFLATED_BYTES):
            reader = PdfFileReader(io.BytesIO(content), strict=False)
            if reader.encrypted and reader.decrypt(b"").status is AuthStatus.FAILED:
                return ENCRYPTED
            _ = reader.root["/Pages"]
            refs = _every_object(reader)
            if len(refs) > MAX_OBJECTS:
                return Phrase.of(TOO_COMPLEX, count=len(refs))
            found = _active_markers(reader, refs)
    except inflate.InflatesTooMuch:
        return Phrase.of(INFLATES, mb=MAX_INFLATED_BYTES // (1024 * 1024))
    except Exception:  # a damaged upload may break the parser in any way: refused, never a 500
        return UNREADABLE
    if found:
        return Phrase.of(ACTIVE, found=", ".join(dict.fromkeys(MARKERS[marker] for marker in sorted(found))))
    return None


def _every_object(reader: PdfFileReader) -> set[generic.Reference]:
    """Every object any revision of the file defines, those packed in compressed object streams included."""
    refs: set[generic.Reference] = set()
    for revision in range(reader.xrefs.total_revisions):
        refs |= reader.xrefs.explicit_refs_in_revision(revision)
    return refs


def _active_markers(reader: PdfFileReader, refs: set[generic.Reference]) -> set[str]:
    """The markers of active content in the trailer and in every object, reachable from the catalog or not."""
    found: set[str] = set()
    roots = [reader.trailer_view, *(reader.get_object(ref) for ref in refs)]
    for dictionary in _dictionaries(roots):
        found |= ACTIVE_KEYS.intersection(dictionary.keys())
        found |= ACTIVE_ACTIONS.intersection([_name(dictionary, "/S")])
        found |= ACTIVE_TYPES.intersection([_name(dictionary, "/Type"), _name(dictionary, "/Subtype")])
        if _runs(_value(dictionary, "/OpenAction")):
            found.add("/OpenAction")
    return found


def _runs(action: generic.PdfObject | None) -> bool:
    """An open action that is more than "show this page": JavaScript or another active action."""
    return isinstance(action, generic.DictionaryObject) and (
        _name(action, "/S") in ACTIVE_ACTIONS or not ACTIVE_KEYS.isdisjoint(action.keys())
    )


def _name(dictionary: generic.DictionaryObject, key: str) -> str | None:
    """The name under `key`, through an indirect reference too (a viewer follows it)."""
    value = _value(dictionary, key)
    return value if isinstance(value, generic.NameObject) else None


def _value(dictionary: generic.DictionaryObject, key: str) -> generic.PdfObject | None:
    try:
        return dictionary[key]
    except KeyError:
        return None


def _dictionaries(roots: list[generic.PdfObject]) -> Iterator[generic.DictionaryObject]:
    """Every dictionary nested in the given objects (stream dictionaries included), without following references:
    each indirect object is visited on its own."""
    pending = list(roots)
    while pending:
        item = pending.pop()
        if isinstance(item, generic.DictionaryObject):
            yield item
            pending.extend(dict.values(item))
        elif isinstance(item, generic.ArrayObject):
            pending.extend(list.__iter__(item))
