"""Rate parsing and the database-backed fixed-window limiter, on a real SQLite file."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from knowledge.errors import FieldError
from knowledge.models import RateCounter
from knowledge.ratelimit import UNLIMITED, Rate, RateDecision, RateLimiter, parse_rate


class Clock:
    """Seconds since the epoch, moved by hand."""

    def __init__(self, now: float = 1_000_020.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limiter(sessions, clock) -> RateLimiter:  # type: ignore[no-untyped-def]
    return RateLimiter(sessions, clock=clock)


def rows(sessions) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return {r.key: (r.window, r.count) for r in session.scalars(select(RateCounter))}


@pytest.mark.parametrize("text, rate", [
    ("10/hour", Rate(10, 3600)), ("5/minute", Rate(5, 60)), ("100/day", Rate(100, 86400)),
    ("3/second", Rate(3, 1)), ("20/15minutes", Rate(20, 900)), ("5/30s", Rate(5, 30)),
    (" 7 / 2 Hours ", Rate(7, 7200)), ("1/d", Rate(1, 86400)), ("4/10min", Rate(4, 600)),
])
def test_parse_rate(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "0", "off", "OFF", " off ", None])
def test_parse_rate_off_means_unlimited(text):
    assert parse_rate(text) is None


@pytest.mark.parametrize("text", ["10", "ten/hour", "10/fortnight", "10/ms", "10/", "/hour",
                                  "0/hour", "10/0minutes", "-1/hour", "10 per hour"])
def test_parse_rate_refuses_bad_text_with_the_value(text):
    with pytest.raises(FieldError) as info:
        parse_rate(text, field="LAB_RATE_SUBMIT")
    error = info.value
    assert (error.field, error.code, error.value) == ("LAB_RATE_SUBMIT", "invalid_rate", text)
    assert repr(text) in error.message


def test_fixed_window_counts_refuses_and_opens_again(limiter, sessions, clock):
    rate = Rate(3, 60)
    clock.now = 6_000_000.0 + 5  # 5 s into a window that ends at 6_000_060
    assert [limiter.hit("login", "10.0.0.1", rate) for _ in range(3)] == [
        RateDecision(True, 2, 0), RateDecision(True, 1, 0), RateDecision(True, 0, 0)]
    assert limiter.hit("login", "10.0.0.1", rate) == RateDecision(False, 0, 55)
    clock.now += 54.5
    assert limiter.hit("login", "10.0.0.1", rate) == RateDecision(False, 0, 1)
    clock.now += 1  # the next window
    assert limiter.hit("login", "10.0.0.1", rate) == RateDecision(True, 2, 0)
    # the old window was overwritten in place: one row per bucket and client
    assert rows(sessions) == {"login:10.0.0.1": (6_000_060 // 60, 1)}


def test_buckets_and_clients_are_counted_apart(limiter, sessions):
    rate = Rate(1, 3600)
    assert limiter.hit("login", "a", rate).allowed
    assert not limiter.hit("login", "a", rate).allowed
    assert limiter.hit("login", "b", rate).allowed
    assert limiter.hit("submit", "a", rate).allowed
    assert {k: c for k, (_, c) in rows(sessions).items()} == {
        "login:a": 2, "login:b": 1, "submit:a": 1}


def test_no_rate_allows_everything_and_writes_nothing(limiter, sessions):
    for _ in range(5):
        assert limiter.hit("login", "a", None) == RateDecision(True, UNLIMITED, 0)
    assert rows(sessions) == {}


def test_reset_clears_one_client(limiter, sessions):
    rate = Rate(2, 900)
    for _ in range(3):
        limiter.hit("login", "a", rate)
    limiter.hit("login", "b", rate)
    limiter.reset("login", "a")
    assert limiter.hit("login", "a", rate) == RateDecision(True, 1, 0)
    assert rows(sessions)["login:b"][1] == 1


def test_long_keys_are_hashed_to_fit_and_stay_apart(limiter, sessions):
    rate = Rate(1, 60)
    common = "x" * 250
    assert limiter.hit("login", common + "1", rate).allowed
    assert limiter.hit("login", common + "2", rate).allowed
    assert not limiter.hit("login", common + "1", rate).allowed
    keys = list(rows(sessions))
    assert len(keys) == 2
    assert all(len(k) <= 200 and k.startswith("login:#") for k in keys)
    assert limiter.hit("b" * 300, "client", rate).allowed  # even a huge bucket name fits
    assert max(len(k) for k in rows(sessions)) <= 200


def test_prune_drops_old_windows_of_one_bucket_only(limiter, sessions, clock):
    rate = Rate(5, 60)
    limiter.hit("login", "old", rate)
    limiter.hit("login_x", "old", rate)  # "_" must not act as a wildcard
    limiter.hit("submit", "old", rate)
    clock.now += 120
    limiter.hit("login", "new", rate)
    assert limiter.prune("login", rate) == 1
    assert sorted(rows(sessions)) == ["login:new", "login_x:old", "submit:old"]


def test_parallel_hits_on_one_key_allow_exactly_the_limit(limiter, sessions):
    rate = Rate(5, 3600)
    start = threading.Barrier(8)
    decisions: list[RateDecision] = []
    lock = threading.Lock()

    def client() -> None:
        start.wait()
        for _ in range(3):
            decision = limiter.hit("submit", "203.0.113.9", rate)
            with lock:
                decisions.append(decision)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(decisions) == 24
    assert sum(d.allowed for d in decisions) == 5
    assert sorted(d.remaining for d in decisions if d.allowed) == [0, 1, 2, 3, 4]
    assert rows(sessions)["submit:203.0.113.9"][1] == 24
