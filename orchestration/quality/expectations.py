"""Great Expectations 1.x suites for the marts, kept as JSON in `expectations/<model>.json`.

GX 1.x has no DuckDB datasource, so on DuckDB a suite validates a pandas DataFrame read from the
mart; on PostgreSQL it validates the table natively through GX's `add_postgres` datasource. A
suite that cannot run (a GX exception, an expectation that raised, a missing table) is a failure,
never a pass. Results name expectations, columns and counts — never the offending values, which
may be personal data.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from orchestration.project import ROOT

SUITES_DIR = ROOT / "expectations"


class SuiteError(ValueError):
    """A suite file that cannot be used; the message names the file and the fix."""


class ExpectationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(pattern=r"^expect_[a-z0-9_]+$")
    kwargs: dict[str, Any] = Field(default_factory=dict)
    meta: dict[str, Any] = Field(default_factory=dict)


class SuiteConfig(BaseModel):
    """The JSON shape of a suite: GX 1.x's own (`name`, `expectations` of `type` + `kwargs`)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    expectations: list[ExpectationConfig] = Field(min_length=1)
    meta: dict[str, Any] = Field(default_factory=dict)


# Audiences without a suite of their own are held to the one every audience must meet.
AUDIENCE_SUITE = "_audience"


def suite_path(model: str) -> Path:
    own = SUITES_DIR / f"{model}.json"
    if not own.exists() and model.startswith("audience_"):
        return SUITES_DIR / f"{AUDIENCE_SUITE}.json"
    return own


def suite_models() -> list[str]:
    """The models that have a suite, by file name."""
    return sorted(path.stem for path in SUITES_DIR.glob("*.json") if path.stem != AUDIENCE_SUITE)


def load_suite(model: str) -> SuiteConfig:
    path = suite_path(model)
    if not path.exists():
        raise SuiteError(
            f"{path.relative_to(ROOT)}: no suite for mart {model}. Add one (copy a suite in "
            "expectations/ and list the expectations that must hold for this mart)."
        )
    try:
        suite = SuiteConfig.model_validate(json.loads(path.read_text()))
    except json.JSONDecodeError as exc:
        raise SuiteError(f"{path.relative_to(ROOT)}: not valid JSON ({exc}).") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise SuiteError(
            f"{path.relative_to(ROOT)}: {problems}. A suite is "
            '{"name": ..., "expectations": [{"type": "expect_...", "kwargs": {...}}]}.'
        ) from None
    if suite.name != model and path.stem != AUDIENCE_SUITE:
        raise SuiteError(
            f"{path.relative_to(ROOT)}: name is {suite.name!r}; set it to {model!r} (the file "
            "name and the suite name are the mart's model name)."
        )
    return suite


@dataclass
class FailedExpectation:
    expectation: str
    column: str | None
    unexpected_count: int | None
    raised: bool = False

    def describe(self) -> str:
        where = f" on {self.column}" if self.column else ""
        if self.raised:
            return f"{self.expectation}{where}: raised an exception"
        count = f" ({self.unexpected_count} unexpected rows)" if self.unexpected_count else ""
        return f"{self.expectation}{where}{count}"


@dataclass
class SuiteOutcome:
    model: str
    success: bool
    evaluated: int = 0
    rows: int | None = None
    failed: list[FailedExpectation] = field(default_factory=list)
    error: str | None = None

    def summary(self) -> str:
        if self.error:
            return f"suite {self.model} could not run: {self.error}"
        if self.success:
            return f"suite {self.model}: {self.evaluated} expectations passed"
        return f"suite {self.model}: {len(self.failed)} of {self.evaluated} failed: " + "; ".join(
            f.describe() for f in self.failed
        )


def _context():
    import great_expectations as gx

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    context = gx.get_context(mode="ephemeral")
    try:
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False)
    except Exception:  # progress bars are cosmetic; never let them fail a validation
        pass
    return context


def _postgres_connection_string() -> str:
    """SQLAlchemy URL for GX; the password stays a `${...}` reference GX resolves itself."""
    from orchestration.warehouse import pg_settings

    s = pg_settings()
    password = ":${NORTHSTAR_PG_PASSWORD}" if s.get("password") else ""
    return f"postgresql+psycopg2://{s['user']}{password}@{s['host']}:{s['port']}/{s['dbname']}"


def _outcome(model: str, suite: SuiteConfig, result: Any, rows: int | None) -> SuiteOutcome:
    failed = []
    for item in result.results:
        info = item.exception_info or {}
        raised = bool(info.get("raised_exception"))
        if item.success and not raised:
            continue
        config = item.expectation_config
        column = (config.kwargs or {}).get("column") if config is not None else None
        counts = item.result or {}
        failed.append(
            FailedExpectation(
                expectation=config.type if config is not None else "?",
                column=column,
                unexpected_count=counts.get("unexpected_count"),
                raised=raised,
            )
        )
    evaluated = len(result.results)
    complete = evaluated == len(suite.expectations)
    outcome = SuiteOutcome(
        model=model,
        success=bool(result.success) and not failed and complete,
        evaluated=evaluated,
        rows=rows,
        failed=failed,
    )
    if not complete:
        outcome.error = f"{evaluated} of {len(suite.expectations)} expectations were evaluated"
    return outcome


def run_suite(model: str, *, schema: str, target: str, frame: Any = None) -> SuiteOutcome:
    """Validate `schema.model` with its suite. On DuckDB pass the mart as `frame` (a pandas
    DataFrame); on PostgreSQL GX reads the table itself. Any exception is a failed outcome."""
    try:
        suite = load_suite(model)
        import great_expectations as gx

        context = _context()
        gx_suite = gx.ExpectationSuite(
            name=suite.name,
            expectations=[e.model_dump(exclude_defaults=True) for e in suite.expectations],
        )
        if target == "postgres":
            source = context.data_sources.add_postgres(
                name="northstar", connection_string=_postgres_connection_string()
            )
            asset = source.add_table_asset(name=model, table_name=model, schema_name=schema)
            batch = asset.add_batch_definition_whole_table("whole").get_batch()
            rows = None
        else:
            if frame is None:
                raise SuiteError(f"no DataFrame given for {schema}.{model} on {target}")
            source = context.data_sources.add_pandas(name="northstar")
            asset = source.add_dataframe_asset(name=model)
            batch = asset.add_batch_definition_whole_dataframe("whole").get_batch(
                batch_parameters={"dataframe": frame}
            )
            rows = len(frame)
        result = batch.validate(gx_suite)
        return _outcome(model, suite, result, rows)
    except Exception as exc:  # a suite that cannot run fails; it never passes
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return SuiteOutcome(model=model, success=False, error=f"{type(exc).__name__}: {message}")
