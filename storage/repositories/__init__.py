"""The hot-path queries, each written to use its index (a test checks the plans on both
databases): the review queue, job-queue claiming, the weekly calendar, analytics per post over
time, posts by platform id, and due posts/tasks. Plus ``get_owned``, the tenant-scoped lookup.

Every function takes the caller's ``Session`` and leaves the transaction to the caller.
"""

from __future__ import annotations

from storage.repositories.analytics import post_analytics, post_analytics_query
from storage.repositories.calendar import weekly_calendar, weekly_calendar_query
from storage.repositories.jobs import (
    claim_next_jobs,
    queued_jobs_query,
    queued_render_jobs,
    queued_render_jobs_query,
)
from storage.repositories.lookup import get_owned
from storage.repositories.posts import (
    due_posts,
    due_posts_query,
    due_publisher_tasks,
    due_publisher_tasks_query,
    post_by_platform_post_id,
    post_by_platform_post_id_query,
)
from storage.repositories.reels import review_queue, review_queue_query

__all__ = [
    "claim_next_jobs",
    "due_posts",
    "due_posts_query",
    "due_publisher_tasks",
    "due_publisher_tasks_query",
    "get_owned",
    "post_analytics",
    "post_analytics_query",
    "post_by_platform_post_id",
    "post_by_platform_post_id_query",
    "queued_jobs_query",
    "queued_render_jobs",
    "queued_render_jobs_query",
    "review_queue",
    "review_queue_query",
    "weekly_calendar",
    "weekly_calendar_query",
]
