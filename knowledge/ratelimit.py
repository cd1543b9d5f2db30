"""Fixed-window rate limits counted in the database, so every worker and machine shares them.

One `RateCounter` row per bucket and client: a hit in a new window overwrites the old
window's count instead of adding a row, so a client's row never grows. Rows of clients that
stopped coming stay behind until `prune` removes them.
"""
from __future__ import annotations

import hashlib
import math
import re
import sys
import time
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import case, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .errors import FieldError
from .models import RateCounter

MAX_KEY = 200  # the length of RateCounter.key
UNLIMITED = sys.maxsize  # `remaining` when no limit applies
_UNITS = {name: seconds for names, seconds in (
    (("s", "sec", "secs", "second", "seconds"), 1),
    (("m", "min", "mins", "minute", "minutes"), 60),
    (("h", "hr", "hrs", "hour", "hours"), 3600),
    (("d", "day", "days"), 86400)) for name in names}
_RATE = re.compile(r"^(\d+)\s*/\s*(\d*)\s*([a-z]+)$")
_OFF = ("", "0", "off", "none", "unlimited")


@dataclass(frozen=True)
class Rate:
    """At most `limit` hits per `seconds`."""

    limit: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.limit}/{self.seconds}s"


@dataclass(frozen=True)
class RateDecision:
    """Whether the hit may go on, hits left in the window, seconds until it is worth retrying."""

    allowed: bool
    remaining: int
    retry_after: int


def parse_rate(text: str | None, field: str = "rate") -> Rate | None:
    """Read "10/hour", "5/minute", "20/15minutes", "5/30s"; "", "0" or "off" mean no limit."""
    value = "" if text is None else str(text).strip().lower()
    if value in _OFF:
        return None
    match = _RATE.match(value)
    unit = _UNITS.get(match.group(3)) if match else None
    if not match or not unit:
        raise FieldError(field, f"{text!r} is not a rate (expected e.g. '10/hour', "
                         "'5/minute', '20/15minutes', or 'off')", text, code="invalid_rate")
    limit, count = int(match.group(1)), int(match.group(2) or 1)
    if limit == 0 or count == 0:
        raise FieldError(field, f"{text!r} has a zero limit or period (write 'off' for no "
                         "limit)", text, code="invalid_rate")
    return Rate(limit, count * unit)


def counter_key(bucket: str, client: str) -> str:
    """`bucket:client`, or the bucket and a digest when that would not fit the column."""
    key = f"{bucket}:{client}"
    if len(key) <= MAX_KEY:
        return key
    # keep the bucket readable (and prunable by prefix) when it is short enough
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    prefix = bucket if len(bucket) <= MAX_KEY - len(digest) - 2 else "~"
    return f"{prefix}:#{digest}"


class RateLimiter:
    """Counts hits per bucket and client in fixed windows of the rate's length."""

    def __init__(self, session_factory: sessionmaker[Session],
                 clock: Callable[[], float] = time.time) -> None:
        self._sessions = session_factory
        self._clock = clock

    def hit(self, bucket: str, client: str, rate: Rate | None) -> RateDecision:
        """Count one hit and say whether it is within the rate (None: no limit, no count)."""
        if rate is None:
            return RateDecision(True, UNLIMITED, 0)
        now = self._clock()
        window = int(now // rate.seconds)
        count = self._count(counter_key(bucket, client), window)
        retry_after = 0 if count <= rate.limit else max(1, math.ceil(
            (window + 1) * rate.seconds - now))
        return RateDecision(count <= rate.limit, max(0, rate.limit - count), retry_after)

    def reset(self, bucket: str, client: str) -> None:
        """Forget the client's hits in this bucket (e.g. after a successful sign-in)."""
        with self._sessions() as session, session.begin():
            session.execute(delete(RateCounter)
                            .where(RateCounter.key == counter_key(bucket, client)))

    def prune(self, bucket: str, rate: Rate) -> int:
        """Delete the bucket's rows from windows before the current one; returns how many."""
        window = int(self._clock() // rate.seconds)
        # LIKE would treat _ and % in bucket names as wildcards; a range on the key does not
        low, high = f"{bucket}:", f"{bucket};"
        with self._sessions() as session, session.begin():
            result = session.execute(delete(RateCounter).where(
                RateCounter.key >= low, RateCounter.key < high, RateCounter.window < window))
            return int(getattr(result, "rowcount", 0) or 0)

    def _count(self, key: str, window: int) -> int:
        """The key's count in this window after adding one, in one transaction."""
        for _ in range(3):
            try:
                with self._sessions() as session, session.begin():
                    # the UPDATE comes first: it takes the write lock (SQLite) or the row lock
                    # before anything is read, so parallel hits queue instead of racing
                    changed = session.execute(
                        update(RateCounter).where(RateCounter.key == key).values(
                            count=case((RateCounter.window == window, RateCounter.count + 1),
                                       else_=1),
                            window=window,
                        ).execution_options(synchronize_session=False))
                    if not getattr(changed, "rowcount", 0):
                        session.execute(insert(RateCounter).values(key=key, window=window,
                                                                   count=1))
                        return 1
                    return int(session.scalar(
                        select(RateCounter.count).where(RateCounter.key == key)) or 0)
            except IntegrityError:  # another worker inserted the row first: count again
                continue
        raise RuntimeError(f"rate counter {key!r} could not be updated")
