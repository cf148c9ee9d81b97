"""The e-reputation watch: watched terms, sentiment, the crisis alarm and outside feeds."""
