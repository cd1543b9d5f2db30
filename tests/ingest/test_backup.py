"""`python -m ingest export --backup` / `import`: a full backup round-trips, byte for byte.

Every command runs in a real subprocess on data directories under tmp, with the fake embedder
(EMBEDDING_MODEL=tests.fakes:FakeEmbedder) except one restore on the real default model.
"""
from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sqlalchemy import create_engine, func, select

from knowledge.backup import columns, tables
from knowledge.models import Practice, Region, Submission
from tests import backends
from tests.conftest import make_config
from tests.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]
FAKE = "tests.fakes:FakeEmbedder"
ACCOUNT, PASSWORD = "ana.backup-7q2@region.example", "correct horse battery staple"
CONTACT = "maria.backup-k4z9@example.org"
OTHER_CONTACT = "jean.backup-w8m1@example.org"
REASON = "Rejected: REASON-u3v7 out of scope"
COMMENT = "COMMENT-p5r2 η ομάδα μας"
GREEK = {
    "title": "Κέντρο υποδοχής και ένταξης μεταναστών", "region": "Κρήτη", "country": "GR",
    "language": "el", "summary": "Η περιφέρεια άνοιξε κέντρο συμβουλευτικής για πρόσφυγες "
                                 "με δίκτυο εθελοντών διερμηνέων.",
    "challenges": "Έλλειψη διερμηνέων στα νοσοκομεία.",
    "solutions": "Δίκτυο εθελοντών διερμηνέων.", "areas": ["employment", "language"],
    "target_groups": ["asylum_seekers"], "authority_role": ["leader"], "start_year": 2019,
    "contact": {"name": "Μαρία Παπαδάκη", "organisation": "Περιφέρεια Κρήτης",
                "email": CONTACT}, "consent": True,
}
FRENCH = {
    "title": "Cafés linguistiques pour nouveaux arrivants", "region": "Bretagne",
    "country": "FR", "language": "fr", "summary": "Des cafés de conversation chaque semaine.",
    "lessons_learnt": "Les bénévoles restent quand ils sont formés.",
    "contact": {"name": "Jean Dupont", "email": OTHER_CONTACT}, "consent": True,
}
ANSWERS = {"authority_role": ["leader"], "areas": ["labour_market"],
           "target_groups": ["third_country_nationals"], "scale": "regional",
           "stage": "pilot", "evaluated": "internal", "comments": COMMENT}


def cli(data_dir: Path, *args: str, model: str | None = FAKE) -> subprocess.CompletedProcess[str]:
    """`python -m ingest ARGS` in a subprocess on data_dir."""
    # the same stores as make_config(data_dir): SQLite, or the test servers under the switch
    env = backends.child_env(make_config(data_dir), {**os.environ, "HF_HUB_OFFLINE": "1"})
    env.pop("EMBEDDING_MODEL", None)
    if model:
        env["EMBEDDING_MODEL"] = model
    return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def make_app(data_dir: Path, embedder: Any = None) -> Any:
    from web import create_app
    return create_app(make_config(data_dir, LAB_EMBEDDER=embedder or FakeEmbedder()))


class Down:
    """A mailer whose server refuses every connection."""

    def send(self, to: str, subject: str, body: str) -> None:
        raise ConnectionRefusedError("smtp.example.org:587 refused the connection")


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The demo data plus a moderated Greek submission, a rejection, an account, mail, a chat."""
    data = tmp_path_factory.mktemp("original")
    ok(cli(data, "demo"))
    app = make_app(data)
    lab = app.extensions["lab"]
    service = lab.submissions
    lab.accounts.create(ACCOUNT, PASSWORD, name="Ána Backup")
    lab.accounts.authenticate(ACCOUNT, PASSWORD)
    pid = service.submit(dict(GREEK), lang="el").practice_id
    service.start_review(pid, ACCOUNT)
    service.update(pid, {"title": "Κέντρο υποδοχής και ένταξης στην Κρήτη"}, ACCOUNT)
    service.set_translation(pid, "en", {"title": "Reception centre in Crete",
                                        "summary": "A counselling centre for refugees."},
                            ACCOUNT)
    service.set_evaluation(pid, {"inclusion": {"inspiring": "Διερμηνείς παντού.",
                                               "improvement": "Περισσότεροι εθελοντές."}},
                           ACCOUNT)
    link = service.send_questionnaire(pid, ACCOUNT)
    service.answer_questionnaire(link.rsplit("/", 1)[1], ANSWERS)
    service.publish(pid, ACCOUNT)
    rejected = service.submit(dict(FRENCH), lang="fr").practice_id
    service.send_questionnaire(rejected, ACCOUNT)  # never answered: its nonce stays
    lab.outbox.mailer = Down()  # the rejection e-mail stays in the outbox
    service.reject(rejected, REASON, ACCOUNT)
    client = app.test_client()
    assert client.post("/api/v1/ask", json={"question": "Πώς βοηθούν οι περιφέρειες "
                                                        "τους πρόσφυγες;"}).status_code == 200
    with lab.session_factory() as session:
        private = [s.fingerprint for s in session.scalars(select(Submission))]
        private += [s.questionnaire_nonce for s in session.scalars(select(Submission))
                    if s.questionnaire_nonce]
        assert len(private) == 3  # two fingerprints, one unused questionnaire nonce
    private.append(_hash(lab))  # the stored scrypt hash
    assert lab.kb.verify().ok
    return {"dir": data, "app": app, "pid": pid, "rejected": rejected, "private": private}


def _hash(lab: Any) -> str:
    from knowledge.models import Account
    with lab.session_factory() as session:
        return str(session.scalar(select(Account.password_hash)))


@pytest.fixture(scope="module")
def backup(original, tmp_path_factory) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """`export --backup` of the original database."""
    path = tmp_path_factory.mktemp("backups") / "lab-backup.jsonl"
    out = ok(cli(original["dir"], "export", "--backup", str(path)))
    return {"path": path, "bytes": path.read_bytes(), "out": out}


@pytest.fixture(scope="module")
def restored(backup, tmp_path_factory) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The backup imported into a fresh data directory, and exported again at once."""
    data = tmp_path_factory.mktemp("restored")
    out = ok(cli(data, "import", str(backup["path"])))
    again = data.parent / "again.jsonl"
    ok(cli(data, "export", "--backup", str(again)))
    return {"dir": data, "out": out, "again": again.read_bytes()}


def rows_of(data_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every backed-up row, read with plain SQLAlchemy (not through the backup code)."""
    engine = create_engine(make_config(data_dir)["DATABASE_URL"])  # SQLite, or the switch's
    with engine.connect() as conn:
        found = {t.name: [tuple(r) for r in conn.execute(
            select(*columns(t)).order_by(*t.primary_key.columns))] for t in tables()}
    engine.dispose()
    return found


def test_export_import_export_gives_identical_bytes(backup, restored) -> None:
    assert backup["bytes"] == restored["again"]
    assert stat.S_IMODE(backup["path"].stat().st_mode) == 0o600
    assert "mode 0600" in backup["out"] and "password hashes" in backup["out"]
    assert "index in step with the database" in restored["out"]
    header = json.loads(backup["bytes"].split(b"\n")[0])
    counts = header["counts"]
    assert counts["practice"] == 38 and counts["submission"] == 2 and counts["account"] == 1
    assert counts["conversation"] == 1 and counts["outbox_message"] >= 4
    assert counts["audit_entry"] >= 9 and counts["glossary_entry"] > 0
    assert "embedding_cache" in header["excluded"]["tables"]


def test_the_restored_database_holds_every_row_of_the_original(original, restored) -> None:
    before, after = rows_of(original["dir"]), rows_of(restored["dir"])
    assert before == after and all(before[t] for t in before)
    text = json.dumps(after, default=str, ensure_ascii=False)
    for value in (CONTACT, REASON, COMMENT, "Reception centre in Crete", *original["private"]):
        assert value in text
    status = [c.name for c in columns(tables()[[t.name for t in tables()].index(
        "outbox_message")])].index("status")
    assert {"pending", "sent"} <= {row[status] for row in after["outbox_message"]}


def test_search_and_sign_in_work_after_the_restore(original, restored) -> None:
    assert "index in step" in ok(cli(restored["dir"], "verify"))
    lab = make_app(restored["dir"]).extensions["lab"]
    matches = lab.retriever.retrieve("εθελοντών διερμηνέων Κρήτη", k=5)
    found = {m.practice_id: m for m in matches}
    assert original["pid"] in found
    assert found[original["pid"]].dense_rank is not None  # Chroma was rebuilt
    assert found[original["pid"]].lexical_rank is not None  # and the word index
    assert lab.stack.lexical.search("διερμηνέων")[0].practice_id == original["pid"]
    assert lab.accounts.authenticate(ACCOUNT, PASSWORD).name == "Ána Backup"
    from knowledge.errors import AuthError
    with pytest.raises(AuthError):
        lab.accounts.authenticate(ACCOUNT, "not the password at all")


def test_a_database_with_data_is_refused_and_replace_restores_exactly(backup, tmp_path
                                                                      ) -> None:
    data = tmp_path / "busy"
    ok(cli(data, "regions", str(ROOT / "demo" / "regions.json")))
    gz = tmp_path / "copy.jsonl.gz"
    gz.write_bytes(gzip.compress(backup["bytes"]))
    refused = cli(data, "import", str(gz))
    assert refused.returncode == 2 and refused.stdout == ""
    assert "the database is not empty (6 region)" in refused.stderr
    assert "--replace" in refused.stderr
    engine = create_engine(make_config(data)["DATABASE_URL"])
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Region)) == 6
        assert conn.scalar(select(func.count()).select_from(Practice)) == 0
    engine.dispose()
    assert "index in step" in ok(cli(data, "import", "--replace", str(gz)))
    ok(cli(data, "export", "--backup", str(tmp_path / "after.jsonl")))
    assert (tmp_path / "after.jsonl").read_bytes() == backup["bytes"]


def test_gzip_backups_are_stable_and_private(original, backup, tmp_path) -> None:
    first, second = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    second.write_text("an older file anyone could read")
    second.chmod(0o644)
    ok(cli(original["dir"], "export", "--backup", str(first)))
    ok(cli(original["dir"], "export", "--backup", str(second)))
    assert first.read_bytes() == second.read_bytes()
    assert gzip.decompress(first.read_bytes()) == backup["bytes"]
    assert stat.S_IMODE(second.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    mixed = cli(original["dir"], "export", "--backup", "--public", str(tmp_path / "c.jsonl"))
    wrong = cli(original["dir"], "export", "--backup", str(tmp_path / "c.csv"))
    assert mixed.returncode == 2 and "cannot be combined" in mixed.stderr
    assert wrong.returncode == 2 and "*.jsonl or *.jsonl.gz" in wrong.stderr
    assert not (tmp_path / "c.jsonl").exists() and not (tmp_path / "c.csv").exists()


def _corrupt(data: bytes) -> dict[str, tuple[bytes, list[str]]]:
    """Damaged copies of a backup and what the import must say about each."""
    header, *items = [json.loads(line) for line in data.decode().splitlines()]
    line = {t: next(n for n, i in enumerate(items, 2) if i["table"] == t)
            for t in ("practice", "submission")}

    def text(head: dict[str, Any], rows: list[dict[str, Any]]) -> bytes:
        return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in [head, *rows]).encode()

    no_title = json.loads(json.dumps(items))
    del no_title[line["practice"] - 2]["row"]["title"]
    dangling = json.loads(json.dumps(items))
    dangling[line["submission"] - 2]["row"]["practice_id"] = "no-such-practice"
    cut = len(data) * 3 // 5
    last = data[:cut].count(b"\n") + 1
    return {
        "truncated": (data[:cut], [f"line {last}: not valid JSON (the file ends inside this "
                                   "line: truncated?)", "sha256"]),
        "wrong version": (text({**header, "version": 7}, items),
                          ["line 1: version: this app reads version 1, the file is version 7 "
                           "(made by a newer version of the app)"]),
        "row missing a column": (text(header, no_title),
                                 [f"line {line['practice']}: practice row 1: title: missing"]),
        "dangling reference": (text(header, dangling),
                               [f"line {line['submission']}: submission row 1: practice_id: "
                                "'no-such-practice' is not a practice in the backup"]),
        "truncated gzip": (gzip.compress(data)[:-100], ["not a complete gzip file"]),
    }


def test_a_damaged_backup_is_refused_and_the_database_left_untouched(original, backup,
                                                                     tmp_path) -> None:
    for name, (content, messages) in _corrupt(backup["bytes"]).items():
        path = tmp_path / f"{name.replace(' ', '-')}.jsonl"
        path.write_bytes(content)
        result = cli(original["dir"], "import", "--replace", str(path))
        assert result.returncode in (1, 2), (name, result.stderr)
        assert result.stdout == "" and "Traceback" not in result.stderr, name
        for message in messages:
            assert message in result.stderr, (name, result.stderr)
        if name != "truncated gzip":
            assert "nothing was restored" in result.stderr, name
    ok(cli(original["dir"], "export", "--backup", str(tmp_path / "still.jsonl")))
    assert (tmp_path / "still.jsonl").read_bytes() == backup["bytes"]


def test_no_other_export_carries_a_secret(original, tmp_path) -> None:
    secrets = [ACCOUNT, CONTACT, OTHER_CONTACT, REASON, COMMENT, "scrypt$",
               *original["private"]]
    for name in ("public.json", "public.csv", "public.jsonl"):
        ok(cli(original["dir"], "export", str(tmp_path / name), "--public"))
    ok(cli(original["dir"], "export", str(tmp_path / "coordinators.json")))
    client = original["app"].test_client()
    texts = {name: (tmp_path / name).read_text(encoding="utf-8-sig")
             for name in ("public.json", "public.csv", "public.jsonl")}
    for url in ("/practices/export.csv", "/practices/export.json", "/api/v1/search?limit=100",
                f"/api/v1/practices/{original['pid']}"):
        response = client.get(url)
        assert response.status_code == 200, url
        texts[url] = response.get_data(as_text=True)
    for name, text in texts.items():
        assert original["pid"] in text, name  # the moderated practice is in each of them
        assert not [s for s in secrets if s in text], name
    plain = (tmp_path / "coordinators.json").read_text(encoding="utf-8")
    assert CONTACT in plain  # the coordinators' export keeps contacts, as before
    assert not [s for s in secrets if s not in (CONTACT, OTHER_CONTACT) and s in plain]


@pytest.mark.integration
def test_a_restore_on_the_real_model_answers_in_greek(original, backup, tmp_path,
                                                      real_embedder) -> None:
    data = tmp_path / "real"
    out = ok(cli(data, "import", str(backup["path"]), model=None))
    assert "index in step with the database" in out
    lab = make_app(data, real_embedder).extensions["lab"]
    answer = lab.assistant.ask("Πώς βοήθησε η Κρήτη με διερμηνείς για πρόσφυγες;")
    assert answer.lang == "el" and answer.found
    assert original["pid"] in [s["id"] for s in answer.sources]
