"""Coordinator accounts: scrypt password hashes, sign-in with failure counting and lockout."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .errors import AuthError, FieldError, NotFoundError
from .models import Account, utcnow
from .schema import EMAIL_PATTERN

ROLES = ("coordinator", "observer")
MIN_PASSWORD = 12
# scrypt's cost grows with the input only linearly, but a megabyte "password" is never real
MAX_PASSWORD = 1024
MAX_EMAIL, MAX_NAME = 320, 200
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES = 2**14, 8, 1, 16, 32
# room for stored hashes made with costlier parameters than today's (128 * r * n bytes)
_MAXMEM = 256 * 1024 * 1024


@dataclass(frozen=True)
class AccountView:
    """What callers may see of an account: never the password hash."""

    id: int
    email: str
    name: str
    role: str
    active: bool
    last_login_at: datetime | None


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes for aware columns: they were stored as UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def hash_password(password: str) -> str:
    """A self-describing scrypt hash: `scrypt$n$r$p$salt_b64$hash_b64`."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return "$".join(("scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     _b64(salt), _b64(key)))


def verify_password(password: str, stored: str) -> bool:
    """True when password matches the stored hash (constant-time compare); False if malformed."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key, validate=True)
        actual = _scrypt(password, base64.b64decode(salt, validate=True),
                         int(n), int(r), int(p), len(expected))
    except ValueError:  # wrong field count, bad base64 or numbers, parameters scrypt refuses
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=_MAXMEM, dklen=dklen)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _needs_rehash(stored: str) -> bool:
    return not stored.startswith(f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$")


def normalise_email(email: object) -> str:
    """The e-mail stripped and lower-cased; FieldError("email") when it is not an address."""
    text = email.strip().lower() if isinstance(email, str) else ""
    if not text or len(text) > MAX_EMAIL or not EMAIL_PATTERN.match(text):
        raise FieldError("email", f"{email!r} is not a valid e-mail address", email,
                         code="invalid_email")
    return text


def check_password(password: object) -> str:
    """The password if long enough; the error carries its length, never the password."""
    if not isinstance(password, str):
        raise FieldError("password", f"must be text, got {type(password).__name__}",
                         None, code="invalid")
    if len(password) < MIN_PASSWORD:
        raise FieldError("password", f"must be at least {MIN_PASSWORD} characters, got "
                         f"{len(password)}", len(password), code="password_too_short",
                         params={"min": MIN_PASSWORD})
    if len(password) > MAX_PASSWORD:
        raise FieldError("password", f"must be at most {MAX_PASSWORD} characters, got "
                         f"{len(password)}", len(password), code="password_too_long",
                         params={"max": MAX_PASSWORD})
    return password


def duplicate_email(address: str) -> FieldError:
    """The error for an e-mail that already has an account."""
    return FieldError("email", f"an account with e-mail {address!r} already exists", address,
                      code="duplicate")


class AccountStore:
    """Creates accounts and signs them in; `clock` lets tests move time without sleeping."""

    def __init__(self, session_factory: sessionmaker[Session], *, max_failures: int = 5,
                 lockout: timedelta = timedelta(minutes=15),
                 clock: Callable[[], datetime] = utcnow) -> None:
        if max_failures < 1:
            raise ValueError(f"max_failures must be at least 1, got {max_failures}")
        self._sessions = session_factory
        self.max_failures = max_failures
        self.lockout = lockout
        self._clock = clock

    def create(self, email: str, password: str, *, name: str = "",
               role: str = "coordinator") -> AccountView:
        """A new active account; FieldError on a bad or already used e-mail, role or password."""
        address = normalise_email(email)
        if role not in ROLES:
            raise FieldError("role", f"unknown role {role!r} (expected one of "
                             f"{', '.join(ROLES)})", role, code="unknown_value",
                             params={"allowed": ", ".join(ROLES)})
        name = (name or "").strip()
        if len(name) > MAX_NAME:
            raise FieldError("name", f"must be at most {MAX_NAME} characters, got {len(name)}",
                             name, code="too_long", params={"max": MAX_NAME})
        password_hash = hash_password(check_password(password))
        account = Account(email=address, name=name, role=role, password_hash=password_hash,
                          active=True, failed_logins=0, created_at=self._now())
        try:
            with self._sessions() as session, session.begin():
                if session.scalar(select(Account.id).where(Account.email == address)):
                    raise duplicate_email(address)
                session.add(account)
        except IntegrityError:  # created by someone else between our check and our insert
            raise duplicate_email(address) from None
        return _view(account)

    def authenticate(self, email: str, password: str) -> AccountView:
        """The account if the password is right; AuthError(bad_credentials|locked|inactive)."""
        address = email.strip().lower() if isinstance(email, str) else ""
        password = password if isinstance(password, str) else ""
        with self._sessions() as session:
            stored = session.scalar(select(Account.password_hash)
                                    .where(Account.email == address))
        # hashing happens outside any transaction, so SQLite writers never wait on scrypt;
        # an unknown address costs the same hash: no timing oracle on who has an account
        matches = verify_password(password, stored or _DUMMY_HASH)
        now = self._now()
        error: AuthError | None = None
        with self._sessions() as session, session.begin():
            account = session.scalar(select(Account).where(Account.email == address))
            if account is None:
                raise AuthError("bad_credentials", address)
            locked_until = as_utc(account.locked_until)
            if locked_until is not None and locked_until > now:
                raise AuthError("locked", address, locked_until=locked_until)
            if locked_until is not None:  # the lock has run out: a fresh count of failures
                account.failed_logins, account.locked_until = 0, None
                session.flush()
            if not matches or account.password_hash != stored:
                error = self._failed(session, account.id, address, now)
            elif not account.active:
                error = AuthError("inactive", address)
            else:
                account.failed_logins, account.last_login_at = 0, now
                if _needs_rehash(account.password_hash):  # parameters raised since stored
                    account.password_hash = hash_password(password)
        # raised after the block: an exception inside it would roll back the failure count
        if error is not None:
            raise error
        return _view(account)

    def get(self, account_id: int) -> AccountView | None:
        """The account with that id, or None."""
        with self._sessions() as session:
            account = session.get(Account, account_id)
            return _view(account) if account is not None else None

    def find(self, email: str) -> AccountView | None:
        """The account with that e-mail (any case), or None."""
        address = email.strip().lower() if isinstance(email, str) else ""
        with self._sessions() as session:
            account = session.scalar(select(Account).where(Account.email == address))
            return _view(account) if account is not None else None

    def set_password(self, email: str, password: str) -> AccountView:
        """Replace the password; also lifts a lockout (this is how a coordinator recovers)."""
        password_hash = hash_password(check_password(password))
        return self._change(email, password_hash=password_hash, failed_logins=0,
                            locked_until=None)

    def set_active(self, email: str, active: bool) -> AccountView:
        """Enable or disable sign-in for the account."""
        return self._change(email, active=bool(active))

    def list(self) -> list[AccountView]:
        """Every account, by e-mail."""
        with self._sessions() as session:
            return [_view(a) for a in session.scalars(select(Account).order_by(Account.email))]

    def _change(self, email: str, **values: object) -> AccountView:
        address = email.strip().lower() if isinstance(email, str) else ""
        with self._sessions() as session, session.begin():
            account = session.scalar(select(Account).where(Account.email == address))
            if account is None:
                raise NotFoundError("account", str(email))
            for key, value in values.items():
                setattr(account, key, value)
        return _view(account)

    def _failed(self, session: Session, account_id: int, address: str,
                now: datetime) -> AuthError:
        # an SQL increment, not read-modify-write: parallel guesses cannot lose a count
        session.execute(update(Account).where(Account.id == account_id)
                        .values(failed_logins=Account.failed_logins + 1))
        failures = session.scalar(select(Account.failed_logins).where(Account.id == account_id))
        if failures is not None and failures >= self.max_failures:
            until = now + self.lockout
            session.execute(update(Account).where(Account.id == account_id)
                            .values(locked_until=until))
            return AuthError("locked", address, locked_until=until)
        return AuthError("bad_credentials", address)

    def _now(self) -> datetime:
        now = self._clock()
        return now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)


def _view(account: Account) -> AccountView:
    return AccountView(id=account.id, email=account.email, name=account.name or "",
                       role=account.role, active=bool(account.active),
                       last_login_at=as_utc(account.last_login_at))


# a well-formed hash of nothing: checking a password against it costs one full scrypt
_DUMMY_HASH = "$".join(("scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                        _b64(secrets.token_bytes(SALT_BYTES)),
                        _b64(secrets.token_bytes(KEY_BYTES))))
