"""The raw tables of the contract as (external) assets: the start of every lineage.

They are declared from the dbt sources in the manifest, so a new raw table in a
`_<source>__sources.yml` appears here with no Python change. Data lands in them from an EL tool,
`northstar generate`, or (as `demo/<table>`) the demo seeds."""

import dagster as dg

from orchestration.project import northstar_project
from orchestration.translator import NorthstarTranslator


def raw_table_specs() -> list[dg.AssetSpec]:
    import json

    manifest = json.loads(northstar_project.manifest_path.read_text())
    translator = NorthstarTranslator()
    specs = []
    for source in sorted(manifest["sources"].values(), key=lambda s: s["unique_id"]):
        specs.append(
            dg.AssetSpec(
                key=translator.get_asset_key(source),
                group_name="raw",
                description=source.get("description") or source["source_description"],
                metadata={"source": source["source_name"], "relation": source["relation_name"]},
                kinds={"table"},
            )
        )
    return specs


raw_tables = raw_table_specs()
