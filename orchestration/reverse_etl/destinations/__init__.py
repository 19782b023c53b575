"""Destinations, each a Dagster ConfigurableResource whose `open_session(declaration)` returns a
session the engine sends batches through."""

from orchestration.reverse_etl.destinations.file import FileDestination
from orchestration.reverse_etl.destinations.hubspot import HubSpotDestination
from orchestration.reverse_etl.destinations.klaviyo import KlaviyoDestination
from orchestration.reverse_etl.destinations.webhook import WebhookDestination

__all__ = ["FileDestination", "HubSpotDestination", "KlaviyoDestination", "WebhookDestination"]
