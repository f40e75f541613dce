"""Signed tree heads, one per committed transaction: tampering with them is named, and a
case written before them (one signature per event) still opens and verifies.

main (658bc7c) had no tree heads: each event carried its own signature, so none of the
head attacks below existed there; what they test is that the one signature per
transaction now vouching for its events cannot be cut, reordered or stretched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reckon.vault import Vault
from reckon.vault.checkpoints import parse_checkpoint
from reckon.vault.heads import attest, check_attested
from reckon.vault.log import parse_line
from reckon.vault.verify import verify_vault

from .conftest import PASSPHRASE

V1_CASE = Path(__file__).parent.parent / "data" / "vault_v1"


@pytest.fixture
def batched(tmp_path: Path) -> Path:
    """Four transactions: the founder's key, a batch of three, one event, a batch of two."""
    root = tmp_path / "case"
    v = Vault.create(root, author="A", passphrase=PASSPHRASE)
    v.append_events([("note", {"n": i}) for i in range(3)])
    v.append_event("note", {"n": 3})
    v.append_events([("note", {"n": 4}), ("note", {"n": 5})])
    return root


def _heads(case: Path) -> list[bytes]:
    return (case / "vault/log/heads.log").read_bytes().splitlines(keepends=True)


def _faults(case: Path) -> list[str]:
    return verify_vault(case).faults


def test_one_signed_head_per_transaction(batched: Path) -> None:
    report = verify_vault(batched)
    assert report.ok, report.faults
    assert (report.events, report.heads) == (7, 4)
    heads = [parse_checkpoint(line.rstrip(), "") for line in _heads(batched)]
    assert [(h.first, h.size) for h in heads] == [(1, 1), (2, 4), (5, 5), (6, 7)]
    # the lines carry no signature of their own: the head signs them
    lines = (batched / "vault/log/events.log").read_bytes().splitlines()
    assert all(line.startswith(b"{") for line in lines)


def test_an_edited_event_in_a_batch_is_named(batched: Path) -> None:
    log = batched / "vault/log/events.log"
    lines = log.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b'"n":1', b'"n":9')
    log.write_bytes(b"".join(lines))
    faults = _faults(batched)
    assert any("tree head 2" in f and "events 2-4 are not the ones it signed" in f for f in faults)


def test_a_cut_head_signature_is_named(batched: Path) -> None:
    heads = _heads(batched)
    heads[1] = heads[1][64:]  # half the signature gone
    (batched / "vault/log/heads.log").write_bytes(b"".join(heads))
    faults = _faults(batched)
    assert any(f.startswith("tree head 2") for f in faults), faults


def test_a_head_signed_by_another_key_is_named(batched: Path, tmp_path: Path) -> None:
    other = Vault.create(tmp_path / "other", author="intruder", passphrase=PASSPHRASE)
    heads = _heads(batched)
    cp = parse_checkpoint(heads[2].rstrip(), "")
    forged = other.unlock().sign(cp.body).hex().encode() + b" " + cp.body + b"\n"
    heads[2] = forged
    (batched / "vault/log/heads.log").write_bytes(b"".join(heads))
    assert any("tree head 3" in f and "bad signature" in f for f in _faults(batched))


def test_reordered_heads_are_named(batched: Path) -> None:
    heads = _heads(batched)
    heads[2], heads[3] = heads[3], heads[2]
    (batched / "vault/log/heads.log").write_bytes(b"".join(heads))
    assert any("reordered" in f for f in _faults(batched))


def test_cut_heads_leave_events_nobody_signed(batched: Path) -> None:
    (batched / "vault/log/heads.log").write_bytes(b"".join(_heads(batched)[:-1]))
    faults = _faults(batched)
    assert any(f.startswith("events 6-7: no signed tree head covers them") for f in faults)


def test_a_truncated_log_is_named_by_its_heads(batched: Path) -> None:
    log = batched / "vault/log/events.log"
    log.write_bytes(b"".join(log.read_bytes().splitlines(keepends=True)[:-1]))
    faults = _faults(batched)
    assert any("tree head 4" in f and "truncated" in f for f in faults)


def test_an_event_added_by_hand_is_covered_by_no_head(batched: Path) -> None:
    vault = Vault.open(batched)
    last = list(vault.events())[-1]
    from reckon.vault.log import make_body

    body = make_body(8, last.hash, "note", {"n": "forged"}, last.author, last.time)
    with (batched / "vault/log/events.log").open("ab") as fh:
        fh.write(body + b"\n")
    faults = _faults(batched)
    assert any(f.startswith("events 8-8: no signed tree head covers them") for f in faults)


def test_events_written_without_their_head_are_dropped_on_open(tmp_path: Path) -> None:
    """A crash between the events' fsync and the head's: nobody was told they were
    written, nobody signed them; the next append drops them and goes on."""
    root = tmp_path / "case"
    vault = Vault.create(root, author="A", passphrase=PASSPHRASE)
    vault.append_event("note", {"n": 1})
    log_dir = root / "vault/log"
    before = {name: (log_dir / name).read_bytes() for name in ("head.json", "heads.log")}
    vault.append_events([("note", {"n": 2}), ("note", {"n": 3})])
    torn = (log_dir / "heads.log").read_bytes()[len(before["heads.log"]) :][:40]
    (log_dir / "head.json").write_bytes(before["head.json"])  # as the crash left them
    (log_dir / "heads.log").write_bytes(before["heads.log"] + torn)
    assert not verify_vault(root).ok  # until the case is opened, the unsigned tail shows
    vault = Vault.open(root)  # opening drops them: a replay never applies them
    assert [e.payload.get("n") for e in vault.events()] == [None, 1]
    assert verify_vault(root).ok
    vault.append_event("note", {"n": "after the crash"})
    assert [e.payload.get("n") for e in vault.events()] == [None, 1, "after the crash"]
    assert verify_vault(root).ok


def test_carried_events_check_against_their_heads(batched: Path) -> None:
    vault = Vault.open(batched)
    events = list(vault.events())
    hashes = b"".join(bytes.fromhex(e.hash) for e in events)
    atts = attest(vault.heads_path, hashes, [3, 4])
    assert [(a.head.first, a.head.size) for a in atts] == [(2, 4)]
    _, faults = check_attested(events[2:4], atts, vault.identities())
    assert not faults
    edited = parse_line(events[2].body.replace(b'"n":1', b'"n":7'), "")
    assert check_attested([edited], atts, vault.identities())[1]
    assert check_attested(events[2:4], [], vault.identities())[1]  # no head, no trust


def test_a_case_written_before_tree_heads_still_verifies(tmp_path: Path) -> None:
    """The committed fixture was written by main's code (658bc7c), one signature per line."""
    case = tmp_path / "case"
    shutil.copytree(V1_CASE, case)
    report = verify_vault(case)
    assert report.ok, report.faults
    assert (report.events, report.heads) == (5, 0)
    # new events go in as version 2, under tree heads, after the old lines
    vault = Vault.open(case)
    vault.append_events([("note", {"text": "three"}), ("note", {"text": "four"})])
    report = verify_vault(case)
    assert report.ok, report.faults
    assert (report.events, report.heads) == (7, 1)
    lines = (case / "vault/log/events.log").read_bytes().splitlines()
    assert [line[:1] == b"{" for line in lines] == [False] * 5 + [True] * 2


def test_an_old_events_signature_is_still_checked(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(V1_CASE, case)
    log = case / "vault/log/events.log"
    lines = log.read_bytes().splitlines(keepends=True)
    a, b = lines[3], lines[4]
    lines[3], lines[4] = b[:128] + a[128:], a[:128] + b[128:]  # swap two signatures
    log.write_bytes(b"".join(lines))
    faults = verify_vault(case).faults
    assert any(f.startswith("event 4 (line 4): bad signature") for f in faults)


def test_carried_events_without_their_heads_are_named(batched: Path, tmp_path: Path) -> None:
    """A bundle.imported event wrapping events that no head vouches for (issue 12's nested
    unsigned events, in the new format): each carried event is named."""
    from reckon.vault.log import make_body

    vault = Vault.open(batched)
    outsider = Vault.create(tmp_path / "elsewhere", author="B", passphrase=PASSPHRASE)
    author = outsider.unlock().identity.key_id
    carried = make_body(2, "0" * 64, "note", {"n": "planted"}, author, "2026-01-01T00:00:00Z")
    vault.append_event("bundle.imported", {"bundle": "x", "events": [carried.decode()]})
    faults = _faults(batched)
    assert any(
        "imported carried event" in f and "no signed tree head covers it" in f for f in faults
    ), faults
    # the event's own case cannot vouch for it either by a head of another key's
    bad_head = Vault.open(batched).key_history()
    assert author not in bad_head.keys
