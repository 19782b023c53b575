"""Data quality: Great Expectations suites (expectations/*.json) run against the marts."""
