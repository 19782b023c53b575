"""Small hand-written audiences and consent rows for the sync engine tests (no dbt run needed).

A `Scenario` owns one audience table `marts.aud_<name>` and the consent rows of its persons in
`marts.dim_activatable_persons` / `marts.suppression_list` (the interface the consent mart
provides), so the tests of a module can share one warehouse without seeing each other's rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from orchestration.reverse_etl.declarations import SyncDeclaration
from tests.support import Warehouse

CONSENT_DDL = [
    "create schema if not exists marts",
    """create table if not exists marts.dim_activatable_persons (
        person_id varchar, purpose varchar, purpose_category varchar, channel varchar,
        legal_basis varchar, effective_at timestamp)""",
    """create table if not exists marts.suppression_list (
        identifier_type varchar, identifier_hash varchar, reason varchar,
        suppressed_at timestamp)""",
]


def sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def q(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


@dataclass
class Person:
    person_id: str
    email: str
    first_name: str
    lifetime_value: float


class Scenario:
    def __init__(self, wh: Warehouse, name: str, size: int = 10) -> None:
        self.wh = wh
        self.pending: list[str] | None = None
        self.name = name
        self.table = f"marts.aud_{name}"
        self.persons = {
            f"{name}-p{i}": Person(
                f"{name}-p{i}", f"{name}.user{i}@example.com", f"Name{i}", float(i) * 10
            )
            for i in range(1, size + 1)
        }
        wh.execute(
            [
                *CONSENT_DDL,
                f"drop table if exists {self.table}",
                f"""create table {self.table} (person_id varchar, email varchar,
                    first_name varchar, lifetime_value decimal(18, 2))""",
            ]
        )
        self.write_audience()
        self.grant(self.persons)

    def _run(self, statements: list[str]) -> None:
        if self.pending is None:
            self.wh.execute(statements)
        else:
            self.pending.extend(statements)

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Collect the changes made in the block and apply them in one transaction."""
        self.pending = []
        try:
            yield
            self.wh.execute(self.pending)
        finally:
            self.pending = None

    def write_audience(self) -> None:
        values = ", ".join(
            f"({q(p.person_id)}, {q(p.email)}, {q(p.first_name)}, {q(p.lifetime_value)})"
            for p in self.persons.values()
        )
        statements = [f"delete from {self.table}"]
        if values:
            statements.append(f"insert into {self.table} values {values}")
        self._run(statements)

    def grant(self, person_ids: Iterable[str], purpose: str = "marketing") -> None:
        values = ", ".join(
            f"({q(pid)}, {q(purpose)}, 'marketing', 'email', 'consent', current_timestamp)"
            for pid in person_ids
        )
        if values:
            self._run([f"insert into marts.dim_activatable_persons values {values}"])

    def withdraw(self, person_id: str) -> None:
        self._run([f"delete from marts.dim_activatable_persons where person_id = {q(person_id)}"])

    def suppress(self, email: str) -> None:
        self.wh.execute(
            [
                "insert into marts.suppression_list values "
                f"('email', {q(sha(email))}, 'erasure', current_timestamp)"
            ]
        )

    def erase(self, person_id: str) -> str:
        """What erasure does upstream: the hashed email is suppressed, the person leaves."""
        person = self.persons.pop(person_id)
        self.suppress(person.email)
        self.withdraw(person_id)
        self.write_audience()
        return person.email

    def eligible_emails(self) -> set[str]:
        """The audience's emails a sync may hold: consented and not suppressed."""
        rows = self.wh.query(
            f"select a.email from {self.table} as a inner join marts.dim_activatable_persons"
            " as c on a.person_id = c.person_id and c.purpose = 'marketing'"
            " and c.channel = 'email'"
        )
        suppressed = {
            r[0] for r in self.wh.query("select identifier_hash from marts.suppression_list")
        }
        return {r[0] for r in rows if sha(r[0]) not in suppressed}

    def declaration(self, destination: str = "hubspot", **overrides: Any) -> SyncDeclaration:
        objects = {"hubspot": "contacts", "klaviyo": "profiles", "webhook": "events"}
        fields = (
            {"email": "email", "firstname": "first_name", "lifetime_value": "lifetime_value"}
            if destination == "hubspot"
            else {"email": "email", "first_name": "first_name", "lifetime_value": "lifetime_value"}
        )
        values: dict[str, Any] = {
            "name": f"{self.name}_{destination}",
            "destination": destination,
            "object": objects.get(destination, "csv"),
            "key": "email",
            "fields": fields,
            "consent": {"purposes": ["marketing"], "channel": "email"},
            "suppression_identifiers": {"email": "email"},
            "model": f"aud_{self.name}",
            "relation_schema": "marts",
            "relation_name": f"aud_{self.name}",
        }
        values.update(overrides)
        return SyncDeclaration.model_validate(values)
