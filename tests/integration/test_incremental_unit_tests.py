"""The incremental unit test of fct_web_sessions (its `this` given as SQL rows) runs and passes
both before the model's table exists (a fresh warehouse's first build) and after."""

from __future__ import annotations

import pytest

from tests.conftest import make_warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("incremental_unit")]


def test_incremental_unit_tests_pass_once_the_models_exist(tmp_path):
    wh = make_warehouse("duckdb", tmp_path)
    wh.dbt("seed")
    # Unit tests read their inputs' columns: the upstream models exist, fct_web_sessions not yet.
    wh.dbt("run", "--select", "+fct_web_sessions", "--exclude", "fct_web_sessions")
    selection = ["test", "--select", "test_type:unit,fct_web_sessions"]
    before = wh.dbt(*selection)
    wh.dbt("run", "--select", "+fct_web_sessions")
    after = wh.dbt(*selection)
    for result in (before, after):
        assert "web_sessions_late_event_recomputes_the_visitor_whole" in result.stdout
        assert "PASS=" in result.stdout and "ERROR=0" in result.stdout
