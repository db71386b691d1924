"""The `shuzhi` command line."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from analyzers.errors import InputError
from analyzers.pipeline import analyze
from analyzers.profiles import DEFAULT_PROFILE_ID, Profile, ProfileError, list_profiles, load_profile
from analyzers.readers import read_document
from service.cli_admin import serve, units_app, users_app
from service.cli_audit import audit
from service.render.text import render_error, render_report
from service.settings import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="述职报告分析 (shuzhi)")
app.command()(serve)
app.command()(audit)
app.add_typer(users_app, name="users")
app.add_typer(units_app, name="units")

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
    profile_ref: Annotated[
        str, typer.Option("--profile", "-p", metavar="ID|PATH.yaml", help="述职要求（`shuzhi profiles` 列出可选的）")
    ] = DEFAULT_PROFILE_ID,
    year: Annotated[
        int | None, typer.Option("--year", min=2000, max=2100, help="报告年度（默认取文件名或标题中的年份）")
    ] = None,
    previous_path: Annotated[
        Path | None,
        typer.Option(
            "--previous", exists=True, dir_okay=False, readable=True, help="上年度的述职报告（核对整改情况、重复内容）"
        ),
    ] = None,
) -> None:
    """Analyse report files (.docx, .pdf, .txt, .doc) and print what was found."""
    try:
        profile = load_profile(profile_ref)
    except ProfileError as err:
        _fail_on_profile(err, output)
    limits = get_settings().read_limits()
    previous = None
    if previous_path is not None:
        if len(files) > 1:
            raise typer.BadParameter("--previous 只能与一份报告一起使用", param_hint="--previous")
        try:
            previous = read_document(previous_path.read_bytes(), previous_path.name, limits)
        except InputError as err:
            _fail_on_input(previous_path.name, err, output)
    results: list[dict] = []
    failed = False
    for path in files:
        try:
            report = analyze(read_document(path.read_bytes(), path.name, limits), profile, previous=previous, year=year)
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
        _print_json(results[0] if len(files) == 1 else results)
    raise typer.Exit(EXIT_INPUT_ERROR if failed else 0)


@app.command()
def profiles(
    output: Annotated[OutputFormat, typer.Option("--format", "-f", help="输出格式")] = OutputFormat.TEXT,
) -> None:
    """List the shipped profiles: sections in order, 字数 limits, oral presentation time."""
    try:
        shipped = list_profiles()
    except ProfileError as err:
        _fail_on_profile(err, output)
    if output is OutputFormat.JSON:
        _print_json(
            {"default": DEFAULT_PROFILE_ID, "profiles": [profile.model_dump(mode="json") for profile in shipped]}
        )
    else:
        typer.echo("\n\n".join(_describe_profile(profile) for profile in shipped))


def _describe_profile(profile: Profile) -> str:
    default = "（默认）" if profile.id == DEFAULT_PROFILE_ID else ""
    year = f" · 报告年度 {profile.report_year}" if profile.report_year is not None else ""
    lines = [f"{profile.id}{default}  {profile.title}", f"  来源：{profile.source}{year}", "  章节"]
    for number, spec in enumerate(profile.sections, start=1):
        share = f" · 至少占 {spec.min_share:.0%}" if spec.min_share is not None else ""
        lines.append(f"    {number}. {spec.name} ({spec.key}) {'必需' if spec.required else '可选'}{share}")
    low, high = profile.length.min_chars, profile.length.max_chars
    limits = f"{low or 0}–{high} 字" if high is not None else f"不少于 {low} 字" if low is not None else "不限"
    lines += [f"  字数：{limits}", f"    依据：{profile.length.source}"]
    if profile.content_points:
        lines.append(f"  重点内容：{'、'.join(point.name for point in profile.content_points)}")
    if profile.oral is not None:
        lines += [f"  现场述职：{profile.oral.minutes:g} 分钟", f"    依据：{profile.oral.source}"]
    return "\n".join(lines)


def _fail_on_profile(err: ProfileError, output: OutputFormat) -> NoReturn:
    if output is OutputFormat.JSON:
        _print_json({"error": {"code": "profile.invalid", "message": str(err)}})
    else:
        typer.echo(f"述职要求无法使用 [profile.invalid]：{err}", err=True)
    raise typer.Exit(EXIT_INPUT_ERROR)


def _fail_on_input(name: str, err: InputError, output: OutputFormat) -> NoReturn:
    """Last year's report could not be read: say which file, and analyse nothing (the comparison was asked for)."""
    if output is OutputFormat.JSON:
        _print_json({"file": name, **err.to_dict()})
    else:
        typer.echo(render_error(name, str(err.code), err.message), err=True)
    raise typer.Exit(EXIT_INPUT_ERROR)


def _print_json(payload: object) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    app()
