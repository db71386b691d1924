"""Legacy formats (.doc/.wps/.rtf/.odt) through LibreOffice.

Fake ``soffice`` scripts (selected with ``SHUZHI_SOFFICE``) test the control flow everywhere; the tests
marked ``requires_soffice`` run the real LibreOffice and are skipped when it is not installed.

``fixtures/files/sample.doc`` is our own text: the .docx that ``_sample_docx()`` builds, saved as
Word 97 by LibreOffice 7.4 (``soffice --headless --convert-to "doc:MS Word 97" sample.docx``).
"""

from __future__ import annotations

import hashlib
import io
import stat
import sys
import threading
import time
import types
import zipfile
from pathlib import Path

import pytest

import analyzers.readers
from analyzers.document import Block, BlockKind, Document, SourceFormat, SourceInfo
from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import ReadContext, read_document
from analyzers.readers.legacy import (
    CONVERTED_WARNING,
    ENV_SOFFICE,
    NOT_INSTALLED_MESSAGE,
    convert_to_docx,
    find_soffice,
    source_suffix,
)
from analyzers.readers.limits import ReadLimits
from analyzers.readers.sniff import OLE_MAGIC

FIXTURE = Path(__file__).parent.parent / "fixtures" / "files" / "sample.doc"
OLE_STUB = OLE_MAGIC + b"\x00" * 1024  # sniffs as a legacy .doc; not a real one
RTF = (
    rb"{\rtf1\ansi\deff0{\fonttbl{\f0 SimSun;}}\f0 "
    rb"\u19968?\u12289?\u20027?\u35201?\u24037?\u20316?\par "  # 一、主要工作
    rb"\u25903?\u37096?\u35748?\u30495?\u23653?\u32844?\u12290?\par}"  # 支部认真履职。
)


def _real_soffice() -> str | None:
    return find_soffice()


requires_soffice = pytest.mark.skipif(
    _real_soffice() is None,
    reason="LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui",
)


def _sample_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("第一党支部书记述职报告", level=0)
    document.add_paragraph(
        "今年以来，支部在上级党委的领导下，认真履行管党治党第一责任人职责，现将有关情况报告如下。"
    )
    document.add_heading("一、主要工作", level=1)
    document.add_paragraph("组织开展主题党日12次，覆盖党员40人，参学率达95%。")
    document.add_paragraph("坚持“三会一课”制度，全年召开支部党员大会4次、支委会12次。")
    document.add_heading("二、存在的不足", level=1)
    document.add_paragraph("理论学习的深度还不够；联系群众的方式还比较单一。")
    document.add_heading("三、下一步打算", level=1)
    document.add_paragraph("进一步加强政治建设，推动支部工作再上新台阶。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _script(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "fake-soffice"
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _error(data: bytes, filename: str, limits: ReadLimits | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        read_document(data, filename, limits)
    assert caught.value.message
    return caught.value


def _paragraphs(docx_bytes: bytes) -> list[str]:
    import docx

    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        assert "word/document.xml" in archive.namelist()
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(docx_bytes)).paragraphs]


# ---------------------------------------------------------------------------------------------------
# Finding LibreOffice
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["none", "off", "", "  ", "0"])
def test_env_disables_soffice(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(ENV_SOFFICE, value)
    assert find_soffice() is None


def test_env_names_a_binary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    script = _script(tmp_path, "exit 0\n")
    monkeypatch.setenv(ENV_SOFFICE, str(script))
    assert find_soffice() == str(script)
    monkeypatch.setenv(ENV_SOFFICE, str(tmp_path / "missing"))
    assert find_soffice() is None


def test_found_on_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_SOFFICE, raising=False)
    (tmp_path / "bin").mkdir()
    script = _script(tmp_path / "bin", "exit 0\n")
    script.rename(tmp_path / "bin" / "libreoffice")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert find_soffice() == str(tmp_path / "bin" / "libreoffice")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_soffice() is None


@pytest.mark.parametrize(
    ("data", "filename", "suffix"),
    [
        (OLE_STUB, "报告.doc", ".doc"),
        (OLE_STUB, "报告.WPS", ".wps"),
        (OLE_STUB, "报告.docx", ".doc"),
        (RTF, "报告.doc", ".rtf"),
        (b"PK\x03\x04...", "报告.odt", ".odt"),
    ],
)
def test_source_suffix(data: bytes, filename: str, suffix: str) -> None:
    assert source_suffix(data, filename) == suffix


# ---------------------------------------------------------------------------------------------------
# Without LibreOffice, and when it fails
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename"), [(OLE_STUB, "述职报告.doc"), (OLE_STUB, "述职报告.wps"), (RTF, "a.rtf")]
)
def test_not_installed(monkeypatch: pytest.MonkeyPatch, data: bytes, filename: str) -> None:
    monkeypatch.setenv(ENV_SOFFICE, "none")
    error = _error(data, filename)
    assert error.code is InputErrorCode.UNSUPPORTED_FORMAT
    assert error.message == NOT_INSTALLED_MESSAGE
    assert "LibreOffice" in error.message and "另存为" in error.message


def test_conversion_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(
        ENV_SOFFICE, str(_script(tmp_path, "echo 'Error: source file could not be loaded' >&2\nexit 1\n"))
    )
    error = _error(OLE_STUB, "a.doc")
    assert error.code is InputErrorCode.CORRUPT
    assert "could not be loaded" in (error.detail or "")


def test_conversion_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_SOFFICE, str(_script(tmp_path, "exit 0\n")))
    assert _error(OLE_STUB, "a.doc").code is InputErrorCode.CORRUPT


def _outdir_script(tmp_path: Path, action: str) -> Path:
    """A fake soffice that finds --outdir in its arguments and runs ``action`` with $out set."""
    return _script(
        tmp_path,
        'log="$FAKE_SOFFICE_LOG"\n'
        'if [ -n "$log" ]; then printf "%s\\n" "$@" >> "$log"; echo --- >> "$log"; fi\n'
        "while [ $# -gt 0 ]; do\n"
        '  if [ "$1" = "--outdir" ]; then out="$2"; fi\n'
        "  shift\n"
        "done\n" + action + "\n",
    )


def test_conversion_writes_garbage(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_SOFFICE, str(_outdir_script(tmp_path, 'echo garbage > "$out/input.docx"')))
    assert _error(OLE_STUB, "a.doc").code is InputErrorCode.CORRUPT


def test_timeout_kills_the_process_group(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    # The script starts a child in the background (as soffice starts soffice.bin), then waits.
    script = _script(tmp_path, f'sleep 60 &\necho $! >> "{pids}"\necho $$ >> "{pids}"\nwait\n')
    monkeypatch.setenv(ENV_SOFFICE, str(script))
    started = time.monotonic()
    error = _error(OLE_STUB, "a.doc", ReadLimits(soffice_timeout_s=1.0))
    assert error.code is InputErrorCode.TOO_LARGE
    assert "1 秒" in error.message
    assert time.monotonic() - started < 10
    for pid in map(int, pids.read_text().split()):
        status = Path(f"/proc/{pid}/status")
        # gone, or a zombie waiting for init to reap it: in either case no longer running
        assert not status.exists() or "\nState:\tZ" in status.read_text()


def test_read_replaces_source_info(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The converted .docx goes to the .docx reader; the result describes the original file."""
    converted = tmp_path / "converted.docx"
    converted.write_bytes(_sample_docx())
    log = tmp_path / "argv.log"
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    monkeypatch.setenv(ENV_SOFFICE, str(_outdir_script(tmp_path, f'cp "{converted}" "$out/input.docx"')))

    seen: list[tuple[bytes, ReadContext]] = []

    def fake_docx_read(data: bytes, ctx: ReadContext) -> Document:
        seen.append((data, ctx))
        source = SourceInfo(
            filename=ctx.filename, format=SourceFormat.DOCX, sha256="converted", size=len(data)
        )
        block = Block(kind=BlockKind.HEADING, text="一、主要工作", level=1)
        return Document(source=source, blocks=(block,), warnings=("docx warning",))

    fake = types.ModuleType("analyzers.readers.docx")
    fake.read = fake_docx_read  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "analyzers.readers.docx", fake)
    monkeypatch.setattr(analyzers.readers, "docx", fake, raising=False)

    data = OLE_STUB
    document = read_document(data, "述职报告.wps")
    assert document.source == SourceInfo(
        filename="述职报告.wps",
        format=SourceFormat.DOC,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
    assert document.blocks[0].text == "一、主要工作"
    assert document.warnings == ("docx warning", CONVERTED_WARNING)
    assert seen[0][0] == converted.read_bytes()
    assert seen[0][1].filename == "述职报告.wps"

    argv = log.read_text().split("\n")
    assert "--headless" in argv and "--convert-to" in argv
    assert argv[argv.index("--convert-to") + 1].startswith("docx")
    profile = next(a for a in argv if a.startswith("-env:UserInstallation=file:///"))
    source = argv[argv.index("--outdir") + 2]
    assert source.endswith("input.wps")
    workdir = Path(source).parent
    assert profile.startswith(f"-env:UserInstallation={workdir.as_uri()}/")
    assert not workdir.exists(), "the temporary directory is removed"


def test_each_conversion_has_its_own_profile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log = tmp_path / "argv.log"
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    monkeypatch.setenv(ENV_SOFFICE, str(_outdir_script(tmp_path, "exit 1")))
    for _ in range(2):
        _error(OLE_STUB, "a.doc")
    profiles = [line for line in log.read_text().split("\n") if line.startswith("-env:UserInstallation=")]
    assert len(profiles) == 2 and profiles[0] != profiles[1]


# ---------------------------------------------------------------------------------------------------
# The real LibreOffice
# ---------------------------------------------------------------------------------------------------


@requires_soffice
def test_fixture_is_a_real_doc() -> None:
    data = FIXTURE.read_bytes()
    assert data.startswith(OLE_MAGIC)
    assert len(data) < 64 * 1024


@requires_soffice
def test_convert_doc_to_docx() -> None:
    soffice = _real_soffice()
    assert soffice is not None
    data = FIXTURE.read_bytes()
    docx_bytes = convert_to_docx(data, ".doc", soffice=soffice, limits=ReadLimits())
    paragraphs = _paragraphs(docx_bytes)
    for text in ("一、主要工作", "组织开展主题党日12次，覆盖党员40人，参学率达95%。", "三、下一步打算"):
        assert text in paragraphs


@requires_soffice
def test_convert_rtf_to_docx() -> None:
    soffice = _real_soffice()
    assert soffice is not None
    paragraphs = _paragraphs(convert_to_docx(RTF, ".rtf", soffice=soffice, limits=ReadLimits()))
    assert paragraphs[:2] == ["一、主要工作", "支部认真履职。"]


@requires_soffice
def test_read_doc_end_to_end() -> None:
    data = FIXTURE.read_bytes()
    document = read_document(data, "述职报告.doc")
    assert document.source.format is SourceFormat.DOC
    assert document.source.filename == "述职报告.doc"
    assert document.source.sha256 == hashlib.sha256(data).hexdigest()
    assert document.source.size == len(data)
    assert CONVERTED_WARNING in document.warnings
    texts = [block.text for block in document.blocks]
    assert "组织开展主题党日12次，覆盖党员40人，参学率达95%。" in texts
    headings = [block.text for block in document.headings]
    assert "一、主要工作" in headings and "二、存在的不足" in headings


@requires_soffice
@pytest.mark.slow
def test_parallel_conversions() -> None:
    soffice = _real_soffice()
    assert soffice is not None
    data = FIXTURE.read_bytes()
    results: list[bytes | BaseException] = []

    def convert() -> None:
        try:
            results.append(convert_to_docx(data, ".doc", soffice=soffice, limits=ReadLimits()))
        except BaseException as exc:  # noqa: BLE001 - reported below
            results.append(exc)

    threads = [threading.Thread(target=convert) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(result, bytes) for result in results), results
    assert all("一、主要工作" in _paragraphs(result) for result in results)  # type: ignore[arg-type]


def test_converted_odt_is_read_from_the_converted_file_not_the_sniffed_archive(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Sniffing opens the .odt's zip; the .docx reader must not mistake it for the converted package.
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    converted = tmp_path / "converted.docx"
    converted.write_bytes(_sample_docx())
    monkeypatch.setenv(ENV_SOFFICE, str(_outdir_script(tmp_path, f'cp "{converted}" "$out/input.docx"')))
    document = read_document(odt.getvalue(), "述职报告.odt")
    assert document.source.format is SourceFormat.DOC
    assert document.blocks == read_document(converted.read_bytes(), "x.docx").blocks
