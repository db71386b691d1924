"""The .txt/.md reader: encodings detected from the bytes, one block per line, headings from labels."""

from __future__ import annotations

import hashlib

import pytest

from analyzers.document import BlockKind, SourceFormat
from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import read_document
from analyzers.readers.limits import ReadLimits
from analyzers.readers.sniff import FileKind, sniff, utf16_byte_order

REPORT = (
    "2023年度第一党支部书记述职报告\n"
    "\n"
    "一、主要工作\n"
    "　　今年以来，支部坚持以习近平新时代中国特色社会主义思想为指导，认真履行职责。\n"
    "（一）强化政治引领\n"
    "1. 组织开展主题党日12次，覆盖党员40人。\n"
    "二、存在的不足\n"
    "理论学习的深度还不够；联系群众的方式还比较单一。\n"
)
EXPECTED_TEXTS = [
    "2023年度第一党支部书记述职报告",
    "一、主要工作",
    "今年以来，支部坚持以习近平新时代中国特色社会主义思想为指导，认真履行职责。",
    "（一）强化政治引领",
    "1. 组织开展主题党日12次，覆盖党员40人。",
    "二、存在的不足",
    "理论学习的深度还不够；联系群众的方式还比较单一。",
]


def _read(data: bytes, filename: str = "report.txt"):
    return read_document(data, filename)


def _error(data: bytes, filename: str = "report.txt") -> InputError:
    with pytest.raises(InputError) as caught:
        read_document(data, filename)
    assert caught.value.message
    return caught.value


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (REPORT.encode("utf-8"), "utf-8"),
        (REPORT.encode("utf-8-sig"), "utf-8-sig"),
        (REPORT.encode("utf-16"), "utf-16"),  # with BOM, platform byte order
        (b"\xfe\xff" + REPORT.encode("utf-16-be"), "utf-16"),
        (b"\xff\xfe" + REPORT.encode("utf-16-le"), "utf-16"),
        (REPORT.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (REPORT.encode("utf-16-be"), "utf-16-be"),  # no BOM
        (REPORT.encode("utf-32"), "utf-32"),
        (b"\x00\x00\xfe\xff" + REPORT.encode("utf-32-be"), "utf-32"),
        (REPORT.encode("gbk"), "gb18030"),
        (REPORT.encode("gb2312"), "gb18030"),
        (REPORT.encode("gb18030"), "gb18030"),
        (REPORT.replace("\n", "\r\n").encode("gbk"), "gb18030"),
    ],
)
def test_encodings(data: bytes, encoding: str) -> None:
    document = _read(data)
    assert document.source.encoding == encoding
    assert [b.text for b in document.blocks] == EXPECTED_TEXTS
    assert document.source.format is SourceFormat.TXT
    assert document.source.size == len(data)
    assert document.source.sha256 == hashlib.sha256(data).hexdigest()
    assert document.source.filename == "report.txt"
    assert document.warnings == ()


def test_gb18030_four_byte_characters() -> None:
    text = "支部书记𠀀同志述职。\n党员人数：40人。\n"  # U+20000 only exists in GB18030's four-byte area
    document = _read(text.encode("gb18030"))
    assert document.source.encoding == "gb18030"
    assert document.blocks[0].text == "支部书记𠀀同志述职。"


def test_undecodable_bytes() -> None:
    # Neither UTF-8 (0x80 cannot start a character) nor plausible GB18030 (decodes to rare GBK
    # extension characters and C1 controls).
    data = bytes(range(0x80, 0x100)) * 8
    error = _error(data)
    assert error.code is InputErrorCode.ENCODING
    assert "UTF-8" in error.message and "GB18030" in error.message
    assert "另存为" in error.message


@pytest.mark.parametrize(
    "data",
    [
        ("今年以來，支部堅持黨的領導，認真履行職責。\n" * 10).encode("big5"),
        ("日本語のテキストです。これは試験です。\n" * 10).encode("shift_jis"),
        ("Ünïcödé façade naïve café résumé\n" * 5).encode("latin-1"),
    ],
)
def test_other_encodings_are_not_misread_as_gb18030(data: bytes) -> None:
    assert _error(data).code is InputErrorCode.ENCODING


def test_zero_bytes() -> None:
    assert _error(b"").code is InputErrorCode.EMPTY


@pytest.mark.parametrize(
    "data",
    [
        b"   \r\n\t ",
        "\u3000\u3000\n\u3000".encode(),
        "\u3000\r\n".encode("utf-16"),
        "\ufeff\u3000\n\n".encode("utf-8-sig"),
        b"##\n#\n",
    ],
)
def test_whitespace_only_is_empty(data: bytes) -> None:
    assert _error(data).code is InputErrorCode.EMPTY


def test_blocks_and_origins() -> None:
    document = _read(REPORT.encode())
    kinds = [(b.kind, b.level, b.label) for b in document.blocks]
    assert kinds == [
        (BlockKind.PARAGRAPH, None, ""),
        (BlockKind.HEADING, 1, "一、"),
        (BlockKind.PARAGRAPH, None, ""),
        (BlockKind.HEADING, 2, "（一）"),
        (BlockKind.PARAGRAPH, None, ""),  # a labelled sentence is not a heading
        (BlockKind.HEADING, 1, "二、"),
        (BlockKind.PARAGRAPH, None, ""),
    ]
    assert [b.origin.index for b in document.blocks] == [0, 2, 3, 4, 5, 6, 7]
    assert all(not b.label_auto for b in document.blocks)
    heading = document.blocks[1]
    assert heading.own_text == heading.text == "一、主要工作"


def test_crlf_cr_and_line_separator() -> None:
    data = "一、主要工作\r\n第一段。\r\n\r\n第二段。\r第三段。\u2028第四段。".encode()
    document = _read(data)
    assert [b.text for b in document.blocks] == [
        "一、主要工作",
        "第一段。",
        "第二段。",
        "第三段。",
        "第四段。",
    ]
    assert [b.origin.index for b in document.blocks] == [0, 1, 3, 4, 5]


def test_indentation_is_stripped() -> None:
    document = _read("\u3000\u3000首行缩进。\n\t  制表符缩进。  \n".encode())
    assert [b.text for b in document.blocks] == ["首行缩进。", "制表符缩进。"]


def test_markdown_headings_and_bullets() -> None:
    data = (
        "# 2023年度述职报告\n"
        "## 一、主要工作 ##\n"
        "###（一）强化政治引领\n"
        "支部坚持……。\n"
        "- 学习不够深入\n"
        "* 作风不够扎实\n"
        "#### \n"
        "#主题教育#\n"
    ).encode()
    document = _read(data, "report.md")
    assert [(b.kind, b.text, b.level, b.label) for b in document.blocks] == [
        (BlockKind.HEADING, "2023年度述职报告", 1, ""),
        (BlockKind.HEADING, "一、主要工作", 2, "一、"),
        (BlockKind.HEADING, "（一）强化政治引领", 3, "（一）"),
        (BlockKind.PARAGRAPH, "支部坚持……。", None, ""),
        (BlockKind.LIST_ITEM, "学习不够深入", None, ""),
        (BlockKind.LIST_ITEM, "作风不够扎实", None, ""),
        (BlockKind.PARAGRAPH, "#主题教育#", None, ""),
    ]
    assert document.source.format is SourceFormat.TXT


def test_control_characters_are_dropped() -> None:
    document = _read(("第一段。" * 40 + "\x1a\n").encode())  # a DOS end-of-file mark
    assert [b.text for b in document.blocks] == ["第一段。" * 40]


def test_truncated_last_character_is_dropped_with_a_warning() -> None:
    data = "一、主要工作\n支部认真履职。".encode()[:-1]  # cut inside 。
    document = _read(data)
    assert document.source.encoding == "utf-8"
    assert document.blocks[-1].text == "支部认真履职"
    assert len(document.warnings) == 1


def test_broken_utf16_with_bom() -> None:
    data = b"\xff\xfe" + "正文".encode("utf-16-le") + b"\x00\xd8\x41\x00"  # lone high surrogate
    assert _error(data).code is InputErrorCode.ENCODING


def test_sniff_accepts_utf16_without_bom_but_not_binary() -> None:
    limits = ReadLimits()
    assert sniff(REPORT.encode("utf-16-le"), "report.txt", limits) is FileKind.TXT
    assert utf16_byte_order(REPORT.encode("utf-16-be")) == "utf-16-be"
    assert utf16_byte_order(bytes(range(256)) * 4) is None
    assert utf16_byte_order(b"\x00\x01\x02\x03" * 100) is None
    with pytest.raises(InputError) as caught:
        sniff(b"\x01\x00\x02\x00\x03\x00" * 100, "data.txt", limits)
    assert caught.value.code is InputErrorCode.UNSUPPORTED_FORMAT
