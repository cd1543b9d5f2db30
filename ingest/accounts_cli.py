"""`create-coordinator` and `set-password`: they open the database only (no model, no Chroma)."""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from knowledge.accounts import (
    ROLES,
    AccountStore,
    check_password,
    duplicate_email,
    normalise_email,
)
from knowledge.errors import FieldError, NotFoundError

from .cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE


class PasswordInputError(Exception):
    """The password could not be read (no terminal, or the two entries differ)."""

    def __init__(self, message: str, exit_code: int) -> None:
        self.exit_code = exit_code
        super().__init__(message)


def add_parsers(sub: Any) -> None:
    """Register the account subcommands on the `python -m ingest` subparsers."""
    c = sub.add_parser("create-coordinator", help="create an account that signs in at /admin")
    c.add_argument("email")
    c.add_argument("--name", default="", help="the person's name, shown in the audit trail")
    c.add_argument("--role", default="coordinator", choices=ROLES)
    c.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input")
    c.set_defaults(handler=run)
    s = sub.add_parser("set-password", help="replace an account's password (lifts a lockout)")
    s.add_argument("email")
    s.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input")
    s.set_defaults(handler=run)


def open_sessions() -> sessionmaker[Session]:
    """A session factory on the configured database (DATABASE_URL or LAB_DATA_DIR/lab.db)."""
    from knowledge.db import init_db, make_engine, make_session_factory
    from web.config import Config
    engine = make_engine(str(Config().DATABASE_URL))
    init_db(engine)
    return make_session_factory(engine)


def read_password(from_stdin: bool, stdin: Any = None) -> str:
    """One line of stdin, or asked twice on the terminal; PasswordInputError otherwise."""
    stdin = stdin or sys.stdin
    if from_stdin:
        return stdin.readline().rstrip("\r\n")
    if not stdin.isatty():
        raise PasswordInputError("no terminal to ask for the password on: pipe it in with "
                                 "--password-stdin", EXIT_USAGE)
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat the password: ") != password:
        raise PasswordInputError("the two passwords differ; nothing was changed", EXIT_INVALID)
    return password


def run(args: argparse.Namespace, out: Any, err: Any) -> int:
    """Execute create-coordinator or set-password; returns the exit status."""
    try:
        # check what can be checked before asking for the password
        email = normalise_email(args.email)
        store = AccountStore(open_sessions())
        exists = store.find(email) is not None
        if args.command == "set-password" and not exists:
            raise NotFoundError("account", email)
        if args.command == "create-coordinator" and exists:
            raise duplicate_email(email)
        password = check_password(read_password(args.password_stdin))
        if args.command == "create-coordinator":
            view = store.create(email, password, name=args.name, role=args.role)
            print(f"created {view.role} account {view.email} (id {view.id})", file=out)
        else:
            view = store.set_password(email, password)
            print(f"password changed for {view.email}", file=out)
    except FieldError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_INVALID
    except NotFoundError:
        print(f"error: no account with e-mail {args.email!r} "
              "(create it with `python -m ingest create-coordinator`)", file=err)
        return EXIT_INVALID
    except PasswordInputError as exc:
        print(f"error: {exc}", file=err)
        return exc.exit_code
    return EXIT_OK
