"""`shuzhi audit PATH... --profile ID --out audit.xlsx`: a whole year's reports, one workbook."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from analyzers.profiles import DEFAULT_PROFILE_ID, ProfileError, list_profiles
from service.settings import get_settings

EXIT_REFUSED = 2


def audit(
    paths: Annotated[list[Path], typer.Argument(help="报告所在的文件夹、.zip 文件或单个文件")],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出的工作簿（.xlsx）")] = Path("audit.xlsx"),
    profile: Annotated[str, typer.Option("--profile", "-p", help="述职要求（框架）id")] = DEFAULT_PROFILE_ID,
    year: Annotated[int | None, typer.Option(min=2000, max=2100, help="报告年度")] = None,
    mapping: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="CSV/xlsx：file,unit,branch,secretary[,grade]")
    ] = None,
    previous: Annotated[Path | None, typer.Option(exists=True, help="上年度报告所在文件夹（按支部对应）")] = None,
    workers: Annotated[int, typer.Option(min=1, help="并行进程数（默认：全部 CPU 核）")] = os.cpu_count() or 1,
    engine: Annotated[str, typer.Option(help="local（本机进程）或 dask（Dask 集群）")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask 调度器地址，如 tcp://10.0.0.5:8786")] = None,
) -> None:
    """Audit every report under PATH: one row each in the workbook, errors included; resumes when rerun."""
    # imported here: `shuzhi check` starts without the database, the batch engine and rich (#9: a cold start)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from service.batch.audit import previous_reports, run_audit
    from service.batch.engine import DaskRunner, Job, LocalRunner, Runner
    from service.batch.inputs import InputsError, collect
    from service.store import Store

    if profile not in {p.id for p in list_profiles()}:
        typer.echo(f"没有名为 {profile!r} 的述职要求", err=True)
        raise typer.Exit(EXIT_REFUSED)
    settings = get_settings()
    limits = settings.read_limits()
    try:
        items = collect(paths, mapping)
    except (InputsError, ProfileError) as err:
        typer.echo(f"无法审核：{err}", err=True)
        raise typer.Exit(EXIT_REFUSED) from err
    if not items:
        typer.echo("没有找到报告文件", err=True)
        raise typer.Exit(EXIT_REFUSED)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.database())
    runner: Runner
    if engine == "dask":
        if not scheduler:
            typer.echo("--engine dask 需要 --scheduler 地址", err=True)
            raise typer.Exit(EXIT_REFUSED)
        runner = DaskRunner(scheduler)
    else:
        runner = LocalRunner(workers, settings.worker_memory_mb)
    job = Job(profile, limits, year)
    last_year = previous_reports(previous, limits.max_file_bytes) if previous is not None else None
    columns = (TextColumn("审核"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn())  # fmt: skip
    try:
        with Progress(*columns, transient=False) as bar:
            task = bar.add_task("audit", total=len(items), rate="")

            def progress(done: int, total: int, cached: int) -> None:
                elapsed = bar.tasks[0].elapsed or 0
                rate = f"{(done - cached) / elapsed:.1f} 份/秒" if elapsed > 0 else ""
                bar.update(task, completed=done, rate=f"{rate}（缓存 {cached}）" if cached else rate)

            result = run_audit(items, job, store, runner, last_year, progress)
    finally:
        runner.close()
        store.engine.dispose()
    from service.render.xlsx import write_workbook

    write_workbook(result, out)
    errors = sum(not row.outcome.ok for row in result.rows)
    typer.echo(f"已写出 {out}：{len(result.rows)} 份报告，其中 {errors} 份无法分析；相似报告 {len(result.similar)} 对")
