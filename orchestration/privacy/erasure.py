"""The erasure step: delete an erased person's raw rows, rebuild, and prove nothing is left.

A verified erasure request puts the hashes of every identifier of the subject's person (their
whole identity component, anonymous ids included) on `marts.suppression_list` during a dbt
build; identity then leaves every record holding one of them out. This step does the rest:

1. (optionally) `dbt build`, so the suppression list and identity are current;
2. for each request on the list, gathers the person's values in memory (normalised and raw
   identifiers of their records, consent and privacy-request subjects whose hash is
   suppressed, and their person ids) - never printed, logged or written anywhere;
3. finds the PII relations in the dbt manifest (a column tagged `meta: {pii: true}` or a
   model tagged `meta: {personal_data: true}`), not from a hand-written list, and counts the
   person's rows in each (a PII column equal to one of the values, a JSON column holding one,
   or a person_id of theirs);
4. deletes the rows from every raw source relation (demo tables touched are marked landed in
   raw.northstar_landed_tables, so the demo seeds do not bring them back);
5. `dbt run` (every model) and counts what is left, then writes `audit.erasure_ledger` (request,
   relation, rows found, rows left) and refreshes `fct_privacy_requests`. Rows left anywhere
   is an error (ErasureError), after the ledger says where.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from orchestration.reverse_etl.db import SyncDatabase, literal, quote

ROOT = Path(__file__).resolve().parent.parent.parent
LEDGER = "audit.erasure_ledger"
MARKER = "raw.northstar_landed_tables"
# Columns holding a whole raw row as JSON text (the quarantine's raw_values): a value of the
# person counts when it appears in them as a JSON string.
JSON_COLUMNS = frozenset({"raw_values"})


class ErasureError(RuntimeError):
    """The erasure could not be completed or proven (the message holds no personal data)."""


@dataclass(frozen=True)
class PiiRelation:
    """A relation the manifest says holds personal data."""

    schema: str
    identifier: str
    kind: str  # source, model or seed
    pii_columns: tuple[str, ...]
    has_person_id: bool

    @property
    def name(self) -> str:
        return f"{self.schema}.{self.identifier}"


@dataclass(frozen=True)
class RelationProof:
    request_id: str
    relation: str
    kind: str
    rows_found: int
    rows_left: int


@dataclass
class ErasureResult:
    run_id: str
    target: str
    request_ids: list[str] = field(default_factory=list)
    persons_erased: int = 0
    proofs: list[RelationProof] = field(default_factory=list)

    @property
    def rows_found(self) -> int:
        return sum(p.rows_found for p in self.proofs)

    @property
    def rows_left(self) -> int:
        return sum(p.rows_left for p in self.proofs)

    @property
    def raw_rows_deleted(self) -> int:
        return sum(p.rows_found for p in self.proofs if p.kind == "source")


@dataclass
class _Subject:
    """What is erased for one request: values (lower-cased, trimmed) and person ids."""

    request_id: str
    values: set[str] = field(default_factory=set)
    person_ids: set[str] = field(default_factory=set)


def _meta(entry: Mapping[str, Any]) -> dict[str, Any]:
    config = entry.get("config") or {}
    return {**(entry.get("meta") or {}), **(config.get("meta") or {})}


def pii_relations(manifest_path: Path) -> list[PiiRelation]:
    """Relations holding personal data, from the manifest's meta tags: sources, seeds and
    models (not ephemeral) with a column tagged `pii: true`, and models tagged
    `personal_data: true` that have a person_id column. One entry per relation."""
    manifest = json.loads(manifest_path.read_text())
    found: dict[tuple[str, str], PiiRelation] = {}
    entries = [*manifest["sources"].values(), *manifest["nodes"].values()]
    for entry in entries:
        kind = entry["resource_type"]
        if kind not in ("source", "model", "seed", "snapshot"):
            continue
        if (entry.get("config") or {}).get("materialized") == "ephemeral":
            continue
        if (entry.get("config") or {}).get("enabled") is False:
            continue
        columns = entry.get("columns") or {}
        pii = tuple(sorted(name for name, col in columns.items() if _meta(col).get("pii")))
        has_person_id = "person_id" in columns
        personal = bool(_meta(entry).get("personal_data")) and has_person_id
        if not pii and not personal:
            continue
        identifier = entry.get("identifier") if kind == "source" else None
        identifier = identifier or entry.get("alias") or entry["name"]
        key = (entry["schema"], identifier)
        if key in found:  # a demo seed and the source over the same raw table
            previous = found[key]
            pii = tuple(sorted({*previous.pii_columns, *pii}))
            kind = "source" if "source" in (kind, previous.kind) else kind
            has_person_id = has_person_id or previous.has_person_id
        found[key] = PiiRelation(entry["schema"], identifier, kind, pii, has_person_id)
    return sorted(found.values(), key=lambda r: (r.kind != "source", r.name))


def _dbt(args: Sequence[str], target: str, env: Mapping[str, str] | None) -> None:
    command = [str(Path(sys.executable).parent / "dbt"), *args, "--profiles-dir", str(ROOT)]
    command += ["--project-dir", str(ROOT)]
    process_env = {**os.environ, **(env or {}), "NORTHSTAR_TARGET": target}
    done = subprocess.run(command, cwd=ROOT, env=process_env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-30:])
        raise ErasureError(
            f"`dbt {' '.join(args)}` failed on {target} during the erasure step; fix the build "
            f"and run `northstar erase` again (nothing is lost: the suppression list holds the "
            f"request).\n{tail}"
        )


def _manifest_path(env: Mapping[str, str] | None) -> Path:
    merged = {**os.environ, **(env or {})}
    target_path = Path(merged.get("DBT_TARGET_PATH", "target"))
    return (target_path if target_path.is_absolute() else ROOT / target_path) / "manifest.json"


def _existing(db: SyncDatabase, relations: Iterable[PiiRelation]) -> list[PiiRelation]:
    return [r for r in relations if db.relation_exists(r.schema, r.identifier)]


def _hash_sql(db: SyncDatabase) -> str:
    """The suppression_hash macro as a template with a `{column}` slot: SHA-256 hex, keyed
    with NORTHSTAR_SUPPRESSION_KEY when it is set (as the dbt models hash)."""
    key = os.environ.get("NORTHSTAR_SUPPRESSION_KEY", "")
    value = "{column}"
    if key:
        value = literal(key).replace("{", "{{").replace("}", "}}") + " || {column}"
    return db.sha256(value)


def _gather_subjects(db: SyncDatabase) -> list[_Subject]:
    """Per request on the suppression list: the values and person ids to erase."""
    if not db.relation_exists("marts", "suppression_list"):
        return []
    hashed = _hash_sql(db)
    subjects: dict[str, _Subject] = {}
    for (request_id,) in db.fetchall(
        "select distinct request_id from marts.suppression_list where request_id is not null"
        " order by request_id"
    ):
        subjects[request_id] = _Subject(request_id)

    def add(sql: str) -> None:
        for request_id, value in db.fetchall(sql):
            if value is not None and request_id in subjects:
                subjects[request_id].values.add(str(value).strip().lower())

    def suppressed_join(alias: str, type_column: str, value_column: str) -> str:
        return (
            " inner join marts.suppression_list as suppressed"
            f" on {alias}.{type_column} = suppressed.identifier_type"
            f" and {hashed.format(column=f'{alias}.{value_column}')} = suppressed.identifier_hash"
        )

    if db.relation_exists("intermediate", "int_identifiers_unioned"):
        records = (
            "select distinct suppressed.request_id, unioned.record_id"
            " from intermediate.int_identifiers_unioned as unioned"
            + suppressed_join("unioned", "identifier_type", "identifier_value")
        )
        for column in ("identifier_value", "raw_value"):
            add(
                f"select records.request_id, unioned.{column}"
                f" from ({records}) as records"
                " inner join intermediate.int_identifiers_unioned as unioned"
                " on records.record_id = unioned.record_id"
            )
    if db.relation_exists("intermediate", "int_identity_persons_assigned"):
        persons = (
            "select distinct suppressed.request_id, persons.person_id"
            " from intermediate.int_identity_persons_assigned as persons"
            + suppressed_join("persons", "identifier_type", "identifier_value")
        )
        for request_id, person_id in db.fetchall(persons):
            subjects[request_id].person_ids.add(str(person_id))
        add(
            f"select erased.request_id, persons.identifier_value from ({persons}) as erased"
            " inner join intermediate.int_identity_persons_assigned as persons"
            " on erased.person_id = persons.person_id"
        )
    for relation in ("stg_consent__events", "stg_consent__privacy_requests"):
        if not db.relation_exists("staging", relation):
            continue
        for column in ("subject_value", "subject_value_normalized"):
            add(
                f"select suppressed.request_id, staged.{column} from staging.{relation} as staged"
                + suppressed_join("staged", "subject_type", "subject_value_normalized")
            )
    return [s for s in subjects.values() if s.values or s.person_ids]


def _load_subject(db: SyncDatabase, subject: _Subject) -> None:
    """The subject's values and person ids into temporary tables (never into SQL text)."""
    for table, column in (
        ("northstar_erasure_values", "value"),
        ("northstar_erasure_persons", "person_id"),
    ):
        db.execute(f"drop table if exists {table}")
        db.execute(f"create temporary table {table} ({column} varchar)")
    db.executemany(
        "insert into northstar_erasure_values values (%s)", [(v,) for v in sorted(subject.values)]
    )
    db.executemany(
        "insert into northstar_erasure_persons values (%s)",
        [(p,) for p in sorted(subject.person_ids)],
    )


def _predicate(relation: PiiRelation, columns: set[str]) -> str:
    terms = []
    for column in relation.pii_columns:
        if column not in columns:
            continue
        text = f"lower(trim(cast({quote(column)} as varchar)))"
        if column in JSON_COLUMNS:
            terms.append(
                "exists (select 1 from northstar_erasure_values as erased"
                f" where position('\"' || erased.value || '\"' in {text}) > 0)"
            )
        else:
            terms.append(f"{text} in (select value from northstar_erasure_values)")
    if relation.has_person_id and "person_id" in columns:
        terms.append(
            "cast(person_id as varchar) in (select person_id from northstar_erasure_persons)"
        )
    return " or ".join(terms) if terms else "false"


def _count(db: SyncDatabase, relations: Sequence[PiiRelation]) -> dict[str, int]:
    counts = {}
    for relation in relations:
        columns = set(db.columns_of(relation.schema, relation.identifier))
        counts[relation.name] = int(
            db.scalar(
                f"select count(*) from {quote(relation.schema)}.{quote(relation.identifier)}"
                f" where {_predicate(relation, columns)}"
            )
        )
    return counts


def _delete_raw(db: SyncDatabase, relations: Sequence[PiiRelation], demo_seeds: set[str]) -> None:
    """Delete the subject's rows from the raw source relations; demo tables that lost rows are
    marked landed, so the demo seeds never bring the rows back."""
    touched = []
    for relation in relations:
        if relation.kind != "source":
            continue
        columns = set(db.columns_of(relation.schema, relation.identifier))
        predicate = _predicate(relation, columns)
        name = f"{quote(relation.schema)}.{quote(relation.identifier)}"
        if db.scalar(f"select count(*) from {name} where {predicate}"):
            db.execute(f"delete from {name} where {predicate}")
            touched.append(relation)
    marked = [r for r in touched if r.schema == "raw" and r.identifier in demo_seeds]
    if not marked:
        return
    db.execute(
        f"create table if not exists {MARKER} (table_name varchar, loaded_by varchar,"
        " loaded_at varchar, row_count bigint)"
    )
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    for relation in marked:
        if not db.scalar(
            f"select count(*) from {MARKER} where table_name = %s", [relation.identifier]
        ):
            rows = db.scalar(f"select count(*) from raw.{quote(relation.identifier)}")
            db.execute(
                f"insert into {MARKER} values (%s, %s, %s, %s)",
                [relation.identifier, "northstar erase", now, rows],
            )


def _demo_seed_tables(manifest_path: Path) -> set[str]:
    manifest = json.loads(manifest_path.read_text())
    return {
        node.get("alias") or node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "seed" and "demo" in (node.get("tags") or [])
    }


def _completed(db: SyncDatabase) -> set[str]:
    if not db.relation_exists("audit", "erasure_ledger"):
        return set()
    return {
        row[0]
        for row in db.fetchall(
            f"select request_id from {LEDGER} group by request_id having max(rows_left) = 0"
        )
    }


def run_erasure(
    target: str,
    *,
    build: bool = True,
    env: Mapping[str, str] | None = None,
) -> ErasureResult:
    """Erase every person on the suppression list from the warehouse and prove it.

    `build`: run `dbt build` first (leave it on unless the warehouse was just built: without
    it the manifest in the target path is used, parsed only when missing). `env`:
    extra environment for dbt and the connection (e.g. DBT_TARGET_PATH). Returns what was found
    and left per request and relation; raises ErasureError if any row is left."""
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        return _run(target, build=build, env=env)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _run(target: str, *, build: bool, env: Mapping[str, str] | None) -> ErasureResult:
    result = ErasureResult(run_id=uuid.uuid4().hex[:16], target=target)
    manifest_path = _manifest_path(env)
    if build:
        _dbt(["build"], target, env)
    elif not manifest_path.exists():
        _dbt(["parse"], target, env)
    relations = pii_relations(manifest_path)
    demo_seeds = _demo_seed_tables(manifest_path)

    db = SyncDatabase(target)
    try:
        completed = _completed(db)
        subjects = _gather_subjects(db)
        present = _existing(db, relations)
        found: dict[str, dict[str, int]] = {}
        with db.transaction():
            for subject in subjects:
                _load_subject(db, subject)
                counts = _count(db, present)
                if subject.request_id in completed and not any(counts.values()):
                    continue  # erased before, nothing new (no late rows) to delete
                found[subject.request_id] = counts
                _delete_raw(db, present, demo_seeds)
    finally:
        db.close()
    subjects = [s for s in subjects if s.request_id in found]
    if not subjects:
        return result

    # Models only: the person leaves every relation; the pipeline's own build runs the tests.
    _dbt(["run"], target, env)

    db = SyncDatabase(target)
    try:
        present = _existing(db, relations)
        kinds = {r.name: r.kind for r in present}
        erased_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        ledger_rows = []
        for subject in subjects:
            _load_subject(db, subject)
            left = _count(db, present)
            for name, rows_found in found[subject.request_id].items():
                rows_left = left.get(name, 0)
                if not rows_found and not rows_left:
                    continue
                proof = RelationProof(
                    subject.request_id, name, kinds.get(name, "model"), rows_found, rows_left
                )
                result.proofs.append(proof)
                ledger_rows.append(
                    (
                        result.run_id,
                        proof.request_id,
                        proof.relation,
                        proof.kind,
                        proof.rows_found,
                        proof.rows_left,
                        erased_at,
                    )
                )
            result.request_ids.append(subject.request_id)
            result.persons_erased += len(subject.person_ids)
        for table in ("northstar_erasure_values", "northstar_erasure_persons"):
            db.execute(f"drop table if exists {table}")
        db.execute(
            f"create table if not exists {LEDGER} (erasure_run_id varchar, request_id varchar,"
            " relation_name varchar, relation_kind varchar, rows_found bigint,"
            " rows_left bigint, erased_at timestamp)"
        )
        db.executemany(f"insert into {LEDGER} values (%s, %s, %s, %s, %s, %s, %s)", ledger_rows)
    finally:
        db.close()

    _dbt(["run", "--select", "fct_privacy_requests"], target, env)
    if result.rows_left:
        where = sorted({p.relation for p in result.proofs if p.rows_left})
        raise ErasureError(
            f"Erasure run {result.run_id}: rows of an erased person are still in "
            f"{', '.join(where)} after the rebuild (see {LEDGER}). A relation outside dbt's "
            "lineage, or a PII column not tagged in the model's YAML, keeps them: tag it "
            "(meta: {pii: true}) or delete them, then run `northstar erase` again."
        )
    return result
