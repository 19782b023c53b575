"""Delivery: a token bucket per destination, Retry-After, exponential backoff with jitter.

`Transport.request` sends one HTTP request and returns the response it finally got:
- it takes a token from the destination's bucket before every attempt (documented rate);
- a 429 waits for Retry-After (or the bucket's refill) and tries again without spending the retry
  budget (rate-limit waits are bounded by `max_rate_limit_waits` so a stuck limiter still ends);
- a 5xx, a timeout or a dropped connection waits `base * 2**n` seconds with full jitter and tries
  again, at most `max_retries` times; then `DeliveryError` is raised;
- any other 4xx is returned to the destination, which turns it into per-row rejections.

Messages name the method and path only: never a query string, header, token or body.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

# httpx logs every request URL at INFO; a webhook URL can carry a secret, so keep it quiet.
logging.getLogger("httpx").setLevel(logging.WARNING)


class DeliveryError(RuntimeError):
    """A request that could not be delivered within the retry budget."""


@dataclass
class RateLimit:
    """`requests` per `per_seconds`, with a burst of `burst` (defaults to `requests`)."""

    requests: float
    per_seconds: float
    burst: float | None = None

    @property
    def rate(self) -> float:
        return self.requests / self.per_seconds


class TokenBucket:
    def __init__(self, limit: RateLimit | None, clock=time.monotonic, sleep=time.sleep) -> None:
        self.limit = limit
        self.clock = clock
        self.sleep = sleep
        self.capacity = (limit.burst or limit.requests) if limit else 0.0
        self.tokens = self.capacity
        self.updated = clock()
        self.lock = threading.Lock()
        self.waited = 0.0

    def take(self) -> None:
        if self.limit is None:
            return
        with self.lock:
            while True:
                now = self.clock()
                self.tokens = min(
                    self.capacity, self.tokens + (now - self.updated) * self.limit.rate
                )
                self.updated = now
                if self.tokens >= 1 - 1e-9:  # float rounding must not spin
                    self.tokens = max(0.0, self.tokens - 1)
                    return
                wait = (1 - self.tokens) / self.limit.rate
                self.waited += wait
                self.sleep(wait)

    def drain(self) -> None:
        """After a 429: the destination says we are over; start refilling from empty."""
        if self.limit is not None:
            with self.lock:
                self.tokens = 0.0
                self.updated = self.clock()


class SlidingWindow:
    """At most `requests` in any `per_seconds` window: HubSpot states its limit this way
    ("100 requests per 10 seconds"), and a token bucket that bursts `requests` and then refills
    would overrun such a window by up to its refill."""

    def __init__(self, limit: RateLimit, clock=time.monotonic, sleep=time.sleep) -> None:
        from collections import deque

        self.limit = limit
        self.clock = clock
        self.sleep = sleep
        self.sent: deque[float] = deque()
        self.lock = threading.Lock()
        self.waited = 0.0

    def take(self) -> None:
        with self.lock:
            while True:
                now = self.clock()
                while self.sent and self.sent[0] <= now - self.limit.per_seconds:
                    self.sent.popleft()
                if len(self.sent) < self.limit.requests:
                    self.sent.append(now)
                    return
                # A margin for the request's way to the server (it counts arrivals).
                wait = self.sent[0] + self.limit.per_seconds - now + 0.2
                self.waited += wait
                self.sleep(wait)

    def drain(self) -> None:
        """A refused request did not count at the server: free its slot (the latest one) so it
        does not hold back the next window; the transport sleeps the Retry-After."""
        with self.lock:
            if self.sent:
                self.sent.pop()


@dataclass
class RetryPolicy:
    max_retries: int = 5
    base_seconds: float = 0.5
    max_backoff_seconds: float = 30.0
    max_rate_limit_waits: int = 100
    max_retry_after_seconds: float = 120.0
    timeout_seconds: float = 30.0


@dataclass
class TransportStats:
    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    waited_seconds: float = 0.0
    by_path: dict[str, int] = field(default_factory=dict)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


class Transport:
    """One HTTP client for a destination, shared by its batches."""

    def __init__(
        self,
        base_url: str,
        headers: dict[str, str],
        limits: dict[str, RateLimit | SlidingWindow],
        policy: RetryPolicy | None = None,
        sleep=time.sleep,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.client = httpx.Client(
            base_url=base_url, headers=headers, timeout=self.policy.timeout_seconds
        )
        # One bucket per documented limit (Klaviyo limits each endpoint on its own).
        self.buckets: dict[str, TokenBucket | SlidingWindow] = {
            name: limit if isinstance(limit, SlidingWindow) else TokenBucket(limit, sleep=sleep)
            for name, limit in limits.items()
        }
        self.buckets.setdefault("default", TokenBucket(None, sleep=sleep))
        self.sleep = sleep
        self.stats = TransportStats()
        self.random = random.Random()

    def close(self) -> None:
        self.client.close()

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.policy.max_backoff_seconds, self.policy.base_seconds * 2**attempt)
        return self.random.uniform(0, ceiling)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        bucket: str = "default",
    ) -> httpx.Response:
        # Path only: a URL's query string (or a webhook URL as a whole) can carry a secret.
        label = f"{method} {httpx.URL(path).path}"
        failures = 0
        rate_waits = 0
        while True:
            limiter = self.buckets.get(bucket) or self.buckets["default"]
            limiter.take()
            self.stats.requests += 1
            self.stats.by_path[label] = self.stats.by_path.get(label, 0) + 1
            try:
                response = self.client.request(
                    method, path, json=json, content=content, headers=headers, params=params
                )
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                failures += 1
                if failures > self.policy.max_retries:
                    raise DeliveryError(
                        f"{label}: no answer after {failures} attempts ({type(exc).__name__})"
                    ) from None
                self.stats.retries += 1
                self.sleep(self._backoff(failures - 1))
                continue
            if response.status_code == 429:
                rate_waits += 1
                self.stats.rate_limited += 1
                if rate_waits > self.policy.max_rate_limit_waits:
                    raise DeliveryError(f"{label}: still rate limited after {rate_waits - 1} waits")
                wait = _retry_after(response)
                limiter.drain()
                if wait is not None:
                    wait = min(wait, self.policy.max_retry_after_seconds)
                    self.stats.waited_seconds += wait
                    self.sleep(wait)
                continue
            if response.status_code >= 500:
                failures += 1
                if failures > self.policy.max_retries:
                    raise DeliveryError(
                        f"{label}: HTTP {response.status_code} after {failures} attempts"
                    )
                self.stats.retries += 1
                wait = _retry_after(response)
                self.sleep(wait if wait is not None else self._backoff(failures - 1))
                continue
            return response
