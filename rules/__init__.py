"""The rule engine: rule files compiled once, applied to each event without I/O.

Its per-message modules may run compiled (setup.py); an edited source is never shadowed
by an older build (buildcheck.py), so this check runs before any of them is imported.
"""

from rules.buildcheck import prefer_fresh_sources

prefer_fresh_sources()
