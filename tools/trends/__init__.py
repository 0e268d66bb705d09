"""Trend signals: RSS/Atom and hashtag feeds fetched over HTTP, scored, de-duplicated, stored.

Entry points: :func:`tools.trends.feeds.fetch_feed` (one feed → entries),
:func:`tools.trends.scoring.score_topics` (entries → scored topics),
:func:`tools.trends.ingest.store_topics` (topics → ``TrendSignal`` rows, merged with recent ones)
and :func:`tools.trends.seed.seed_topics` (the bundled offline list).

Feed text is untrusted data: titles are stripped of markup and control characters and cut to a
short topic before anything else sees them, and nothing here ever passes them to a model as an
instruction.
"""
