"""Northstar: Dagster definitions, data generator, identity evaluation and CLI."""
