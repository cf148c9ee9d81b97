"""Privacy: the retention applied by itself (retention.py)."""
