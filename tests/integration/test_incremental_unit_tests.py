"""dbt unit tests of incremental logic read the model's existing table (`this`), so they are
disabled in a fresh warehouse's first build (var northstar_incremental_unit_tests); here they run
once the model exists."""

from __future__ import annotations

import pytest

from tests.conftest import make_warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("incremental_unit")]


def test_incremental_unit_tests_pass_once_the_models_exist(tmp_path):
    wh = make_warehouse("duckdb", tmp_path)
    wh.dbt("seed")
    wh.dbt("run", "--select", "+fct_web_sessions")
    result = wh.dbt(
        "test",
        "--select",
        "test_type:unit,fct_web_sessions",
        vars={"northstar_incremental_unit_tests": True},
    )
    # The incremental case really ran (it is left out without the var).
    assert "web_sessions_late_event_recomputes_the_visitor_whole" in result.stdout
    assert "PASS=" in result.stdout and "ERROR=0" in result.stdout
