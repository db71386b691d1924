"""`make bench`: how fast reports are read, as medians with their ratio to a floor measured in the same run.

Machines are noisy, so every figure is the median of repeated runs, and each reader is compared with
the cheapest possible pass over the same bytes (its floor) in the same process, one after the other:
the ratio holds from machine to machine where the milliseconds do not.

- .docx: our reader against zipfile + lxml over ``word/document.xml`` (all ``w:t`` text, nothing else);
  python-docx's object model is shown for reference. Two files: the sample (a small styles part, Word
  automatic numbering) and the same report written by python-docx on its default template, whose
  styles part is 349 KB of styles the report never uses (``python_docx_report``).
- .pdf: our reader's ms per page against pypdfium2's plain text extraction; pdfplumber for reference.
  The sample PDF (reportlab, fonts not embedded) and, when LibreOffice is installed, the .docx sample
  exported by LibreOffice (embedded fonts, one text object per glyph run, as real exports are).
- jieba: characters segmented per second, dictionary already loaded.
- vagueness: the prose sentences of each sample report scored in one batch (facts, lexicon, n-grams, model),
  as sentences per second and milliseconds per report (target: about 10 ms for a 3,000-字 report).

Writes ``bench/results.json``.
"""

from __future__ import annotations

import io
import json
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
RESULTS = ROOT / "bench" / "results.json"
W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def median_ms(fn: Callable[[], object], repeat: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_docx(path: Path) -> dict:
    from docx import Document as PythonDocx
    from lxml import etree

    from analyzers.readers import read_document
    from analyzers.text import count_chars

    data = path.read_bytes()

    def floor() -> str:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
        return "".join(t.text or "" for t in root.iter(W_T))

    def python_docx() -> str:
        return "\n".join(p.text for p in PythonDocx(io.BytesIO(data)).paragraphs)

    document = read_document(data, path.name)
    reader_ms = median_ms(lambda: read_document(data, path.name), repeat=60)
    floor_ms = median_ms(floor, repeat=60)
    reference_ms = median_ms(python_docx, repeat=15)
    return {
        "file": path.name,
        "chars": sum(count_chars(b.own_text) for b in document.blocks),
        "reader_ms": round(reader_ms, 2),
        "floor_ms": round(floor_ms, 2),
        "ratio": round(reader_ms / floor_ms, 2),
        "target_ratio": 5,
        "python_docx_ms": round(reference_ms, 2),
        "python_docx_ratio": round(reference_ms / floor_ms, 2),
    }


def python_docx_report(sample: Path, workdir: Path) -> Path:
    """The sample's text (about 3,000 字) as python-docx writes it on its default template: Title and
    Heading styles, List Number items, and the template's large styles and numbering parts."""
    import docx

    from analyzers.document import BlockKind
    from analyzers.readers import read_document

    document = docx.Document()
    for block in read_document(sample.read_bytes(), sample.name).blocks:
        if block.kind is BlockKind.HEADING:
            document.add_heading(block.own_text, level=min(block.level or 0, 3))
        elif block.kind is BlockKind.LIST_ITEM:
            document.add_paragraph(block.own_text, style="List Number")
        else:
            document.add_paragraph(block.text)
    path = workdir / f"{sample.stem}.python-docx.docx"
    document.save(str(path))
    return path


def bench_pdf(path: Path) -> dict:
    import pdfplumber
    import pypdfium2 as pdfium

    from analyzers.readers import read_document

    data = path.read_bytes()

    def floor() -> list[str]:
        pdf = pdfium.PdfDocument(data)
        try:
            return [page.get_textpage().get_text_range() for page in pdf]
        finally:
            pdf.close()

    def pdfplumber_text() -> list[str]:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]

    pages = read_document(data, path.name).source.pages or 1
    reader_ms = median_ms(lambda: read_document(data, path.name), repeat=30) / pages
    floor_ms = median_ms(floor, repeat=30) / pages
    reference_ms = median_ms(pdfplumber_text, repeat=5, warmup=1) / pages
    return {
        "file": path.name,
        "pages": pages,
        "reader_ms_per_page": round(reader_ms, 2),
        "floor_ms_per_page": round(floor_ms, 2),
        "ratio": round(reader_ms / floor_ms, 2),
        "target_ratio": 2,
        "pdfplumber_ms_per_page": round(reference_ms, 2),
        "pdfplumber_ratio": round(reference_ms / floor_ms, 2),
    }


def libreoffice_pdf(docx: Path, workdir: Path) -> Path | None:
    """The .docx sample exported to PDF by LibreOffice (embedded fonts, as real exports have), if installed."""
    import subprocess

    from analyzers.readers.legacy import find_soffice

    soffice = find_soffice()
    if soffice is None:
        return None
    command = [soffice, f"-env:UserInstallation=file://{workdir}/profile", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(workdir), str(docx)], capture_output=True, timeout=120, check=False)
    exported = workdir / docx.with_suffix(".pdf").name
    if not exported.exists():
        return None
    return exported.rename(workdir / f"{docx.stem}.libreoffice.pdf")


def bench_jieba(texts: list[str]) -> dict:
    import jieba

    jieba.initialize()
    text = "\n".join(texts)
    ms = median_ms(lambda: jieba.lcut(text), repeat=15)
    return {"chars": len(text), "ms": round(ms, 2), "chars_per_s": round(len(text) / (ms / 1000))}


def bench_vagueness(files: list[Path]) -> dict | None:
    """Sentences scored per second: each sample report's prose sentences in one batch, model already loaded."""
    from analyzers.checks.base import CheckContext
    from analyzers.outline import build_outline
    from analyzers.profiles import load_profile
    from analyzers.readers import read_document
    from analyzers.section_model import SectionClassifier
    from analyzers.text import count_chars
    from analyzers.vagueness_model import VaguenessScorer

    scorer = VaguenessScorer.load_default()
    if scorer is None:
        return None
    rows = []
    profile = load_profile()
    for path in files:
        document = read_document(path.read_bytes(), path.name)
        ctx = CheckContext(document, build_outline(document, profile, SectionClassifier.load_default()), profile)
        texts = [s.text for s in ctx.sentences]
        ms = median_ms(lambda texts=texts: scorer.score(texts), repeat=40)
        rows.append(
            {
                "file": path.name,
                "chars": sum(count_chars(b.own_text) for b in document.blocks),
                "sentences": len(texts),
                "ms": round(ms, 2),
                "sentences_per_s": round(len(texts) / (ms / 1000)),
            }
        )
    sentences = sum(r["sentences"] for r in rows)
    total_ms = sum(r["ms"] for r in rows)
    return {"reports": rows, "sentences_per_s": round(sentences / (total_ms / 1000)), "target_ms_per_report": 10}


def main() -> int:
    from analyzers.readers import read_document
    from corpora.samples.build import SAMPLES as SAMPLE_BUILDERS

    files = [SAMPLES / name for name in sorted(SAMPLE_BUILDERS)]
    docx_files = [p for p in files if p.suffix == ".docx"]
    pdf_files = [p for p in files if p.suffix == ".pdf"]
    if not docx_files or not pdf_files:
        print(f"bench: no sample .docx/.pdf under {SAMPLES}", file=sys.stderr)
        return 1
    texts = [read_document(p.read_bytes(), p.name).text for p in files]
    workdir = Path(tempfile.mkdtemp(prefix="shuzhi-bench-"))
    docx_files.append(python_docx_report(docx_files[0], workdir))
    exported = libreoffice_pdf(docx_files[0], workdir)
    if exported is None:
        print("bench: LibreOffice not installed; the PDF figures cover the reportlab sample only")
    else:
        pdf_files.append(exported)
    results = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "docx": [bench_docx(p) for p in docx_files],
        "pdf": [bench_pdf(p) for p in pdf_files],
        "jieba": bench_jieba(texts),
        "vagueness": bench_vagueness(files),
    }
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for row in results["docx"]:
        print(
            f"docx  {row['file']}: {row['chars']} 字, reader {row['reader_ms']} ms, floor {row['floor_ms']} ms,"
            f" ratio {row['ratio']}x (target <= {row['target_ratio']}x; python-docx {row['python_docx_ratio']}x)"
        )
    for row in results["pdf"]:
        print(
            f"pdf   {row['file']}: {row['pages']} pages, reader {row['reader_ms_per_page']} ms/page,"
            f" floor {row['floor_ms_per_page']} ms/page, ratio {row['ratio']}x (target <= {row['target_ratio']}x;"
            f" pdfplumber {row['pdfplumber_ratio']}x)"
        )
    jieba_row = results["jieba"]
    print(f"jieba {jieba_row['chars_per_s']:,} characters/s ({jieba_row['chars']} characters in {jieba_row['ms']} ms)")
    vagueness = results["vagueness"]
    if vagueness is None:
        print("vagueness: no model (make train)")
    else:
        for row in vagueness["reports"]:
            print(
                f"vague {row['file']}: {row['chars']} 字, {row['sentences']} sentences scored in {row['ms']} ms"
                f" ({row['sentences_per_s']:,} sentences/s; target <= {vagueness['target_ms_per_report']} ms a report)"
            )
        print(f"vagueness {vagueness['sentences_per_s']:,} sentences/s over the samples")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
