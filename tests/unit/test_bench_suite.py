"""The benchmark suite's arithmetic and report writing (not its timings: those are figures)."""

from __future__ import annotations

import math

from orchestration.bench import Step
from orchestration.bench_suite import (
    BEGIN,
    END,
    SizeRun,
    growth_exponent,
    layer_of,
    markdown,
    replace_generated,
    svg_plot,
)


def run(target: str, persons: int, build: float) -> SizeRun:
    r = SizeRun(target, persons, load_average_before=1.0)
    r.steps = [
        Step("generate+load", 2.0, 100.0, rows=persons * 15),
        Step("seed", 1.0, 50.0),
        Step("dbt run", build, 900.0),
    ]
    r.layers = {"staging": build / 2, "identity": build / 2}
    r.components = {
        "rounds": 4,
        "seconds_in_warehouse": 0.5,
        "scipy_seconds": 0.05,
        "ratio_to_scipy": 10.0,
    }
    r.plan = {
        "sync": "crm_profiles_hubspot",
        "rows": 10,
        "plan_seconds": 0.25,
        "planned_operations": 0,
    }
    return r


def test_growth_exponent_is_one_for_linear_and_two_for_quadratic() -> None:
    small = run("duckdb", 100_000, 10.0)
    assert math.isclose(growth_exponent(small, run("duckdb", 1_000_000, 100.0)), 1.0)
    assert math.isclose(growth_exponent(small, run("duckdb", 1_000_000, 1000.0)), 2.0)
    assert growth_exponent(small, run("duckdb", 100_000, 20.0)) is None


def test_layers_come_from_model_folders() -> None:
    assert layer_of(["northstar", "staging", "shop", "stg_shop__orders"]) == "staging"
    assert layer_of(["northstar", "intermediate", "identity", "int_identity_edges"]) == "identity"
    assert layer_of(["northstar", "marts", "customer", "dim_customers"]) == "customer"
    assert layer_of(["northstar", "marts", "consent", "dim_customer_consent"]) == "consent"
    assert layer_of(["northstar", "marts", "activation", "audience_crm_profiles"]) == "activation"
    assert layer_of(["northstar", "seeds", "x"]) == "other"


def test_markdown_reports_growth_ratio_between_targets_and_the_plan() -> None:
    runs = [
        run("duckdb", 10_000, 10.0),
        run("duckdb", 100_000, 50.0),
        run("postgres", 10_000, 30.0),
    ]
    text = markdown(
        runs, {"started": "now", "machine": {"cpus": 2, "memory_gib": 24, "platform": "linux"}}
    )
    assert "persons^0.70 (linear or better)" in text
    # pipeline = generate 2 + seed 1 + build: postgres 33 / duckdb 13
    assert f"postgres pipeline = {33 / 13:.1f}x DuckDB's" in text
    assert "| duckdb | 100,000 |" in text and "10.0x" in text
    assert "planned in 0.25 s, 0 operations planned" in text


def test_benchmarks_md_keeps_hand_written_text_around_the_generated_block() -> None:
    document = "# Benchmarks\n\nhand written\n"
    once = replace_generated(document, "first\n")
    assert once.startswith(document.rstrip()) and BEGIN in once and "first" in once
    twice = replace_generated(once + "\ntail kept\n", "second\n")
    assert "second" in twice and "first" not in twice and "tail kept" in twice
    assert twice.count(BEGIN) == 1 and twice.count(END) == 1


def test_svg_plot_draws_a_line_per_target() -> None:
    svg = svg_plot(
        [
            run("duckdb", 10_000, 10.0),
            run("duckdb", 100_000, 50.0),
            run("postgres", 10_000, 30.0),
            run("postgres", 100_000, 200.0),
        ]
    )
    assert svg.startswith("<svg") and svg.count("<polyline") == 2
    assert "duckdb 100,000: 50.0 s" in svg
