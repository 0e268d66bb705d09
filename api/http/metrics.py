"""Request counts and latencies in Prometheus' text exposition format (no client library).

Labels use the route *template* (``/v1/jobs/{job_id}``), never the raw path, so ids do not
explode the series count and nothing a client sends ends up in a label.
"""

from __future__ import annotations

import threading
from collections import defaultdict

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self._latency: dict[tuple[str, str], list[int]] = {}
        self._latency_sum: dict[tuple[str, str], float] = defaultdict(float)
        self._latency_count: dict[tuple[str, str], int] = defaultdict(int)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self._requests[(method, route, status)] += 1
            key = (method, route)
            counts = self._latency.setdefault(key, [0] * len(BUCKETS))
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    counts[index] += 1
            self._latency_sum[key] += seconds
            self._latency_count[key] += 1

    def render(self, jobs_by_status: dict[str, int]) -> str:
        lines = [
            "# HELP twinreel_http_requests_total HTTP requests by method, route and status.",
            "# TYPE twinreel_http_requests_total counter",
        ]
        with self._lock:
            for (method, route, status), count in sorted(self._requests.items()):
                lines.append(
                    f'twinreel_http_requests_total{{method="{method}",route="{_escape(route)}",'
                    f'status="{status}"}} {count}'
                )
            lines += [
                "# HELP twinreel_http_request_duration_seconds Request latency.",
                "# TYPE twinreel_http_request_duration_seconds histogram",
            ]
            for (method, route), counts in sorted(self._latency.items()):
                labels = f'method="{method}",route="{_escape(route)}"'
                for bound, count in zip(BUCKETS, counts, strict=True):
                    lines.append(
                        f'twinreel_http_request_duration_seconds_bucket{{{labels},le="{bound}"}} '
                        f"{count}"
                    )
                total = self._latency_count[(method, route)]
                lines.append(
                    f'twinreel_http_request_duration_seconds_bucket{{{labels},le="+Inf"}} {total}'
                )
                lines.append(
                    f"twinreel_http_request_duration_seconds_sum{{{labels}}} "
                    f"{self._latency_sum[(method, route)]:.6f}"
                )
                lines.append(f"twinreel_http_request_duration_seconds_count{{{labels}}} {total}")
        lines += [
            "# HELP twinreel_jobs Jobs by status.",
            "# TYPE twinreel_jobs gauge",
        ]
        for job_status, job_count in sorted(jobs_by_status.items()):
            lines.append(f'twinreel_jobs{{status="{job_status}"}} {job_count}')
        return "\n".join(lines) + "\n"
