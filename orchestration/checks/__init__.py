"""Asset checks beyond dbt's tests: Great Expectations suites, identity and sync health."""
