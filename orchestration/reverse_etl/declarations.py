"""Sync declarations: read from dbt model meta (`config.meta.northstar_syncs`) in the manifest.

A declaration lives in the YAML next to its audience model::

    models:
      - name: audience_lapsed_high_value
        config:
          meta:
            northstar_syncs:
              - name: lapsed_high_value_klaviyo
                destination: klaviyo
                object: list
                mode: mirror
                key: email
                fields: {email: email, first_name: first_name}
                consent: {purposes: [marketing], channel: email}
                schedule: "0 6 * * *"
                options: {list_id: LapsedVIP}

Every declaration is validated by pydantic; a bad one raises `DeclarationError` naming the YAML
file, the sync, the field and what to write instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

META_KEY = "northstar_syncs"
DESTINATIONS = ("hubspot", "klaviyo", "webhook", "file")
# The objects each destination can receive, and what they mean there.
OBJECTS: dict[str, tuple[str, ...]] = {
    "hubspot": ("contacts",),
    "klaviyo": ("profiles",),
    "webhook": ("events",),
    "file": ("csv", "parquet"),
}
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class DeclarationError(ValueError):
    """A sync declaration that cannot be used; the message names the file, field and fix."""


class ConsentRequirement(BaseModel):
    """The consent purposes a person must be activatable for (all of them) on `channel`."""

    model_config = ConfigDict(extra="forbid")

    purposes: list[str] = Field(min_length=1)
    channel: str

    @field_validator("channel")
    @classmethod
    def _channel_concrete(cls, value: str) -> str:
        if value == "any":
            raise ValueError(
                "channel must be concrete (email, sms, phone, push, ads, crm...), not 'any'"
            )
        return value


class SyncDeclaration(BaseModel):
    """One sync of an audience model to a destination."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    destination: Literal["hubspot", "klaviyo", "webhook", "file"]
    object: str
    mode: Literal["upsert", "mirror"] = "upsert"
    key: str
    person_column: str = "person_id"
    fields: dict[str, str] = Field(min_length=1)
    consent: ConsentRequirement
    # What happens in the destination to a synced person who is no longer activatable.
    on_consent_withdrawn: Literal["unsubscribe", "delete", "remove"] = "unsubscribe"
    # Identifier columns checked against the suppression list (identifier_type -> column).
    suppression_identifiers: dict[Literal["email", "phone"], str] = Field(default_factory=dict)
    schedule: str | None = None
    max_delete_share: float = Field(default=0.2, gt=0, le=1)
    max_attempts: int = Field(default=3, ge=1, le=50)
    options: dict[str, Any] = Field(default_factory=dict)
    # Filled from the manifest, not written by the user.
    model: str = ""
    relation_schema: str = ""
    relation_name: str = ""
    yaml_path: str = ""

    @field_validator("name")
    @classmethod
    def _name_shape(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError(
                "use lower-case letters, digits and underscores, starting with a letter"
            )
        return value

    @field_validator("schedule")
    @classmethod
    def _cron_shape(cls, value: str | None) -> str | None:
        if value is not None and len(value.split()) != 5:
            raise ValueError("write a five-field cron expression, e.g. '0 6 * * *'")
        return value

    @model_validator(mode="after")
    def _object_fits_destination(self) -> SyncDeclaration:
        allowed = OBJECTS[self.destination]
        if self.object not in allowed:
            raise ValueError(
                f"object {self.object!r} is not one {self.destination} receives: "
                f"use one of {', '.join(allowed)}"
            )
        if (
            self.mode == "mirror"
            and self.destination == "hubspot"
            and "list_id" not in self.options
        ):
            raise ValueError(
                "a hubspot mirror sync removes list memberships only: set options.list_id"
            )
        return self

    @property
    def mapped_columns(self) -> list[str]:
        """The audience columns sent, in the order of `fields`."""
        return list(self.fields.values())


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(the declaration)"


def _fix_for(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "add it"
    if kind == "extra_forbidden":
        return (
            "remove it (known fields: "
            + ", ".join(
                name
                for name in SyncDeclaration.model_fields
                if name not in {"model", "relation_schema", "relation_name", "yaml_path"}
            )
            + ")"
        )
    if kind == "literal_error":
        return f"use one of {error.get('ctx', {}).get('expected', '')}"
    return "correct it"


def parse_declaration(
    raw: Any, *, model: str, yaml_path: str, columns: set[str] | None
) -> SyncDeclaration:
    """Validate one declaration of `model` (written in `yaml_path`)."""
    label = raw.get("name", "?") if isinstance(raw, dict) else "?"
    where = f"{yaml_path}: model {model}, sync {label}"
    if not isinstance(raw, dict):
        raise DeclarationError(f"{where}: each entry of {META_KEY} must be a mapping.")
    try:
        declaration = SyncDeclaration.model_validate(
            {**raw, "model": model, "yaml_path": yaml_path}
        )
    except ValidationError as exc:
        problems = [
            f"field '{_field_path(e['loc'])}': {e['msg']} → {_fix_for(e)}" for e in exc.errors()
        ]
        raise DeclarationError(f"{where}: " + "; ".join(problems)) from None
    if columns:
        wanted = {
            "key": [declaration.key],
            "person_column": [declaration.person_column],
            "fields": declaration.mapped_columns,
            "suppression_identifiers": list(declaration.suppression_identifiers.values()),
        }
        for field, names in wanted.items():
            missing = [name for name in names if name not in columns]
            if missing:
                raise DeclarationError(
                    f"{where}: field '{field}' names column(s) {', '.join(missing)} that "
                    f"{model} does not document → use one of {', '.join(sorted(columns))}, "
                    "or document the column in the YAML."
                )
    if not declaration.suppression_identifiers and columns:
        defaults = {kind: kind for kind in ("email", "phone") if kind in columns}
        declaration = declaration.model_copy(update={"suppression_identifiers": defaults})
    return declaration


def load_sync_declarations(manifest_path: str | Path) -> list[SyncDeclaration]:
    """Every sync declared in the project's model meta, validated, ordered by name."""
    path = Path(manifest_path)
    if not path.exists():
        raise DeclarationError(
            f"{path}: no dbt manifest. Run `dbt parse --profiles-dir .` (or `make`) first."
        )
    manifest = json.loads(path.read_text())
    declarations: list[SyncDeclaration] = []
    seen: dict[str, str] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "model":
            continue
        meta = (node.get("config") or {}).get("meta") or node.get("meta") or {}
        raw_syncs = meta.get(META_KEY)
        if raw_syncs is None:
            continue
        yaml_path = (node.get("patch_path") or node.get("original_file_path") or "").split("://")[
            -1
        ]
        if not isinstance(raw_syncs, list):
            raise DeclarationError(
                f"{yaml_path}: model {node['name']}: meta.{META_KEY} must be a list of syncs."
            )
        columns = set((node.get("columns") or {}).keys()) or None
        for raw in raw_syncs:
            declaration = parse_declaration(
                raw, model=node["name"], yaml_path=yaml_path, columns=columns
            )
            if declaration.name in seen:
                raise DeclarationError(
                    f"{yaml_path}: sync name {declaration.name!r} is declared twice (also in "
                    f"{seen[declaration.name]}) → give each sync its own name."
                )
            seen[declaration.name] = yaml_path
            declarations.append(
                declaration.model_copy(
                    update={
                        "relation_schema": node["schema"],
                        "relation_name": node.get("alias") or node["name"],
                    }
                )
            )
    return sorted(declarations, key=lambda d: d.name)


def find_declaration(declarations: list[SyncDeclaration], name: str) -> SyncDeclaration:
    for declaration in declarations:
        if declaration.name == name:
            return declaration
    known = ", ".join(d.name for d in declarations) or "none declared"
    raise DeclarationError(f"No sync named {name!r}: known syncs are {known}.")
