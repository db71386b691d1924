"""Mutation fuzzing of the readers with hypothesis: real seeds, broken in the ways files break.

``read_document`` has one contract for every input, however damaged: it returns a Document or raises
``InputError`` (a stable code and a Chinese message), and what it returns stays within the limits it
was given (pages, unzipped size, and no more text than the file holds). ``check_contract`` asserts it
(``check_read`` inside a hypothesis test); the strategies here produce the inputs:

- ``whole_file``: byte flips, overwrites with interesting values, insertions, deletions, truncation
  and repeated chunks anywhere in a seed, biased towards its structure (zip headers, PDF keywords);
- ``docx_mutant``: a seed package unpacked, a member's XML mutated (attribute values such as list
  levels and ids set to extreme ones, hostile elements inserted, bytes flipped, the part cut short),
  members dropped, duplicated or renamed, compression changed, then zipped again; or the declared
  sizes and CRC of a member in the finished zip changed;
- ``pdf_mutant``: ``/Length`` values, xref offsets, ``startxref``, numbers inside object bodies and
  the bytes of one object changed;
- ``txt_mutant``: a seed text (and generated text) in UTF-8, GBK, GB18030, UTF-16/32 with and
  without a BOM, then byte-mutated; and plain garbage.

The CI run (``test_readers_fuzz.py``) draws a fixed number of examples with ``derandomize=True``;
``make fuzz`` runs the same tests with ``FUZZ_EXAMPLES`` examples each, random seeds and a per-input
deadline (``FUZZ_DEADLINE_MS``), and saves the minimal failing input of a failure under ``crashers/``
as ``new-*``, where ``test_crashers.py`` replays it for good. A read that hangs past twice the time
budget kills the long run with every thread's traceback; its input is left in ``CURRENT`` (in /tmp).
"""

from __future__ import annotations

import faulthandler
import functools
import hashlib
import io
import os
import re
import struct
import tempfile
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, assume, event, settings
from hypothesis import strategies as st

from analyzers.document import Document, SourceFormat
from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import read_document
from analyzers.readers.limits import ReadLimits
from analyzers.readers.sniff import FileKind, sniff

ROOT = Path(__file__).resolve().parents[2]
CRASHERS = Path(__file__).resolve().parent / "crashers"
SAMPLES = ROOT / "corpora" / "samples"
FIXTURE_FILES = ROOT / "tests" / "fixtures" / "files"
CURRENT = Path(tempfile.gettempdir()) / "shuzhi-fuzz-current-input"  # the input being read, in a long run

# The CI run: fixed examples, derandomized; `make fuzz` sets FUZZ_EXAMPLES (and may set FUZZ_DEADLINE_MS).
LONG_RUN = "FUZZ_EXAMPLES" in os.environ
EXAMPLES_SCALE = int(os.environ.get("FUZZ_EXAMPLES", "0"))
DEADLINE_MS = int(os.environ["FUZZ_DEADLINE_MS"]) if os.environ.get("FUZZ_DEADLINE_MS") else None
LIMITS = ReadLimits(time_budget_s=30.0)


def fuzz_settings(ci_examples: int, long_share: float = 1.0) -> settings:
    """Settings of one fuzz test: ``ci_examples`` derandomized examples in CI; in a long run ``FUZZ_EXAMPLES``
    times ``long_share`` (a slow property takes a share of them)."""
    common = {
        "database": None,
        "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
        "print_blob": True,
    }
    if LONG_RUN:
        examples = max(ci_examples, int(EXAMPLES_SCALE * long_share))
        return settings(max_examples=examples, derandomize=False, deadline=DEADLINE_MS, **common)
    return settings(max_examples=ci_examples, derandomize=True, deadline=None, **common)


# ---------------------------------------------------------------------------------------------
# Seeds
# ---------------------------------------------------------------------------------------------


@functools.cache
def seeds(suffix: str) -> tuple[tuple[str, bytes], ...]:
    """(name, bytes) of the seed files with ``suffix``: the shipped samples, the fixtures and built ones."""
    found = sorted({*SAMPLES.glob(f"*{suffix}"), *FIXTURE_FILES.glob(f"*{suffix}")})
    out = [(p.name, p.read_bytes()) for p in found]
    if suffix == ".docx":
        out.append(("built-features.docx", _features_docx()))
    return tuple(out)


def _features_docx() -> bytes:
    """A small package with what the docx reader has most code for: numbering (several lists, overrides,
    a bullet), a table with merged cells, a text box, fields, tracked changes, hyperlinks, heading styles."""
    from tests.fixtures.docx_builder import (
        AbstractNum,
        Cell,
        Level,
        Num,
        Numbering,
        deleted,
        field,
        hyperlink,
        inserted,
        para,
        report_numbering,
        report_styles,
        run,
        table,
        text_box,
    )

    base = report_numbering(linked_styles=["1", "2"])
    bullets = AbstractNum(7, [Level(0, "bullet", "\uf06c"), Level(1, "lowerLetter", "%1.%2)")])
    numbering = Numbering(
        [*base.abstracts, bullets],
        [*base.nums, Num(2, 7), Num(3, 0, start_overrides={0: 3}, level_overrides={1: Level(1, "decimal", "%1-%2")})],
    )
    body = [
        para("2023年度党支部书记述职报告", style="a3"),
        para("主要工作进展成效", style="1"),
        para("强化政治引领", style="2"),
        para([run("全年开展主题党日活动"), run("12", bold=True), run("次，"), inserted("新增"), deleted("删去"),
              field("PAGE", "3"), hyperlink("见附件")]),
        para("第一项", num=2, ilvl=0),
        para("第二项", num=2, ilvl=1),
        para("重新编号", num=3, ilvl=1),
        table([["指标", "数量"], [Cell("党员", vmerge="restart"), "45"], [Cell("", vmerge="continue"), "12"],
               [Cell("合计", span=2)]]),
        para([run("正文"), text_box(para("文本框里的话"))]),
        para("存在问题及整改措施", style="1"),
        para("下一步工作计划", style="1", num=1, ilvl=0),
    ]
    from tests.fixtures.docx_builder import build_docx

    return build_docx(body, styles=report_styles(2), numbering=numbering, header="页眉")


def seed_names(suffix: str) -> list[str]:
    return [name for name, _ in seeds(suffix)]


def seed(suffix: str, name: str) -> bytes:
    return dict(seeds(suffix))[name]


# ---------------------------------------------------------------------------------------------
# Byte-level mutations
# ---------------------------------------------------------------------------------------------

INTERESTING_BYTES = (b"\x00", b"\xff", b"\x7f", b"\x80", b"<", b">", b"&", b"%", b"/", b"\n", b"(", b")", b"[", b"]")
INTERESTING_INTS = (0, 1, 2, 7, 8, 9, 10, 255, 256, 65535, 65536, 2**31 - 1, 2**31, 2**32 - 1)
_MARKERS = (
    b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06", b"obj", b"endobj", b"stream", b"endstream",
    b"xref", b"trailer", b"startxref", b"/Length", b"/Count", b"/Kids", b"/Root", b"/Filter", b"%%EOF",
)  # fmt: skip


def _positions(data: bytes) -> list[int]:
    """Offsets of structural markers (zip headers, PDF keywords), where a mutation does the most harm."""
    out: list[int] = []
    for marker in _MARKERS:
        pos = data.find(marker)
        while pos >= 0 and len(out) < 4000:
            out.append(pos)
            pos = data.find(marker, pos + 1)
    return sorted(out)


@st.composite
def _offset(draw: st.DrawFn, data: bytes | bytearray, markers: list[int]) -> int:
    if not data:
        return 0
    if markers and draw(st.booleans()):
        return min(len(data) - 1, draw(st.sampled_from(markers)) + draw(st.integers(0, 64)))
    if draw(st.integers(0, 3)) == 0:  # the end: a zip's central directory, a PDF's xref and trailer
        return max(0, len(data) - 1 - draw(st.integers(0, min(len(data) - 1, 2048))))
    return draw(st.integers(0, len(data) - 1))


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes, max_ops: int = 6) -> bytes:
    """``data`` with 1..max_ops byte mutations."""
    buf = bytearray(data)
    markers = _positions(data)
    for _ in range(draw(st.integers(1, max_ops))):
        op = draw(st.sampled_from(["flip", "set", "int", "insert", "delete", "truncate", "repeat", "swap"]))
        pos = draw(_offset(buf, markers))
        if op == "flip" and buf:
            buf[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set" and buf:
            buf[pos : pos + 1] = draw(st.sampled_from(INTERESTING_BYTES))
        elif op == "int" and len(buf) > pos + 4:
            buf[pos : pos + 4] = struct.pack("<I", draw(st.sampled_from(INTERESTING_INTS)))
        elif op == "insert":
            buf[pos:pos] = draw(st.one_of(st.binary(min_size=1, max_size=16), st.sampled_from(INTERESTING_BYTES)))
        elif op == "delete":
            del buf[pos : pos + draw(st.integers(1, 256))]
        elif op == "truncate" and pos > 0:
            del buf[pos:]
        elif op == "repeat":
            chunk = bytes(buf[pos : pos + draw(st.integers(1, 512))])
            buf[pos:pos] = chunk * draw(st.integers(1, 8))
        elif op == "swap" and buf:
            other = draw(st.integers(0, len(buf) - 1))
            size = draw(st.integers(1, 64))
            a, b = bytes(buf[pos : pos + size]), bytes(buf[other : other + size])
            if len(a) == len(b) and (pos + size <= other or other + size <= pos):
                buf[pos : pos + size], buf[other : other + size] = b, a
    return bytes(buf)


@st.composite
def whole_file(draw: st.DrawFn, suffix: str) -> tuple[bytes, str]:
    """(bytes, filename): a seed with ``suffix`` mutated anywhere."""
    name = draw(st.sampled_from(seed_names(suffix)))
    return draw(mutated_bytes(seed(suffix, name))), draw(filenames(suffix))


def filenames(suffix: str) -> st.SearchStrategy[str]:
    """The name of the upload: ordinary, or hostile (a reader only quotes it in a message)."""
    return st.sampled_from(
        [f"report{suffix}", f"述职报告{suffix}", f"../../etc/evil{suffix}", f"a\x00b{suffix}", f"{'长' * 300}{suffix}",
         f"<script>{suffix}", "noext", f"C:\\Users\\x\\{suffix}"]  # fmt: skip
    )


# ---------------------------------------------------------------------------------------------
# Mutations inside a .docx package
# ---------------------------------------------------------------------------------------------

INTERESTING_VALUES = (
    "", "-1", "0", "1", "8", "9", "10", "99", "-2147483649", "2147483648", "99999999999999999999", "1.5", "1e9",
    "abc", "%1", "%9%8%7", "%10", "０", "NaN", "true", "off", "none", "bullet", "chineseCounting", "decimal",
    "upperRoman", "ideographTraditional", "lowerLetter", "upperLetter", "chineseCountingThousand", "custom",
    "%1、%2、%3、%4、%5、%6、%7、%8、%9", "x" * 2000, "9" * 400,
)  # fmt: skip
_ATTR_VALUE = re.compile(rb'(w:[A-Za-z]+=")([^"]*)(")')
HOSTILE_SNIPPETS = (
    b'<w:numPr><w:ilvl w:val="8"/><w:numId w:val="1"/></w:numPr>',
    b'<w:numPr><w:ilvl w:val="-3"/><w:numId w:val="99"/></w:numPr>',
    b'<w:pStyle w:val="1"/>',
    b'<w:outlineLvl w:val="12"/>',
    b"<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
    b'<w:tbl><w:tr><w:trPr><w:gridBefore w:val="99999999"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="-5"/>'
    b'<w:vMerge/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
    b"<w:p><w:r><w:t>\xe4\xb8\x80\xe3\x80\x81\xe6\xa0\x87\xe9\xa2\x98</w:t></w:r></w:p>",
    b'<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
    b'<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    b'<w:r><w:rPr><w:rStyle w:val="nope"/><w:sz w:val="-4"/><w:b w:val="maybe"/></w:rPr><w:t>t</w:t></w:r>',
    b"<mc:AlternateContent><mc:Choice><w:p/></mc:Choice><mc:Fallback><w:p/></mc:Fallback></mc:AlternateContent>",
    b"<w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent>",
    b"<w:sdt><w:sdtContent>" * 200 + b"<w:p/>" + b"</w:sdtContent></w:sdt>" * 200,
    b"<w:ins>" * 300 + b"<w:r><w:t>deep</w:t></w:r>" + b"</w:ins>" * 300,
    b'<w:style w:type="paragraph" w:styleId="1"><w:basedOn w:val="1"/></w:style>',
    b'<w:style w:type="paragraph" w:styleId="a"><w:basedOn w:val="2"/><w:pPr><w:numPr><w:numId w:val="1"/>'
    b"</w:numPr></w:pPr></w:style>",
    b'<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="1"/></w:abstractNum>',
    b'<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    b'<w:lvl w:ilvl="0"><w:start w:val="-7"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1%2"/></w:lvl>',
    b'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="2147483647"/></w:lvlOverride>',
    b"<!-- -->", b"<![CDATA[x]]>", b"<?pi x?>", b"&#0;", b"&#xD800;", b"&amp;", b"&nope;",
    b'<!DOCTYPE w:document [<!ENTITY e "ee">]>',
    b'<x:y xmlns:x="urn:x"/>', b"\xef\xbb\xbf", b"\xff\xfe",
)  # fmt: skip


@dataclass
class Member:
    name: str
    data: bytes
    compress_type: int = zipfile.ZIP_DEFLATED


def unpack(data: bytes) -> list[Member]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [Member(i.filename, archive.read(i), i.compress_type) for i in archive.infolist()]


def pack(members: list[Member]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": wanted
        with zipfile.ZipFile(buf, "w") as archive:
            for m in members:
                info = zipfile.ZipInfo(m.name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = m.compress_type
                archive.writestr(info, m.data)
    return buf.getvalue()


@st.composite
def mutated_xml(draw: st.DrawFn, xml: bytes) -> bytes:
    """``xml`` with 1..4 XML-aware mutations (and sometimes byte-level ones)."""
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["attr", "insert", "cut", "truncate", "dup", "bytes"]))
        if op == "attr":
            values = list(_ATTR_VALUE.finditer(xml))
            if values:
                m = draw(st.sampled_from(values))
                new = draw(st.sampled_from(INTERESTING_VALUES)).encode()
                xml = xml[: m.start(2)] + new + xml[m.end(2) :]
        elif op == "insert":
            gts = [m.end() for m in re.finditer(rb">", xml[:200_000])] or [0]
            pos = draw(st.sampled_from(gts))
            xml = xml[:pos] + draw(st.sampled_from(HOSTILE_SNIPPETS)) + xml[pos:]
        elif op == "cut" and xml:
            start = draw(st.integers(0, len(xml) - 1))
            xml = xml[:start] + xml[start + draw(st.integers(1, 400)) :]
        elif op == "truncate" and xml:
            xml = xml[: draw(st.integers(0, len(xml) - 1))]
        elif op == "dup":
            tags = list(re.finditer(rb"<(w:(?:p|tbl|r|style|abstractNum|num|lvl))[ >].*?</\1>", xml[:200_000], re.S))
            if tags:
                m = draw(st.sampled_from(tags))
                xml = xml[: m.end()] + m.group(0) * draw(st.integers(1, 50)) + xml[m.end() :]
        else:
            xml = draw(mutated_bytes(xml, max_ops=3))
    return xml


@st.composite
def docx_mutant(draw: st.DrawFn) -> tuple[bytes, str]:
    """(bytes, filename): a seed .docx changed inside its package."""
    members = unpack(seed(".docx", draw(st.sampled_from(seed_names(".docx")))))
    xml_members = [i for i, m in enumerate(members) if m.name.endswith((".xml", ".rels"))]
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["xml", "xml", "xml", "drop", "dup", "rename", "compress", "empty"]))
        if not members:
            break
        i = draw(st.sampled_from(xml_members)) if xml_members and op in ("xml", "dup") else None
        if i is None:
            i = draw(st.integers(0, len(members) - 1))
        m = members[i]
        if op == "xml":
            members[i] = Member(m.name, draw(mutated_xml(m.data)), m.compress_type)
        elif op == "drop":
            del members[i]
            xml_members = [j for j, x in enumerate(members) if x.name.endswith((".xml", ".rels"))]
        elif op == "dup":
            members.insert(draw(st.integers(0, len(members))), Member(m.name, draw(mutated_xml(m.data))))
            xml_members = [j for j, x in enumerate(members) if x.name.endswith((".xml", ".rels"))]
        elif op == "rename":
            new = draw(st.sampled_from([m.name.upper(), "/" + m.name, "../" + m.name, m.name + "\x00", "word/",
                                        m.name.replace("/", "\\"), "word/document2.xml"]))  # fmt: skip
            members[i] = Member(new, m.data, m.compress_type)
        elif op == "compress":
            ctype = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
            members[i] = Member(m.name, m.data, ctype)
        else:
            members[i] = Member(m.name, b"", m.compress_type)
    data = pack(members)
    if draw(st.integers(0, 3)) == 0:
        data = draw(lying_sizes(data))
    return data, draw(filenames(".docx"))


@st.composite
def lying_sizes(draw: st.DrawFn, data: bytes) -> bytes:
    """The zip ``data`` with one member's compressed size, uncompressed size or CRC changed, in its local
    header, its central directory entry or both."""
    local = [m.start() for m in re.finditer(re.escape(b"PK\x03\x04"), data)]
    central = [m.start() for m in re.finditer(re.escape(b"PK\x01\x02"), data)]
    if not local or not central:
        return data
    buf = bytearray(data)
    which = draw(st.integers(0, min(len(local), len(central)) - 1))
    field = draw(st.sampled_from(["crc", "compressed", "uncompressed"]))
    value = draw(st.sampled_from(INTERESTING_INTS[:-1] + (2**32 - 1, 12345)))
    local_at = {"crc": 14, "compressed": 18, "uncompressed": 22}[field]
    central_at = {"crc": 16, "compressed": 20, "uncompressed": 24}[field]
    where = draw(st.sampled_from(["local", "central", "both"]))
    if where in ("local", "both"):
        struct.pack_into("<I", buf, local[which] + local_at, value)
    if where in ("central", "both") and central[which] + central_at + 4 <= len(buf):
        struct.pack_into("<I", buf, central[which] + central_at, value)
    return bytes(buf)


# ---------------------------------------------------------------------------------------------
# Mutations of a PDF
# ---------------------------------------------------------------------------------------------

_LENGTH = re.compile(rb"/Length\s+(\d+)")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_OBJECT = re.compile(rb"\d+ \d+ obj\b.*?endobj", re.S)
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
PDF_NUMBERS = (b"0", b"1", b"-1", b"2147483648", b"99999999999", b"1e308", b"0.0000001", b"-0", b"65535", b"3 0 R")


@st.composite
def pdf_mutant(draw: st.DrawFn) -> tuple[bytes, str]:
    """(bytes, filename): a seed PDF with its lengths, cross-reference table or an object's body changed."""
    data = seed(".pdf", draw(st.sampled_from(seed_names(".pdf"))))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["length", "xref", "startxref", "number", "object", "drop_object", "copy_object"]))
        if op == "length":
            data = _replace_group(draw, data, _LENGTH)
        elif op == "xref":
            entries = list(_XREF_ENTRY.finditer(data))
            if entries:
                m = draw(st.sampled_from(entries))
                new = b"%010d" % draw(st.integers(0, 10**10 - 1)) if draw(st.booleans()) else b"%010d" % 0
                data = data[: m.start(1)] + new + data[m.end(1) :]
        elif op == "startxref":
            data = _replace_group(draw, data, _STARTXREF)
        elif op == "number":
            objects = list(_OBJECT.finditer(data))
            if objects:
                obj = draw(st.sampled_from(objects))
                numbers = list(_NUMBER.finditer(data, obj.start(), obj.end()))
                if numbers:
                    n = draw(st.sampled_from(numbers))
                    data = data[: n.start()] + draw(st.sampled_from(PDF_NUMBERS)) + data[n.end() :]
        elif op == "object":
            objects = list(_OBJECT.finditer(data))
            if objects:
                obj = draw(st.sampled_from(objects))
                body = draw(mutated_bytes(obj.group(0), max_ops=4))
                data = data[: obj.start()] + body + data[obj.end() :]
        elif op == "drop_object":
            objects = list(_OBJECT.finditer(data))
            if objects:
                obj = draw(st.sampled_from(objects))
                data = data[: obj.start()] + data[obj.end() :]
        else:
            objects = list(_OBJECT.finditer(data))
            if len(objects) > 1:
                a, b = draw(st.sampled_from(objects)), draw(st.sampled_from(objects))
                head = re.match(rb"\d+ \d+ obj", a.group(0))
                tail = re.sub(rb"^\d+ \d+ obj", b"", b.group(0))
                if head is not None:
                    data = data[: a.start()] + head.group(0) + tail + data[a.end() :]
    return data, draw(filenames(".pdf"))


def _replace_group(draw: st.DrawFn, data: bytes, pattern: re.Pattern[bytes]) -> bytes:
    found = list(pattern.finditer(data))
    if not found:
        return data
    m = draw(st.sampled_from(found))
    value = int(m.group(1))
    new = draw(st.sampled_from([b"0", b"1", str(value - 1).encode(), str(value + 1).encode(), str(value * 2).encode(),
                                b"99999999999", b"-1", b"4294967296"]))  # fmt: skip
    return data[: m.start(1)] + new + data[m.end(1) :]


# ---------------------------------------------------------------------------------------------
# Text files
# ---------------------------------------------------------------------------------------------

TEXT_ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "gb18030", "gb2312", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                  "big5", "shift_jis", "latin-1")  # fmt: skip


@functools.cache
def seed_text() -> str:
    """The text of the .txt samples (the GB18030 one decoded)."""
    texts = []
    for _name, data in seeds(".txt"):
        for codec in ("utf-8", "gb18030"):
            try:
                texts.append(data.decode(codec))
                break
            except UnicodeDecodeError:
                continue
    return "\n".join(texts)


@st.composite
def txt_mutant(draw: st.DrawFn) -> tuple[bytes, str]:
    """(bytes, filename): Chinese text in some encoding, cut and mutated; or generated text; or garbage."""
    kind = draw(st.sampled_from(["seed", "seed", "generated", "garbage"]))
    if kind == "garbage":
        return draw(st.binary(min_size=1, max_size=2000)), draw(filenames(".txt"))
    if kind == "seed":
        text = seed_text()
        start = draw(st.integers(0, len(text) - 1))
        text = text[start : start + draw(st.integers(1, 3000))]
    else:
        text = draw(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400))
    encoding = draw(st.sampled_from(TEXT_ENCODINGS))
    data = text.encode(encoding, errors=draw(st.sampled_from(["replace", "ignore", "xmlcharrefreplace"])))
    if draw(st.booleans()):
        data = draw(mutated_bytes(data, max_ops=4))
    assume(data)
    return data, draw(filenames(draw(st.sampled_from([".txt", ".md", ".docx", ".pdf"]))))


# ---------------------------------------------------------------------------------------------
# The contract
# ---------------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")


def check_read(data: bytes, filename: str, limits: ReadLimits = LIMITS) -> Document | InputError:
    """Read ``data`` in a hypothesis test; assert the reader's contract (``check_contract``).

    A .doc/.wps/.rtf (sniffed as legacy) would be converted by LibreOffice, seconds per file: those
    inputs are not fuzzed (``assume``); a mutated seed almost never turns into one.
    """
    try:
        kind = sniff(data, filename, limits)
    except Exception:  # noqa: BLE001 - InputError, or a bug the read below must then show
        kind = None
    assume(kind is not FileKind.LEGACY)
    if LONG_RUN:  # a read that hangs kills the run; its input is then in CURRENT
        CURRENT.write_bytes(data)
        faulthandler.dump_traceback_later(limits.time_budget_s * 2 + 10, exit=True)
    try:
        outcome = check_contract(data, filename, limits)
    except BaseException:
        save_crasher(data, filename)
        raise
    finally:
        if LONG_RUN:
            faulthandler.cancel_dump_traceback_later()
    event(f"read: {outcome.code}" if isinstance(outcome, InputError) else f"read: {outcome.source.format}")
    return outcome


def check_contract(data: bytes, filename: str, limits: ReadLimits = LIMITS) -> Document | InputError:
    """Read ``data`` and assert the contract: a Document within the limits, or an InputError with a
    code and a Chinese message, and nothing else. Returns what the reader gave."""
    try:
        document = read_document(data, filename, limits)
    except InputError as error:
        assert isinstance(error.code, InputErrorCode), error.code
        assert error.message and _CJK.search(error.message), error.message
        assert error.to_dict()["error"]["code"].startswith("input.")
        return error
    assert isinstance(document, Document)
    assert document.blocks, "a Document without blocks should have been input.empty"
    if document.source.format is SourceFormat.PDF:
        assert document.source.pages is not None and 1 <= document.source.pages <= limits.max_pdf_pages
    text_size = sum(len(block.text) for block in document.blocks)
    if document.source.format is SourceFormat.DOCX:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = sum(i.file_size for i in archive.infolist())
        assert declared <= limits.max_unzipped_bytes
        assert declared <= limits.max_zip_ratio * len(data)
        # generated labels (一、 1.1 a.) are a few characters for a paragraph of ~100 bytes of XML
        assert text_size <= declared, f"{text_size} characters of text from {declared} bytes of package"
    elif document.source.format is SourceFormat.TXT:
        assert text_size <= len(data)
    for block in document.blocks:
        assert block.text.strip(), block
        assert not any(unicodedata.category(ch) == "Cs" for ch in block.text), "a lone surrogate in the text"
    return document


def save_crasher(data: bytes, filename: str) -> Path | None:
    """Keep an input that broke a reader under ``crashers/`` for ``test_crashers.py`` to replay; only in
    ``make fuzz`` and only the minimal example hypothesis replays last (not every step of its shrinking)."""
    if not LONG_RUN:
        return None
    try:
        from hypothesis.control import current_build_context

        if not current_build_context().is_final:
            return None
    except Exception:  # noqa: BLE001 - outside a hypothesis test, or its internals moved: save anyway
        pass
    suffix = Path(filename.replace("\x00", "")).suffix[:8] or ".bin"
    CRASHERS.mkdir(exist_ok=True)
    path = CRASHERS / f"new-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    path.write_bytes(data)
    return path


def with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """The zip ``data`` with ``member``'s uncompressed size set to ``size`` in its local and central headers."""
    buf = bytearray(data)
    name = member.encode()
    for signature, name_at, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        length_at = name_at - 4 if signature == b"PK\x03\x04" else 28
        for m in re.finditer(re.escape(signature), data):
            start = m.start()
            (name_len,) = struct.unpack_from("<H", data, start + length_at)
            if data[start + name_at : start + name_at + name_len] == name:
                struct.pack_into("<I", buf, start + size_at, size)
    return bytes(buf)
