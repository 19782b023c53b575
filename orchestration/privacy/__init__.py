"""Privacy operations that run outside dbt: the erasure step (`northstar erase`)."""
