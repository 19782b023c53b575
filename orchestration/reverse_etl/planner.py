"""The planner: each run's adds, changes and removes, computed in SQL inside the warehouse.

State lives in schema `reverse_etl`:
- `sync_state`: one row per sync × record key (row hash, destination id, status, attempts,
  last error, last synced at, whether Northstar created the record);
- `sync_runs`: one row per run (dry or real) with its counts and a sample of the plan;
- `sync_plan`: the rows a run planned (op, reason, payload) — exactly what it sends;
- `sync_changelog`: per row and run, what was sent and what the destination answered.

Consent is enforced here (defence in depth): a row is sent only when its person is in
`marts.dim_activatable_persons` for every purpose of the sync on its channel and none of its
identifiers is in the suppression list. When the consent mart is missing the planner fails closed:
nobody is eligible, nothing is sent and the plan says why.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from orchestration.reverse_etl.db import SyncDatabase, literal, quote
from orchestration.reverse_etl.declarations import SyncDeclaration

SCHEMA = "reverse_etl"
CONSENT_SCHEMA = "marts"
CONSENT_RELATION = "dim_activatable_persons"
SUPPRESSION_RELATIONS = (("marts", "suppression_list"), ("audit", "suppression_list"))
SAMPLE_SIZE = 10

STATE_DDL = [
    f"create schema if not exists {SCHEMA}",
    f"""create table if not exists {SCHEMA}.sync_state (
        sync_name varchar not null,
        record_key varchar not null,
        key_hash varchar not null,
        person_id varchar,
        row_hash varchar,
        destination_id varchar,
        status varchar not null,
        attempts integer not null,
        last_error varchar,
        created_by_northstar boolean not null,
        last_synced_at timestamp,
        updated_at timestamp not null,
        primary key (sync_name, record_key)
    )""",
    f"""create table if not exists {SCHEMA}.sync_runs (
        run_id varchar primary key,
        sync_name varchar not null,
        destination varchar not null,
        is_dry_run boolean not null,
        status varchar not null,
        audience_rows bigint,
        planned_upserts bigint,
        planned_removes bigint,
        added bigint,
        changed bigint,
        removed bigint,
        rejected bigint,
        blocked_by_consent bigint,
        invalid_rows bigint,
        dead_letters bigint,
        requests bigint,
        message varchar,
        plan_json varchar,
        started_at timestamp not null,
        finished_at timestamp
    )""",
    f"""create table if not exists {SCHEMA}.sync_plan (
        run_id varchar not null,
        sync_name varchar not null,
        op varchar not null,
        reason varchar not null,
        record_key varchar,
        key_hash varchar,
        person_id varchar,
        row_hash varchar,
        destination_id varchar,
        status_before varchar,
        attempts integer,
        created_by_northstar boolean,
        payload varchar
    )""",
    f"""create table if not exists {SCHEMA}.sync_changelog (
        run_id varchar not null,
        sync_name varchar not null,
        key_hash varchar,
        op varchar not null,
        reason varchar not null,
        status varchar not null,
        error varchar,
        destination_id varchar,
        logged_at timestamp not null
    )""",
]

# Kept plans per sync (each run's plan stays readable for the last runs).
KEEP_PLANS = 5


@dataclass
class Plan:
    run_id: str
    sync_name: str
    audience_rows: int
    counts: dict[str, int]  # "<op>:<reason>" -> rows
    consent_available: bool
    messages: list[str] = field(default_factory=list)
    sample: list[dict[str, Any]] = field(default_factory=list)

    def count(self, op: str, reason: str | None = None) -> int:
        return sum(
            n
            for k, n in self.counts.items()
            if k.split(":")[0] == op and (reason is None or k.split(":")[1] == reason)
        )

    @property
    def upserts(self) -> int:
        return self.count("upsert")

    @property
    def removes(self) -> int:
        return self.count("remove")

    @property
    def blocked_by_consent(self) -> int:
        return self.count("skip", "blocked_by_consent") + self.count("skip", "suppressed")

    @property
    def invalid(self) -> int:
        return self.count("skip", "invalid")

    @property
    def unchanged(self) -> int:
        return max(
            0,
            self.audience_rows
            - self.upserts
            - self.count("remove", "consent")
            - self.count("remove", "suppressed")
            - self.count("skip"),
        )

    def as_json(self) -> str:
        return json.dumps(
            {
                "counts": self.counts,
                "audience_rows": self.audience_rows,
                "consent_available": self.consent_available,
                "messages": self.messages,
                "sample": self.sample,
            },
            default=str,
            sort_keys=True,
        )


def ensure_state(db: SyncDatabase) -> None:
    for statement in STATE_DDL:
        db.execute(statement)


def _json_object(db: SyncDatabase, pairs: list[tuple[str, str]]) -> str:
    args = ", ".join(f"{literal(name)}, {quote(column)}" for name, column in pairs)
    function = "json_object" if db.target == "duckdb" else "json_build_object"
    return f"{function}({args})"


def _consent_sources(db: SyncDatabase) -> tuple[bool, str | None, list[str]]:
    """Whether the consent mart exists, the suppression relation, and messages."""
    messages = []
    consent = db.relation_exists(CONSENT_SCHEMA, CONSENT_RELATION)
    if not consent:
        messages.append(
            f"{CONSENT_SCHEMA}.{CONSENT_RELATION} does not exist: failing closed, nobody is "
            "eligible and nothing is sent. Build the consent marts (`dbt build -s marts.consent`)."
        )
    suppression = None
    for schema, name in SUPPRESSION_RELATIONS:
        if db.relation_exists(schema, name):
            suppression = f"{schema}.{name}"
            break
    if suppression is None:
        messages.append(
            "suppression_list does not exist: failing closed, nobody is eligible and nothing is "
            "sent. Build the consent marts."
        )
    return consent and suppression is not None, suppression, messages


def _suppression_hash(db: SyncDatabase, value: str) -> str:
    """The suppression list's hash of a value (macros/consent suppression_hash)."""
    key = os.environ.get("NORTHSTAR_SUPPRESSION_KEY", "")
    return db.sha256(f"({literal(key)} || {value})" if key else value)


def _fold_email(value: str) -> str:
    """Gmail folding as identity does it (macros/normalise/fold_email.sql)."""
    return f"""case
            when split_part({value}, '@', 2) in ('gmail.com', 'googlemail.com')
                then replace(split_part(split_part({value}, '@', 1), '+', 1), '.', '')
                || '@gmail.com'
            else {value}
        end"""


def _folded_hash(db: SyncDatabase, value: str) -> str:
    """The suppression hash of a Gmail address as identity folds it; null for other addresses,
    whose folded form is the address itself (already hashed as written)."""
    return f"""case
            when split_part({value}, '@', 2) in ('gmail.com', 'googlemail.com')
                then {_suppression_hash(db, _fold_email(value))}
        end"""


def plan_sync(db: SyncDatabase, declaration: SyncDeclaration, run_id: str) -> Plan:
    """Compute and store the plan of one run; returns its counts and a sample."""
    d = declaration
    relation = f"{quote(d.relation_schema)}.{quote(d.relation_name)}"
    if not db.relation_exists(d.relation_schema, d.relation_name):
        raise RuntimeError(
            f"Sync {d.name}: audience {d.relation_schema}.{d.relation_name} does not exist. "
            f"Build it first (`dbt build -s {d.model}`)."
        )
    consent_ok, suppression, messages = _consent_sources(db)
    if consent_ok:
        purposes = ", ".join(literal(p) for p in d.consent.purposes)
        eligible_sql = f"""
            select person_id
            from {CONSENT_SCHEMA}.{CONSENT_RELATION}
            where purpose in ({purposes}) and channel = {literal(d.consent.channel)}
            group by person_id
            having count(distinct purpose) = {len(d.consent.purposes)}"""
        suppressed_sql = f"""
            select distinct identifier_hash
            from {suppression}
            where identifier_hash is not null"""
    else:
        eligible_sql = "select cast(null as varchar) as person_id where 1 = 0"
        suppressed_sql = "select cast(null as varchar) as identifier_hash where 1 = 0"

    # The suppression list hashes identifiers as identity saw them (emails folded, see
    # macros/normalise/fold_email.sql), keyed when NORTHSTAR_SUPPRESSION_KEY is set: an email
    # is checked both as written and folded.
    hashed_forms: list[str] = []
    for kind, column in d.suppression_identifiers.items():
        value = f"cast({quote(column)} as varchar)"
        hashed_forms.append(_suppression_hash(db, value))
        if kind == "email":
            hashed_forms.append(_folded_hash(db, value))
    id_hashes = ",\n".join(f"{form} as id_hash_{i}" for i, form in enumerate(hashed_forms))
    id_joins = "\n".join(
        f"left join suppressed as suppressed_{i} on audience.id_hash_{i} = "
        f"suppressed_{i}.identifier_hash"
        for i in range(len(hashed_forms))
    )
    is_suppressed = (
        " or ".join(f"suppressed_{i}.identifier_hash is not null" for i in range(len(hashed_forms)))
        or "false"
    )
    # Rows that left the audience are checked by their key (hashed only for those rows).
    key_is_email = d.suppression_identifiers.get("email") == d.key
    departed_hashes = [_suppression_hash(db, "departed.record_key")]
    if key_is_email:
        departed_hashes.append(_folded_hash(db, "departed.record_key"))
    departed_hash_columns = ",\n        ".join(
        f"{form} as id_hash_{i}" for i, form in enumerate(departed_hashes)
    )
    departed_joins = "\n    ".join(
        f"left join suppressed as suppressed_{i} on departed_hashed.id_hash_{i} = "
        f"suppressed_{i}.identifier_hash"
        for i in range(len(departed_hashes))
    )
    departed_is_suppressed = " or ".join(
        f"suppressed_{i}.identifier_hash is not null" for i in range(len(departed_hashes))
    )
    payload = _json_object(db, list(d.fields.items()))
    mirror = "true" if d.mode == "mirror" else "false"
    consent_known = "true" if consent_ok else "false"
    sync = literal(d.name)
    sql = f"""
insert into {SCHEMA}.sync_plan (
    run_id, sync_name, op, reason, record_key, key_hash, person_id, row_hash,
    destination_id, status_before, attempts, created_by_northstar, payload
)
with

audience as (
    select
        cast({quote(d.key)} as varchar) as record_key,
        cast({quote(d.person_column)} as varchar) as person_id,
        cast({payload} as varchar) as payload{"," if id_hashes else ""}
        {id_hashes}
    from {relation}
),

key_counts as (
    select record_key, count(*) as key_rows
    from audience
    group by record_key
),

eligible as ({eligible_sql}
),

suppressed as ({suppressed_sql}
),

audience_rows as (
    select
        audience.record_key,
        audience.person_id,
        audience.payload,
        md5(audience.payload) as row_hash,
        (
            audience.record_key is null
            or trim(audience.record_key) = ''
            or key_counts.key_rows > 1
        ) as is_invalid,
        eligible.person_id is not null as is_eligible,
        ({is_suppressed}) as is_suppressed
    from audience
    left join key_counts on audience.record_key = key_counts.record_key
    left join eligible on audience.person_id = eligible.person_id
    {id_joins}
),

state as (
    select * from {SCHEMA}.sync_state where sync_name = {sync}
),

invalid_keys as (
    select distinct record_key from audience_rows where is_invalid and record_key is not null
),

valid_rows as (
    select * from audience_rows where not is_invalid
),

departed as (
    select state.record_key
    from state
    left join valid_rows on state.record_key = valid_rows.record_key
    where valid_rows.record_key is null and state.status <> 'removed'
),

departed_hashed as (
    select
        departed.record_key,
        {departed_hash_columns}
    from departed
),

departed_suppressed as (
    select departed_hashed.record_key
    from departed_hashed
    {departed_joins}
    where {departed_is_suppressed}
),

joined as (
    select
        coalesce(valid_rows.record_key, state.record_key) as record_key,
        case
            when state.key_hash is not null then state.key_hash
            else {db.sha256("valid_rows.record_key")}
        end as key_hash,
        coalesce(valid_rows.person_id, state.person_id) as person_id,
        valid_rows.record_key is not null as in_audience,
        valid_rows.payload,
        valid_rows.row_hash,
        coalesce(valid_rows.is_eligible, false) as is_eligible,
        coalesce(valid_rows.is_suppressed, false) as is_suppressed,
        state.record_key is not null and state.status <> 'removed' as is_in_state,
        state.status as status_before,
        state.row_hash as state_row_hash,
        state.destination_id,
        coalesce(state.attempts, 0) as attempts,
        coalesce(state.created_by_northstar, false) as created_by_northstar,
        departed_suppressed.record_key is not null as state_is_suppressed,
        state_eligible.person_id is not null as state_is_eligible,
        invalid_keys.record_key is not null as key_is_invalid
    from valid_rows
    full outer join state on valid_rows.record_key = state.record_key
    left join departed_suppressed on state.record_key = departed_suppressed.record_key
    left join eligible as state_eligible on state.person_id = state_eligible.person_id
    left join invalid_keys on state.record_key = invalid_keys.record_key
),

classified as (
    select
        joined.*,
        case
            when in_audience and is_suppressed and is_in_state then 'remove:suppressed'
            when in_audience and is_suppressed then 'skip:suppressed'
            when in_audience and not is_eligible and is_in_state and {consent_known}
                then 'remove:consent'
            when in_audience and not is_eligible then 'skip:blocked_by_consent'
            when in_audience and not is_in_state then 'upsert:new'
            when in_audience and status_before = 'synced' and state_row_hash = row_hash
                then 'none:unchanged'
            when in_audience and status_before = 'dead' and state_row_hash = row_hash
                then 'skip:dead_letter'
            when in_audience and status_before in ('synced', 'dead') then 'upsert:changed'
            when in_audience then 'upsert:retry'
            when not is_in_state or key_is_invalid then 'none:gone'
            when state_is_suppressed then 'remove:suppressed'
            when {consent_known} and not state_is_eligible then 'remove:consent'
            when {mirror} then 'remove:left_audience'
            else 'none:kept'
        end as op_reason
    from joined
),

invalid_rows as (
    select
        'skip:invalid' as op_reason,
        record_key,
        {db.sha256("record_key")} as key_hash,
        person_id,
        cast(null as varchar) as row_hash,
        cast(null as varchar) as destination_id,
        cast(null as varchar) as status_before,
        0 as attempts,
        false as created_by_northstar,
        cast(null as varchar) as payload
    from audience_rows
    where is_invalid
),

planned as (
    select
        op_reason,
        record_key,
        key_hash,
        person_id,
        row_hash,
        destination_id,
        status_before,
        attempts,
        created_by_northstar,
        payload
    from classified
    where op_reason not like 'none:%'
    union all
    select * from invalid_rows
)

select
    {literal(run_id)} as run_id,
    {sync} as sync_name,
    split_part(op_reason, ':', 1) as op,
    split_part(op_reason, ':', 2) as reason,
    record_key,
    key_hash,
    person_id,
    row_hash,
    destination_id,
    status_before,
    attempts,
    created_by_northstar,
    payload
from planned
"""
    with db.transaction():
        db.execute(
            f"delete from {SCHEMA}.sync_plan where sync_name = %s and run_id not in ("
            f"select run_id from {SCHEMA}.sync_runs where sync_name = %s"
            f" order by started_at desc limit {KEEP_PLANS})",
            [d.name, d.name],
        )
        db.execute(sql)
    counts = {
        f"{op}:{reason}": int(n)
        for op, reason, n in db.fetchall(
            f"select op, reason, count(*) from {SCHEMA}.sync_plan where run_id = %s"
            " group by op, reason order by op, reason",
            [run_id],
        )
    }
    audience_rows = int(db.scalar(f"select count(*) from {relation}") or 0)
    sample = [
        {
            "op": op,
            "reason": reason,
            "key_hash": (key_hash or "")[:12],
            "person_id": person_id,
        }
        for op, reason, key_hash, person_id in db.fetchall(
            f"select op, reason, key_hash, person_id from {SCHEMA}.sync_plan where run_id = %s"
            f" order by op, reason, key_hash limit {SAMPLE_SIZE}",
            [run_id],
        )
    ]
    return Plan(
        run_id=run_id,
        sync_name=d.name,
        audience_rows=audience_rows,
        counts=counts,
        consent_available=consent_ok,
        messages=messages,
        sample=sample,
    )


def planned_rows(db: SyncDatabase, run_id: str, op: str) -> list[dict[str, Any]]:
    """The rows a run sends for one op, in a stable order."""
    rows = db.fetch_dicts(
        f"select op, reason, record_key, key_hash, person_id, row_hash, destination_id,"
        f" status_before, attempts, created_by_northstar, payload from {SCHEMA}.sync_plan"
        f" where run_id = %s and op = %s order by reason, record_key",
        [run_id, op],
    )
    for row in rows:
        row["fields"] = json.loads(row.pop("payload")) if row.get("payload") else {}
    return rows
