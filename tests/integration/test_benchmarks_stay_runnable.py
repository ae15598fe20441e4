"""The benchmarks in bench/ keep running: their figures print, their copied dossiers carry real workflow states,
and their throw-away PostgreSQL databases left by a killed run are recognised (never collected from bench/ itself)."""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from bench import bench_calendar
from bench.province import COMPLETED, PATH, START, Province, insert_copies
from bench.throwaway_databases import leftovers
from engine.dossiers.sla_states import refresh_sla_states
from engine.models import STILL_COUNTED, Dossier, TaskRow, WorkflowInstance

FIGURE = re.compile(r"figure [a-z0-9_]+ (-?[0-9.]+|skipped \(.+\))")


def test_quick_calendar_benchmark_ends_with_its_figures(capsys) -> None:
    bench_calendar.main(["--quick"])
    figures = [line for line in capsys.readouterr().out.splitlines() if line.startswith("figure ")]
    assert [line.split()[1] for line in figures] == ["deadline_us", "working_time_between_us"]
    assert all(FIGURE.fullmatch(line) for line in figures)
    assert all(float(line.split()[2]) > 0 for line in figures)


def test_copied_dossiers_carry_the_state_the_services_wrote(tmp_path: Path) -> None:
    province = Province(f"sqlite:///{tmp_path / 'bench.sqlite3'}", tmp_path / "instance")
    try:
        life = province.life()
        assert list(life) == [name for name, _login, _form in PATH] + [COMPLETED]
        review = life["review"]
        assert json.loads(review.instance["state"])["tasks"]  # a real SpiffWorkflow state, not "{}"
        with province.runtime.engine.begin() as connection:
            insert_copies(connection, review, range(10), lambda n: START - timedelta(days=n))
            insert_copies(connection, review, range(10, 12), lambda n: START + timedelta(days=n))  # later ones too
        with province.runtime.engine.connect() as connection:
            copies = connection.execute(
                sa.select(WorkflowInstance.state, Dossier.received_at, Dossier.counted_until, TaskRow.task_name)
                .join(Dossier, WorkflowInstance.dossier_id == Dossier.id)
                .join(TaskRow, (TaskRow.dossier_id == Dossier.id) & (TaskRow.state == "open"))
                .where(Dossier.code.like("BENCH-%"))
                .order_by(Dossier.id)
            ).all()
        assert [row.task_name for row in copies] == ["review"] * 12
        assert {row.state for row in copies} == {review.instance["state"]}
        assert [row.received_at for row in copies[:10]] == [START - timedelta(days=n) for n in range(10)]
        assert {row.counted_until for row in copies} == {STILL_COUNTED}  # running: never moved past the year 9999
        assert refresh_sla_states(province.runtime).running >= 12
    finally:
        province.close()


def test_leftovers_are_the_prefixed_databases_of_stopped_runs() -> None:
    mine, gone = os.getpid(), 2**22 + 1  # above Linux's largest process id
    names = [
        f"motcua_bench_p{mine}_0123abcd",
        f"motcua_bench_p{gone}_89abcdef",
        f"other_p{gone}_89abcdef",
        "motcua_bench_production",
    ]
    assert leftovers(names, "motcua_bench_") == [f"motcua_bench_p{gone}_89abcdef"]
