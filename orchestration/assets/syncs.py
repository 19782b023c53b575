"""One Dagster asset per declared sync, built from the dbt manifest: a sync declared in an
audience's YAML (`config.meta.northstar_syncs`) appears here with no Python change, downstream
of its audience model, in the group activation.

Materialising a sync runs the reverse-ETL engine (orchestration/reverse_etl) against its
destination resource and reports what it did (added, changed, removed, rejected, blocked by
consent, dead letters). Two checks per sync watch its health: the share of rejected rows and
dead letters. A sync does not send when a blocking check on the data under it failed: in the
same run Dagster skips it; in a later run (an hourly sync after a failed build) the asset reads
the latest results of those checks and stops before sending.
"""

import json
import os
from typing import Any

import dagster as dg

from orchestration.assets.erasure import ERASURE_KEY, erasure_available
from orchestration.assets.raw import WAREHOUSE_POOL
from orchestration.checks.identity import PERSONS, identity_checks, latest_evaluation
from orchestration.checks.marts import GX_CHECK_NAME, mart_nodes
from orchestration.project import northstar_project
from orchestration.resources import WarehouseResource
from orchestration.translator import NorthstarTranslator

REJECTED_SHARE_CHECK = "rejected_share_under_threshold"
DEAD_LETTER_CHECK = "no_dead_letters"
# Destination type -> Dagster resource key.
RESOURCE_KEYS = {
    "hubspot": "hubspot",
    "klaviyo": "klaviyo",
    "webhook": "webhook",
    "file": "file_export",
}


def max_rejected_share() -> float:
    return float(os.environ.get("NORTHSTAR_SYNC_MAX_REJECTED_SHARE", "0.05"))


def sync_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["sync", name])


def _declarations() -> list[Any]:
    try:
        from orchestration.reverse_etl.declarations import load_sync_declarations
    except ImportError:  # the reverse-ETL package is not installed in this checkout
        return []
    return load_sync_declarations(northstar_project.manifest_path)


def _upstream_blocking_checks(model: str) -> list[dg.AssetCheckKey]:
    """The blocking checks of Northstar on the audience and every model under it."""
    manifest = json.loads(northstar_project.manifest_path.read_text())
    nodes = manifest["nodes"]
    by_name = {n["name"]: uid for uid, n in nodes.items() if n["resource_type"] == "model"}
    seen: set[str] = set()
    stack = [by_name[model]] if model in by_name else []
    while stack:
        uid = stack.pop()
        if uid in seen or uid not in nodes:
            continue
        seen.add(uid)
        stack.extend(nodes[uid].get("depends_on", {}).get("nodes", []))
    translator = NorthstarTranslator()
    upstream_keys = {translator.get_asset_key(nodes[uid]) for uid in seen}
    checks = [
        dg.AssetCheckKey(translator.get_asset_key(node), GX_CHECK_NAME)
        for node in mart_nodes()
        if translator.get_asset_key(node) in upstream_keys
    ]
    if PERSONS in upstream_keys:
        checks += [key for check in identity_checks for key in check.check_keys]
    return sorted(checks, key=lambda key: key.to_user_string())


def failed_blocking_checks(
    instance: dg.DagsterInstance, checks: list[dg.AssetCheckKey]
) -> list[str]:
    failed = []
    for key in checks:
        record = latest_evaluation(instance, key)
        if record is not None and record.status.value == "FAILED":
            failed.append(key.to_user_string())
    return failed


def _summary_metadata(summary: Any) -> dict[str, Any]:
    return {
        "status": summary.status,
        "audience_rows": dg.MetadataValue.int(summary.audience_rows),
        "added": dg.MetadataValue.int(summary.added),
        "changed": dg.MetadataValue.int(summary.changed),
        "removed": dg.MetadataValue.int(summary.removed),
        "rejected": dg.MetadataValue.int(summary.rejected),
        "blocked_by_consent": dg.MetadataValue.int(summary.blocked_by_consent),
        "invalid": dg.MetadataValue.int(summary.invalid),
        "dead_letters": dg.MetadataValue.int(summary.dead_letters),
        "requests": dg.MetadataValue.int(summary.requests),
        "rate_limited": dg.MetadataValue.int(summary.rate_limited),
        "retries": dg.MetadataValue.int(summary.retries),
        "seconds": dg.MetadataValue.float(round(summary.seconds, 3)),
        "sync_run_id": summary.run_id,
        **({"message": summary.message[:1000]} if summary.message else {}),
    }


def _health(summary: Any) -> list[dg.AssetCheckResult]:
    threshold = max_rejected_share()
    attempted = summary.added + summary.changed + summary.rejected
    share = summary.rejected / attempted if attempted else 0.0
    return [
        dg.AssetCheckResult(
            check_name=REJECTED_SHARE_CHECK,
            passed=share <= threshold,
            metadata={
                "rejected": summary.rejected,
                "attempted": attempted,
                "rejected_share": round(share, 4),
                "threshold": threshold,
            },
            description=f"{summary.rejected} of {attempted} rows rejected ({share:.1%}; "
            f"threshold {threshold:.0%})",
        ),
        dg.AssetCheckResult(
            check_name=DEAD_LETTER_CHECK,
            passed=summary.dead_letters == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "dead_letters": summary.dead_letters,
                "new_dead_letters": summary.new_dead_letters,
            },
            description=f"{summary.dead_letters} rows gave up after their retries",
        ),
    ]


def build_sync_asset(declaration: Any) -> dg.AssetsDefinition:
    manifest = json.loads(northstar_project.manifest_path.read_text())
    node = next(
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["name"] == declaration.model
    )
    audience = NorthstarTranslator().get_asset_key(node)
    key = sync_key(declaration.name)
    resource_key = RESOURCE_KEYS[declaration.destination]
    blocking = _upstream_blocking_checks(declaration.model)
    purposes = ", ".join(declaration.consent.purposes)

    @dg.asset(
        key=key,
        # After the erasure step (when there is one): an erased person is never sent.
        deps=[audience, *([ERASURE_KEY] if erasure_available() else [])],
        group_name="activation",
        kinds={declaration.destination},
        owners=["team:activation"],
        description=(
            f"Sync {declaration.model} to {declaration.destination} {declaration.object} "
            f"({declaration.mode}, key {declaration.key}); only persons activatable for "
            f"{purposes} on {declaration.consent.channel}. Declared in {declaration.yaml_path}."
        ),
        metadata={
            "destination": declaration.destination,
            "mode": declaration.mode,
            "consent_purposes": purposes,
            "consent_channel": declaration.consent.channel,
            "declared_in": declaration.yaml_path,
            **({"schedule_hint": declaration.schedule} if declaration.schedule else {}),
        },
        check_specs=[
            dg.AssetCheckSpec(
                REJECTED_SHARE_CHECK,
                asset=key,
                description="Rejected rows stay under the threshold "
                "(NORTHSTAR_SYNC_MAX_REJECTED_SHARE, default 5%).",
            ),
            dg.AssetCheckSpec(
                DEAD_LETTER_CHECK, asset=key, description="No row has given up after its retries."
            ),
        ],
        required_resource_keys={"warehouse", resource_key},
        pool=WAREHOUSE_POOL,
        retry_policy=dg.RetryPolicy(max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL),
    )
    def _sync(context: dg.AssetExecutionContext):
        from orchestration.reverse_etl.engine import run_sync

        failed = failed_blocking_checks(context.instance, blocking)
        if failed:
            raise dg.Failure(
                description=f"Sync {declaration.name} blocked: the data under it failed "
                f"{', '.join(failed)}. Nothing was sent; fix the data and rebuild.",
                metadata={"failed_checks": dg.MetadataValue.json(failed)},
                allow_retries=False,
            )
        warehouse: WarehouseResource = context.resources.warehouse
        destination = getattr(context.resources, resource_key)
        if declaration.destination == "webhook" and not destination.url:
            destination = None  # the engine posts to the declaration's options.url
        summary = run_sync(
            declaration,
            target=warehouse.resolved_target(),
            destination=destination,
            raise_on_failure=False,
        )
        yield dg.MaterializeResult(metadata=_summary_metadata(summary))
        yield from _health(summary)
        if summary.status in ("failed", "stopped"):
            raise dg.Failure(
                description=f"Sync {declaration.name} {summary.status}: {summary.message}"[:2000]
            )

    return _sync


def destination_resources() -> dict[str, Any]:
    """Destination resources configured from the environment (override any field in the run
    config, e.g. `resources: {hubspot: {config: {base_url: http://127.0.0.1:8123}}}`)."""
    try:
        from orchestration.reverse_etl.destinations import (
            FileDestination,
            HubSpotDestination,
            KlaviyoDestination,
            WebhookDestination,
        )
    except ImportError:
        return {}
    resources: dict[str, Any] = {
        "hubspot": HubSpotDestination(
            base_url=os.environ.get("NORTHSTAR_HUBSPOT_URL", "https://api.hubapi.com")
        ),
        "klaviyo": KlaviyoDestination(
            base_url=os.environ.get("NORTHSTAR_KLAVIYO_URL", "https://a.klaviyo.com")
        ),
        "file_export": FileDestination(
            folder=os.environ.get("NORTHSTAR_EXPORT_DIR", "data/exports")
        ),
    }
    # An empty url: each webhook sync posts to its declaration's options.url.
    resources["webhook"] = WebhookDestination(url=os.environ.get("NORTHSTAR_WEBHOOK_URL", ""))
    return resources


def local_destinations_run_config(resources: dict[str, Any]) -> dict[str, Any]:
    """Run config pointing the destination resources at the local destination servers of
    `orchestration.reverse_etl.cli.local_destinations()` (demo, tests)."""
    config: dict[str, Any] = {}
    for ours, theirs in (
        ("hubspot", "hubspot"),
        ("klaviyo", "klaviyo"),
        ("webhook", "webhook"),
        ("file_export", "file"),
    ):
        resource = resources[theirs]
        config[ours] = {"config": resource.model_dump(exclude_unset=True)}
    return {"resources": config}


def sync_assets() -> list[dg.AssetsDefinition]:
    return [build_sync_asset(d) for d in _declarations()]
