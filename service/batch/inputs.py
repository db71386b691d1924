"""The inputs of an audit: report files in folders and .zip archives, and who each belongs to.

Folders are walked in sorted order; a .zip is read member by member in memory (a member's name is never
used as a path on disk, and its declared size is checked against the size limit before it is inflated).
Hidden and system files (.DS_Store, ~$ lock files of Word, __MACOSX) are not reports and are left out;
every other file is an input and gets a row, even one that turns out not to be a report.

Who a report belongs to comes from a mapping file when one is given (CSV or .xlsx with the columns
file, unit, branch, secretary and optionally grade; ``file`` is a file name or a path relative to the
input), else from the folders: …/二级党组织/党支部/报告.docx.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from analyzers.readers.sniff import ZIP_METHODS
from service.batch.model import Item

ZIP_SEPARATOR = "!"
_SKIPPED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
MAPPING_COLUMNS = ("file", "unit", "branch", "secretary", "grade")


class InputsError(ValueError):
    """Inputs that cannot be audited at all (a path that does not exist, a mapping without its columns)."""


@dataclass(frozen=True)
class Assignment:
    unit: str = ""
    branch: str = ""
    secretary: str = ""
    grade: str = ""


def _skipped(parts: tuple[str, ...]) -> bool:
    name = parts[-1].lower()
    return (
        any((p.startswith(".") and p not in (".", "..")) or p == "__MACOSX" for p in parts)
        or name.startswith("~$")
        or name in _SKIPPED_NAMES
    )


def _from_folders(parts: tuple[str, ...]) -> Assignment:
    """…/二级党组织/党支部/报告.docx: the two folders above the file, as far as there are any."""
    folders = parts[:-1]
    return Assignment(unit=folders[-2] if len(folders) >= 2 else "", branch=folders[-1] if folders else "")


def collect(paths: list[Path], mapping: Path | None = None, max_member_bytes: int | None = None) -> list[Item]:
    """Every input under ``paths`` (files, folders, .zip archives), in a stable order, with its assignment."""
    assignments = read_mapping(mapping) if mapping is not None else None
    items: list[Item] = []
    for path in paths:
        if not path.exists():
            raise InputsError(f"{path}: 不存在")
        for key, name, parts in _walk(path, max_member_bytes):
            assigned = _assignment(assignments, name, "/".join(parts)) if assignments is not None else None
            found = assigned or _from_folders(parts)
            items.append(Item(key, name, found.unit, found.branch, found.secretary, found.grade))
    return items


def _walk(path: Path, max_member_bytes: int | None) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(key, name, path parts relative to the input) of each input under ``path``."""
    if path.is_file() and path.suffix.lower() == ".zip":
        yield from _zip_members(path, max_member_bytes)
        return
    if path.is_file():
        yield str(path), path.name, (path.name,)
        return
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        parts = file.relative_to(path).parts
        if _skipped(parts):
            continue
        if file.suffix.lower() == ".zip":
            yield from _zip_members(file, max_member_bytes, prefix=parts[:-1])
        else:
            yield str(file), file.name, parts


def _zip_members(
    archive: Path, max_member_bytes: int | None, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError):
        # one input, whose row says the archive is broken (reading "archive!" raises BrokenArchive)
        yield f"{archive}{ZIP_SEPARATOR}", archive.name, (*prefix, archive.name)
        return
    for info in sorted(infos, key=lambda i: i.filename):
        # "../x.txt" is an input like any other; its "..", never used as a path, says nothing of its branch
        parts = tuple(p for p in PurePosixPath(_member_name(info)).parts if p not in (".", "..", "/"))
        if not parts or _skipped(parts):
            continue
        yield f"{archive}{ZIP_SEPARATOR}{info.filename}", parts[-1], (*prefix, *parts)


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author saw it: zips made on Chinese Windows store names in GBK without the
    UTF-8 flag, which Python reads as cp437."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.replace("\\", "/")  # Windows' own zip tools write backslashes


class TooLarge(ValueError):
    """A member whose declared size is over the limit: not inflated."""


class UnsupportedCompression(ValueError):
    """A member compressed other than stored or deflated (what Windows, macOS and WPS write): zipfile would
    inflate a bzip2 or LZMA member without bound, so it is refused."""


class BrokenArchive(ValueError):
    """A .zip input that is not a readable zip archive."""


def read_item(item: Item, max_bytes: int) -> bytes:
    """The bytes of one input (a file, or a member of an archive, inflated in memory)."""
    if ZIP_SEPARATOR in item.key and not Path(item.key).exists():
        archive, member = item.key.split(ZIP_SEPARATOR, 1)
        if not member or not zipfile.is_zipfile(archive):
            raise BrokenArchive(archive)
        with zipfile.ZipFile(archive) as zf:
            info = zf.getinfo(member)
            if info.compress_type not in ZIP_METHODS:  # bzip2 and LZMA inflate without bound in zipfile
                raise UnsupportedCompression(member)
            if info.file_size > max_bytes:
                raise TooLarge(f"{info.file_size} bytes")
            with zf.open(info) as stream:
                data = stream.read(max_bytes + 1)  # a forged header cannot make it inflate more than this
            if len(data) > max_bytes:
                raise TooLarge(f"more than {max_bytes} bytes")
            return data
    path = Path(item.key)
    if path.stat().st_size > max_bytes:
        raise TooLarge(f"{path.stat().st_size} bytes")
    return path.read_bytes()


# -- the mapping file ------------------------------------------------------------------------------------


def read_mapping(path: Path) -> dict[str, Assignment]:
    """file -> assignment, from a CSV (UTF-8 or GB18030) or .xlsx with the columns file, unit, branch,
    secretary (grade optional). Keys are the file name and the relative path, as written."""
    rows = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    if not rows:
        raise InputsError(f"{path}: 没有内容")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("file", "unit", "branch") if c not in header]
    if missing:
        raise InputsError(f"{path}: 缺少列 {', '.join(missing)}（需要 {', '.join(MAPPING_COLUMNS)}）")
    column = {name: header.index(name) for name in MAPPING_COLUMNS if name in header}
    out: dict[str, Assignment] = {}
    for row in rows[1:]:
        def cell(name: str, row: list[str] = row) -> str:
            index = column.get(name)
            return str(row[index]).strip() if index is not None and index < len(row) and row[index] else ""

        if not cell("file"):
            continue
        out[cell("file").replace("\\", "/")] = Assignment(cell("unit"), cell("branch"), cell("secretary"),
                                                          cell("grade"))  # fmt: skip
    return out


def _assignment(assignments: dict[str, Assignment], name: str, relative: str) -> Assignment | None:
    return assignments.get(relative) or assignments.get(name)


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.reader(io.StringIO(raw.decode(encoding))))
        except UnicodeDecodeError:
            continue
    raise InputsError(f"{path}: 不是 UTF-8 或 GB18030 编码的 CSV")


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()

