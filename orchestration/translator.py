"""How dbt resources appear in Dagster: readable keys and one group per layer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

# fqn folder prefix (after the project name) -> Dagster group. First match wins.
LAYER_GROUPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("demo", "truth"), "truth"),
    (("demo",), "raw"),
    (("reference",), "reference"),
    (("staging",), "staging"),
    (("audit",), "audit"),
    (("intermediate", "identity"), "identity"),
    (("intermediate", "consent"), "consent"),
    (("intermediate",), "intermediate"),
    (("marts", "customer"), "customer"),
    (("marts", "consent"), "consent"),
    (("marts", "activation"), "activation"),
    (("marts",), "marts"),
)


def layer_of(dbt_resource_props: Mapping[str, Any]) -> str:
    """The layer (Dagster group) a dbt model, seed or source belongs to."""
    if dbt_resource_props["resource_type"] == "source":
        return "raw"
    folders = tuple(dbt_resource_props["fqn"][1:-1])
    for prefix, group in LAYER_GROUPS:
        if folders[: len(prefix)] == prefix:
            return group
    return "default"


class NorthstarTranslator(DagsterDbtTranslator):
    """Keys read `<schema>/<relation>`. Raw sources are `raw/<table>`; the demo seed that can
    land the same table is `demo/<table>` (Dagster allows one producer per key), both upstream
    of the staging model, in the group raw."""

    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_code_references=False))

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        props = dbt_resource_props
        if props["resource_type"] == "source":
            return dg.AssetKey([props["schema"], props["name"]])
        schema = props.get("config", {}).get("schema") or layer_of(props)
        if props["resource_type"] == "seed" and layer_of(props) == "raw":
            schema = "demo"
        return dg.AssetKey([schema, props.get("alias") or props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return layer_of(dbt_resource_props)

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        owner = dbt_resource_props.get("config", {}).get("meta", {}).get("owner")
        if owner:
            return [owner]
        return super().get_owners(dbt_resource_props)
