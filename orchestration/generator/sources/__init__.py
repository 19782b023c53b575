"""One module per source system; each `build(ctx)` returns its landed raw tables."""
