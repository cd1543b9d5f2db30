"""`send-mail`: deliver the e-mails waiting in the outbox (after an SMTP outage, say)."""
from __future__ import annotations

from typing import Any

from knowledge.outbox import Outbox, mailer_from_settings

from .accounts_cli import open_sessions
from .cli import EXIT_INVALID, EXIT_OK


def add_parsers(sub: Any) -> None:
    """Register the mail subcommand on the `python -m ingest` subparsers."""
    m = sub.add_parser("send-mail", help="deliver the e-mails waiting in the outbox now")
    m.add_argument("--retry-failed", action="store_true",
                   help="also retry messages that gave up after repeated failures")
    m.set_defaults(handler=run)


def run(args: Any, out: Any, err: Any) -> int:
    """Deliver pending messages; exit 1 when some are still waiting."""
    from web.config import Config
    outbox = Outbox(open_sessions(), mailer_from_settings(Config().as_mapping()))
    revived = outbox.retry_failed() if args.retry_failed else 0
    sent = 0
    while True:
        batch = outbox.deliver_pending()
        sent += batch
        if batch == 0:
            break
    waiting = outbox.pending_count()
    print(f"sent {sent} e-mails" + (f" ({revived} failed ones retried)" if revived else "")
          + (f"; {waiting} still waiting (see the log for the errors)" if waiting else ""),
          file=out)
    return EXIT_INVALID if waiting else EXIT_OK
