"""The font of the register's mark (engine.documents.marks): the face fontconfig gives for the result's serif family,
as it gives it to WeasyPrint, cut with fontTools to the letters a mark of one agency holds (all digits included, so the
next number needs no new cut) and kept for the process; embedded as a Type 0 font with its Unicode map, so the number
and date read as text."""

from __future__ import annotations

import io
import threading
import zlib
from dataclasses import dataclass
from functools import cache, lru_cache

from fontTools import subset, ttLib
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from weasyprint.text.ffi import ffi, fontconfig

DIGITS = "0123456789"
SERIF_SYMBOLIC, ITALIC = 0b110, 0b1000000  # font descriptor flags (ISO 32000-1, 9.8.2)
GENERIC_FAMILIES = {"serif", "sans-serif", "monospace"}


@dataclass(frozen=True)
class MarkFont:
    """A cut of one face: its program, and for each letter its glyph and advance."""

    name: str  # the PostScript name, with the subset tag PDF asks for
    program: bytes  # the TrueType program, deflated
    length: int  # the program's length before deflating
    glyphs: dict[str, int]  # letter -> glyph id in the program
    advances: dict[int, int]  # glyph id -> advance width, in thousandths of the font size
    ascent: int  # thousandths of the font size, as the line box is laid out (hhea)
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]
    italic_angle: float

    def width(self, text: str) -> float:
        """The advance of `text`, in thousandths of the font size."""
        return sum(self.advances[self.glyphs[letter]] for letter in text)

    def encoded(self, text: str) -> bytes:
        """`text` as the two-byte glyph ids of a PDF string shown in this font (Identity-H)."""
        return b"".join(self.glyphs[letter].to_bytes(2, "big") for letter in text)

    def embed(self, writer: generic.PdfHandler) -> generic.IndirectObject:
        """The Type 0 font in `writer`: its CID font, descriptor, program and Unicode map."""
        program = generic.StreamObject(
            {pdf_name("/Length1"): generic.NumberObject(self.length), pdf_name("/Filter"): pdf_name("/FlateDecode")},
            encoded_data=self.program,
        )
        descriptor = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/FontDescriptor"),
                pdf_name("/FontName"): pdf_name("/" + self.name),
                pdf_name("/Flags"): generic.NumberObject(SERIF_SYMBOLIC | (ITALIC if self.italic_angle else 0)),
                pdf_name("/FontBBox"): generic.ArrayObject(generic.NumberObject(v) for v in self.bbox),
                pdf_name("/ItalicAngle"): generic.FloatObject(self.italic_angle),
                pdf_name("/Ascent"): generic.NumberObject(self.ascent),
                pdf_name("/Descent"): generic.NumberObject(-self.descent),
                pdf_name("/CapHeight"): generic.NumberObject(self.cap_height),
                pdf_name("/StemV"): generic.NumberObject(80),
                pdf_name("/FontFile2"): writer.add_object(program),
            }
        )
        widths = generic.ArrayObject()
        for glyph in sorted(self.advances):
            widths += [generic.NumberObject(glyph), generic.ArrayObject([generic.NumberObject(self.advances[glyph])])]
        cid_font = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
                pdf_name("/BaseFont"): pdf_name("/" + self.name),
                pdf_name("/CIDSystemInfo"): generic.DictionaryObject(
                    {
                        pdf_name("/Registry"): pdf_string("Adobe"),
                        pdf_name("/Ordering"): pdf_string("Identity"),
                        pdf_name("/Supplement"): generic.NumberObject(0),
                    }
                ),
                pdf_name("/FontDescriptor"): writer.add_object(descriptor),
                pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
                pdf_name("/W"): widths,
            }
        )
        unicode_map = generic.StreamObject(stream_data=self._unicode_map())
        unicode_map.compress()
        return writer.add_object(
            generic.DictionaryObject(
                {
                    pdf_name("/Type"): pdf_name("/Font"),
                    pdf_name("/Subtype"): pdf_name("/Type0"),
                    pdf_name("/BaseFont"): pdf_name("/" + self.name),
                    pdf_name("/Encoding"): pdf_name("/Identity-H"),
                    pdf_name("/DescendantFonts"): generic.ArrayObject([writer.add_object(cid_font)]),
                    pdf_name("/ToUnicode"): writer.add_object(unicode_map),
                }
            )
        )

    def _unicode_map(self) -> bytes:
        pairs = sorted((glyph, letter) for letter, glyph in self.glyphs.items())
        blocks = [pairs[start : start + 100] for start in range(0, len(pairs), 100)]
        body = "".join(
            f"{len(block)} beginbfchar\n"
            + "".join(f"<{glyph:04X}> <{letter.encode('utf-16-be').hex().upper()}>\n" for glyph, letter in block)
            + "endbfchar\n"
            for block in blocks
        )
        return (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            f"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n{body}"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        ).encode("ascii")


def mark_font(families: tuple[str, ...], italic: bool, letters: str) -> MarkFont:
    """The first of `families` whose face holds every letter of `letters`, cut to them and the digits; the cut is
    kept for the process, as the letters of one agency's marks stay the same from one number to the next."""
    return _cut(families, italic, "".join(sorted(set(letters + DIGITS))))


class MissingGlyphs(LookupError):
    """No face of the families holds every letter of the mark; `letters` are those none of them holds."""

    def __init__(self, families: tuple[str, ...], letters: str) -> None:
        super().__init__(f"no face of {', '.join(families)} holds {letters!r}")
        self.letters = letters


_FONTCONFIG = threading.Lock()  # one fontconfig configuration, matched by one thread at a time


@lru_cache(maxsize=256)
def _cut(families: tuple[str, ...], italic: bool, letters: str) -> MarkFont:
    held: set[int] = set()
    for family in families:
        path = _font_file(family, italic)
        if path is None:
            continue
        face = ttLib.TTFont(path, lazy=True)
        if "glyf" not in face:
            continue
        held.update(face.getBestCmap())
        if all(ord(letter) in face.getBestCmap() for letter in letters):
            return _subset(path, letters)
    raise MissingGlyphs(families, "".join(letter for letter in letters if ord(letter) not in held))


def _subset(path: str, letters: str) -> MarkFont:
    face = ttLib.TTFont(path)
    postscript_name = face["name"].getDebugName(6) or "MarkFont"
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = []
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps, which fontTools cannot cut
    cutter = subset.Subsetter(options)
    cutter.populate(text=letters)
    cutter.subset(face)
    program = io.BytesIO()
    face.save(program)
    scale = 1000 / face["head"].unitsPerEm
    cmap, metrics = face.getBestCmap(), face["hmtx"].metrics
    glyphs = {letter: face.getGlyphID(cmap[ord(letter)]) for letter in letters}
    head, hhea = face["head"], face["hhea"]
    tag = "".join(chr(ord("A") + int(digit, 16) % 26) for digit in f"{zlib.crc32(letters.encode()):08x}")[:6]
    return MarkFont(
        name=f"{tag}+{postscript_name}",
        program=zlib.compress(program.getvalue()),
        length=len(program.getvalue()),
        glyphs=glyphs,
        advances={glyph: round(metrics[face.getGlyphName(glyph)][0] * scale) for glyph in glyphs.values()},
        ascent=round(hhea.ascent * scale),
        descent=round(-hhea.descent * scale),
        cap_height=round(getattr(face["OS/2"], "sCapHeight", 0) * scale) or round(hhea.ascent * scale),
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        italic_angle=float(face["post"].italicAngle),
    )


@cache
def _fontconfig() -> object:
    return fontconfig.FcInitLoadConfigAndFonts()


@lru_cache(maxsize=32)
def _font_file(family: str, italic: bool) -> str | None:
    """The file fontconfig matches to the family and style; None when it gives a face of another family instead
    (any face will do for a generic family)."""
    with _FONTCONFIG:
        config = _fontconfig()
        pattern = ffi.gc(fontconfig.FcPatternCreate(), fontconfig.FcPatternDestroy)
        fontconfig.FcPatternAddString(pattern, b"family", family.encode())
        fontconfig.FcPatternAddString(pattern, b"style", b"Italic" if italic else b"Regular")
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(config, pattern, result)
        if match == ffi.NULL:
            return None
        match = ffi.gc(match, fontconfig.FcPatternDestroy)
        value = ffi.new("FcChar8 **")
        names = []
        for index in range(8):
            if fontconfig.FcPatternGetString(match, b"family", index, value) != fontconfig.FcResultMatch:
                break
            names.append(ffi.string(value[0]).decode().casefold())
        if family.casefold() not in names and family not in GENERIC_FAMILIES:
            return None
        if fontconfig.FcPatternGetString(match, b"file", 0, value) != fontconfig.FcResultMatch:
            return None
        return ffi.string(value[0]).decode()
