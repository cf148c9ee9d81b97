"""Community insight: what a community manager reports (activity, newcomers, moderation).

model.py is the report's shape (FORMATS.md, "Reports"); the counting, the KPI
computation and the renderers (text, HTML page, PNG chart) build on it.
"""
