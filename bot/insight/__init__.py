"""Community insight: what a community manager reports (activity, newcomers, moderation).

model.py is the report's shape (FORMATS.md, "Reports"); tally.py counts events in the
community's days (as rows the live part stores), compute.py turns a tally into a report,
text.py words it; the renderers (HTML page, PNG chart) read the same report.
"""
