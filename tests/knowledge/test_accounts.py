"""Accounts on a real SQLite file: hashing, validation, failure counting, lockout, clock."""
from __future__ import annotations

import base64
import hashlib
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from knowledge.accounts import (
    ROLES,
    AccountStore,
    AccountView,
    hash_password,
    verify_password,
)
from knowledge.errors import AuthError, FieldError, NotFoundError
from knowledge.models import Account

PASSWORD = "correct horse battery"
START = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(sessions, clock) -> AccountStore:  # type: ignore[no-untyped-def]
    return AccountStore(sessions, max_failures=3, lockout=timedelta(minutes=15), clock=clock)


def row(sessions, email: str) -> Account:  # type: ignore[no-untyped-def]
    with sessions() as session:
        account = session.scalar(select(Account).where(Account.email == email))
        assert account is not None
        return account


def test_create_stores_a_salted_scrypt_hash_and_shows_no_hash(store, sessions):
    view = store.create("  Ana.Lopez@Example.ORG ", PASSWORD, name=" Ana López ")
    assert view == AccountView(id=view.id, email="ana.lopez@example.org", name="Ana López",
                               role="coordinator", active=True, last_login_at=None)
    assert not any("scrypt" in str(v) for v in vars(view).values())
    stored = row(sessions, "ana.lopez@example.org").password_hash
    scheme, n, r, p, salt, key = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(base64.b64decode(salt)) == 16
    assert PASSWORD not in stored
    other = store.create("bob@example.org", PASSWORD, role="observer")
    assert other.role == "observer" and ROLES == ("coordinator", "observer")
    assert row(sessions, "bob@example.org").password_hash.split("$")[4:] != [salt, key]


def test_hash_round_trip_and_malformed_hashes():
    stored = hash_password(PASSWORD)
    assert verify_password(PASSWORD, stored)
    assert not verify_password(PASSWORD + "!", stored)
    for broken in ("", "plain", stored.replace("scrypt", "bcrypt"), stored + "$x",
                   "scrypt$0$8$1$AAAA$AAAA", "scrypt$16384$8$1$%%%$AAAA"):
        assert not verify_password(PASSWORD, broken), broken


@pytest.mark.parametrize("email", ["", "ana", "ana@", "ana@example", "a b@example.org",
                                   "<ana@example.org>", "x" * 320 + "@example.org"])
def test_invalid_email_is_refused_with_the_value(store, email):
    with pytest.raises(FieldError) as info:
        store.create(email, PASSWORD)
    assert (info.value.field, info.value.code, info.value.value) == ("email", "invalid_email",
                                                                   email)
    assert store.list() == []


def test_password_shorter_than_12_is_refused_without_echoing_it(store):
    with pytest.raises(FieldError) as info:
        store.create("ana@example.org", "elevenchars")
    error = info.value
    assert (error.field, error.code, error.params) == ("password", "password_too_short",
                                                       {"min": 12})
    assert "11" in error.message and "elevenchars" not in str(error)
    assert store.create("ana@example.org", "twelve chars").email == "ana@example.org"


def test_duplicate_email_in_any_case_and_unknown_role(store):
    store.create("ana@example.org", PASSWORD)
    with pytest.raises(FieldError) as info:
        store.create("ANA@example.org", PASSWORD)
    assert (info.value.field, info.value.code, info.value.value) == ("email", "duplicate",
                                                                   "ana@example.org")
    with pytest.raises(FieldError) as info:
        store.create("bob@example.org", PASSWORD, role="admin")
    assert (info.value.field, info.value.code, info.value.value) == ("role", "unknown_value",
                                                                   "admin")
    assert [a.email for a in store.list()] == ["ana@example.org"]


def test_authenticate_records_the_login_as_aware_utc(store, sessions, clock):
    created = store.create("ana@example.org", PASSWORD)
    clock.advance(hours=2)
    view = store.authenticate(" Ana@Example.org", PASSWORD)
    assert view.id == created.id and view.last_login_at == START + timedelta(hours=2)
    # read back from SQLite, which returns naive datetimes
    again = store.get(created.id)
    assert again is not None and again.last_login_at == START + timedelta(hours=2)
    assert again.last_login_at.tzinfo is not None
    assert store.get(created.id + 100) is None


def test_a_naive_clock_is_taken_as_utc(sessions):
    naive = AccountStore(sessions, clock=lambda: datetime(2026, 1, 2, 3, 4))
    naive.create("ana@example.org", PASSWORD)
    view = naive.authenticate("ana@example.org", PASSWORD)
    assert view.last_login_at == datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)


def test_wrong_password_counts_then_locks_even_the_right_password(store, sessions, clock):
    store.create("ana@example.org", PASSWORD)
    for expected in (1, 2):
        with pytest.raises(AuthError) as info:
            store.authenticate("ana@example.org", "wrong password!")
        assert info.value.reason == "bad_credentials"
        assert row(sessions, "ana@example.org").failed_logins == expected
    with pytest.raises(AuthError) as info:
        store.authenticate("ana@example.org", "wrong password!")
    assert info.value.reason == "locked"
    assert info.value.locked_until == START + timedelta(minutes=15)
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AuthError) as info:
        store.authenticate("ana@example.org", PASSWORD)
    assert info.value.reason == "locked"
    assert info.value.locked_until == START + timedelta(minutes=15)
    clock.advance(seconds=2)
    assert store.authenticate("ana@example.org", PASSWORD).email == "ana@example.org"
    account = row(sessions, "ana@example.org")
    assert (account.failed_logins, account.locked_until) == (0, None)


def test_after_a_lock_runs_out_failures_count_from_zero(store, clock):
    store.create("ana@example.org", PASSWORD)
    for _ in range(3):
        with pytest.raises(AuthError):
            store.authenticate("ana@example.org", "wrong password!")
    clock.advance(minutes=16)
    with pytest.raises(AuthError) as info:
        store.authenticate("ana@example.org", "wrong password!")
    assert info.value.reason == "bad_credentials"


def test_success_resets_the_failure_count(store, sessions):
    store.create("ana@example.org", PASSWORD)
    for _ in range(2):
        with pytest.raises(AuthError):
            store.authenticate("ana@example.org", "wrong password!")
    store.authenticate("ana@example.org", PASSWORD)
    assert row(sessions, "ana@example.org").failed_logins == 0
    with pytest.raises(AuthError) as info:
        store.authenticate("ana@example.org", "wrong password!")
    assert info.value.reason == "bad_credentials"  # not locked: the count started again


def test_inactive_account_is_refused_only_with_the_right_password(store):
    store.create("ana@example.org", PASSWORD)
    assert store.set_active("ana@example.org", False).active is False
    with pytest.raises(AuthError) as info:
        store.authenticate("ana@example.org", PASSWORD)
    assert info.value.reason == "inactive"
    with pytest.raises(AuthError) as info:
        store.authenticate("ana@example.org", "wrong password!")
    assert info.value.reason == "bad_credentials"
    store.set_active("ANA@example.org", True)
    assert store.authenticate("ana@example.org", PASSWORD).active is True


def test_unknown_email_is_bad_credentials_and_costs_a_hash(store):
    store.create("ana@example.org", PASSWORD)
    with pytest.raises(AuthError) as info:
        store.authenticate("nobody@example.org", PASSWORD)
    assert (info.value.reason, info.value.email) == ("bad_credentials", "nobody@example.org")
    stored = hash_password(PASSWORD)

    def fastest(action) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(3):
            began = time.perf_counter()
            try:
                action()
            except AuthError:
                pass
            times.append(time.perf_counter() - began)
        return min(times)

    one_hash = fastest(lambda: verify_password(PASSWORD, stored))
    unknown = fastest(lambda: store.authenticate("nobody@example.org", PASSWORD))
    # without the dummy hash an unknown address answers in about a millisecond
    assert unknown >= 0.5 * one_hash, (unknown, one_hash)


def test_set_password_replaces_it_and_lifts_a_lockout(store):
    store.create("ana@example.org", PASSWORD)
    for _ in range(3):
        with pytest.raises(AuthError):
            store.authenticate("ana@example.org", "wrong password!")
    store.set_password("Ana@example.org", "a brand new passphrase")
    assert store.authenticate("ana@example.org", "a brand new passphrase")
    with pytest.raises(AuthError) as info:
        store.authenticate("ana@example.org", PASSWORD)
    assert info.value.reason == "bad_credentials"
    with pytest.raises(FieldError) as short:
        store.set_password("ana@example.org", "short")
    assert short.value.code == "password_too_short"
    with pytest.raises(NotFoundError) as missing:
        store.set_password("nobody@example.org", "a brand new passphrase")
    assert missing.value.key == "nobody@example.org"


def test_list_and_find(store):
    store.create("zoe@example.org", PASSWORD, role="observer")
    store.create("ana@example.org", PASSWORD)
    assert [(a.email, a.role) for a in store.list()] == [("ana@example.org", "coordinator"),
                                                       ("zoe@example.org", "observer")]
    found = store.find("ZOE@example.org")
    assert found is not None and found.role == "observer"
    assert store.find("nobody@example.org") is None


def test_an_older_hash_is_upgraded_at_sign_in(store, sessions):
    store.create("ana@example.org", PASSWORD)
    salt = b"0123456789abcdef"
    old = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**10, r=8, p=1, dklen=32)
    legacy = "$".join(("scrypt", str(2**10), "8", "1", base64.b64encode(salt).decode(),
                       base64.b64encode(old).decode()))
    with sessions() as session, session.begin():
        session.scalar(select(Account)).password_hash = legacy
    store.authenticate("ana@example.org", PASSWORD)
    upgraded = row(sessions, "ana@example.org").password_hash
    assert upgraded.startswith(f"scrypt${2**14}$8$1$") and verify_password(PASSWORD, upgraded)


def test_parallel_wrong_passwords_are_all_counted(sessions, clock):
    store = AccountStore(sessions, max_failures=100, clock=clock)
    store.create("ana@example.org", PASSWORD)
    start = threading.Barrier(6)
    reasons: list[str] = []

    def guess() -> None:
        start.wait()
        try:
            store.authenticate("ana@example.org", "wrong password!")
        except AuthError as exc:
            reasons.append(exc.reason)

    threads = [threading.Thread(target=guess) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert reasons == ["bad_credentials"] * 6
    assert row(sessions, "ana@example.org").failed_logins == 6
