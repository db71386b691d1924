"""The `shuzhi` command line."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from analyzers.errors import InputError
from analyzers.pipeline import analyze
from analyzers.readers import read_document
from service.render.text import render_error, render_report
from service.settings import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="述职报告分析 (shuzhi)")

EXIT_INPUT_ERROR = 2


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.callback()
def main() -> None:
    """述职报告分析：检查结构、字数、表面化表述与数据。"""


@app.command()
def check(
    files: Annotated[
        list[Path], typer.Argument(exists=True, dir_okay=False, readable=True, help="报告文件")
    ],
    output: Annotated[OutputFormat, typer.Option("--format", "-f", help="输出格式")] = OutputFormat.TEXT,
) -> None:
    """Analyse report files (.docx, .pdf, .txt, .doc) and print what was found."""
    limits = get_settings().read_limits()
    results: list[dict] = []
    failed = False
    for path in files:
        try:
            report = analyze(read_document(path.read_bytes(), path.name, limits))
        except InputError as err:
            failed = True
            if output is OutputFormat.JSON:
                results.append({"file": path.name, **err.to_dict()} if len(files) > 1 else err.to_dict())
            else:
                typer.echo(render_error(path.name, str(err.code), err.message))
            continue
        if output is OutputFormat.JSON:
            results.append(report.to_json_dict())
        else:
            typer.echo(render_report(report))
    if output is OutputFormat.JSON:
        payload = results[0] if len(files) == 1 else results
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    raise typer.Exit(EXIT_INPUT_ERROR if failed else 0)
