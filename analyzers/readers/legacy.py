"""Old and foreign word-processor files (.doc, .wps, .rtf, .odt): converted to .docx by LibreOffice.

``soffice --headless --convert-to docx`` runs in a private temporary directory with its own user
profile (``-env:UserInstallation``), so parallel conversions never share a profile lock, in its own
process group, which is killed when the conversion outlives ``limits.soffice_timeout_s``. The .docx it
writes goes to the .docx reader; the Document keeps the original file's name, hash and size and says
``format=doc``. Without LibreOffice the user is told how to convert the file themselves.

``SHUZHI_SOFFICE`` overrides the binary: a path or command name, or ``none``/``off``/empty to act as
if LibreOffice were not installed.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from analyzers.document import Document, SourceFormat
from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import ReadContext
from analyzers.readers.limits import Deadline, ReadLimits
from analyzers.readers.sniff import OLE_MAGIC, check_zip_bomb

log = logging.getLogger(__name__)

ENV_SOFFICE = "SHUZHI_SOFFICE"
_DISABLED = {"", "none", "off", "0", "false", "no"}

NOT_INSTALLED_MESSAGE = (
    "这是旧版 Word（.doc）或 WPS 文件，服务器未安装 LibreOffice，无法转换。"
    "请用 Word/WPS 打开后“另存为”.docx 再上传；"
    "管理员可安装 LibreOffice（apt-get install libreoffice-writer）启用此功能。"
)
CONVERTED_WARNING = (
    "这是旧版格式的文件，已自动转换为 .docx 后分析；个别排版（如编号、文本框）可能与原文件略有出入。"
)


def find_soffice() -> str | None:
    """The LibreOffice binary to run, or None.

    ``$SHUZHI_SOFFICE`` wins when set (a path or a name looked up on PATH; ``none``/``off``/empty
    disables conversion); otherwise ``soffice``, then ``libreoffice``, on PATH.
    """
    override = os.environ.get(ENV_SOFFICE)
    if override is not None:
        override = override.strip()
        if override.lower() in _DISABLED:
            return None
        return shutil.which(override)
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def read(data: bytes, ctx: ReadContext) -> Document:
    soffice = find_soffice()
    if soffice is None:
        raise InputError(InputErrorCode.UNSUPPORTED_FORMAT, NOT_INSTALLED_MESSAGE)
    docx_bytes = convert_to_docx(data, source_suffix(data, ctx.filename), soffice=soffice, limits=ctx.limits)
    from analyzers.readers import docx as docx_reader  # lazy: written alongside, heavy imports

    # The conversion had its own time limit; parsing the result gets the usual budget (and not the
    # archive sniffing opened, which is the original .odt's).
    inner = dataclasses.replace(ctx, deadline=Deadline(ctx.limits.time_budget_s), archive=None)
    document = docx_reader.read(docx_bytes, inner)
    source = dataclasses.replace(
        document.source,
        filename=ctx.filename,
        format=SourceFormat.DOC,
        sha256=ctx.sha256,
        size=len(data),
    )
    return dataclasses.replace(document, source=source, warnings=(*document.warnings, CONVERTED_WARNING))


def source_suffix(data: bytes, filename: str) -> str:
    """The extension that tells LibreOffice which import filter to try first."""
    suffix = Path(filename).suffix.lower()
    if data.startswith(OLE_MAGIC):
        return suffix if suffix in (".doc", ".wps", ".dot", ".wpt") else ".doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return ".rtf"
    if data.startswith(b"PK"):
        return ".odt"
    return suffix or ".doc"


def convert_to_docx(data: bytes, suffix: str, *, soffice: str, limits: ReadLimits) -> bytes:
    """Run LibreOffice on ``data`` (saved as ``input<suffix>``) and return the .docx it writes."""
    timeout = limits.soffice_timeout_s
    with tempfile.TemporaryDirectory(prefix="shuzhi-soffice-") as tmp:
        workdir = Path(tmp)
        source = workdir / f"input{suffix}"
        source.write_bytes(data)
        outdir = workdir / "out"
        outdir.mkdir()
        profile = workdir / "profile"
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nofirststartwizard",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ]
        started = time.monotonic()
        returncode, stderr = _run(command, cwd=workdir, timeout=timeout)
        log.info("soffice converted %s in %.1fs (rc=%s)", suffix, time.monotonic() - started, returncode)
        target = outdir / "input.docx"
        if returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            raise InputError(
                InputErrorCode.CORRUPT,
                "文件无法转换为 .docx，可能已损坏，或不是 Word/WPS 文档。"
                "请用 Word/WPS 打开后“另存为”.docx 再上传。",
                detail=f"soffice rc={returncode}: {stderr[-500:]!r}",
            )
        docx_bytes = target.read_bytes()
    try:
        infos = zipfile.ZipFile(io.BytesIO(docx_bytes)).infolist()
    except zipfile.BadZipFile as exc:
        raise InputError(
            InputErrorCode.CORRUPT,
            "文件转换后的结果不完整，无法读取。请用 Word/WPS 打开后“另存为”.docx 再上传。",
            detail=repr(exc),
        ) from exc
    check_zip_bomb(infos, len(docx_bytes), limits)
    return docx_bytes


def _run(command: list[str], *, cwd: Path, timeout: float) -> tuple[int, str]:
    """Run ``command`` in a new process group; kill the whole group on timeout or interruption.

    The group is killed before the leader is reaped, so its id cannot have been reused yet.
    """
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(process)
        process.communicate()
        raise InputError(
            InputErrorCode.TOO_LARGE,
            f"文件转换超过了 {timeout:g} 秒的时间上限，可能过大或结构异常。"
            "请用 Word/WPS 打开后“另存为”.docx 再上传。",
            detail=f"soffice timed out after {timeout:g}s",
        ) from exc
    except BaseException:
        _kill_group(process)
        process.communicate()
        raise
    return process.returncode, stderr.decode("utf-8", "replace")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
