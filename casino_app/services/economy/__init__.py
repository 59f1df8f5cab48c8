"""The gold economy: the versioned economy configuration (``config``) and the 30-day simulator (``sim``).

``docs/economy.md`` lists every source and sink of gold with its numbers and the
simulator's profiles and output.
"""
