"""Offline sync: idempotent, order-independent, loss-free; replays and escapes named."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from reckon.errors import BundleError, VaultError
from reckon.vault import Vault
from reckon.vault.bundles import all_events, export_bundle, field_conflicts, import_bundle
from reckon.vault.crypt import seal_stream
from reckon.vault.verify import verify_vault


@pytest.fixture
def devices(vault: Vault, tmp_path: Path) -> tuple[Vault, Vault, str]:
    """One case copied to two devices after a checkpoint; each then works alone."""
    vault.append_event("note", {"text": "common"})
    base = vault.checkpoint().fingerprint
    shutil.copytree(vault.case_dir, tmp_path / "device-b")
    a, b = Vault.open(vault.case_dir), Vault.open(tmp_path / "device-b")
    return a, b, base


def _edit(v: Vault, value: str, base: str | None = None) -> str:
    return v.append_event(
        "record.edit", {"target": "morgue:17", "field": "age", "value": value, "base": base}
    ).hash


def _event_set(v: Vault) -> set[str]:
    return {e.hash for e in all_events(v) if e.kind != "bundle.imported"}


def test_two_devices_merge_both_ways_without_losing_either_edit(
    devices: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    a, b, base = devices
    obj = b.put_bytes(b"photo from device b")
    b.append_event("evidence.added", {"items": [{"object": obj}], "custody": {}})
    ea = _edit(a, "23")
    eb = _edit(b, "32")
    export_bundle(a, tmp_path / "a.bundle", since=base)
    export_bundle(b, tmp_path / "b.bundle", since=base)
    first = import_bundle(a, tmp_path / "b.bundle")
    assert first.new_events == 2 and first.objects == 1
    assert a.has_object(obj)
    assert [c["field"] for c in first.conflicts] == ["age"]
    import_bundle(b, tmp_path / "a.bundle")
    assert _event_set(a) == _event_set(b)  # the same events whichever order they came in
    for v in (a, b):
        (conflict,) = field_conflicts(all_events(v))
        assert conflict["events"] == {ea, eb}
        assert sorted(x["value"] for x in conflict["values"]) == ["23", "32"]
        assert verify_vault(v.case_dir).ok
    # a reviewer resolves it: one edit that replaces both
    a.append_event(
        "record.edit", {"target": "morgue:17", "field": "age", "value": "23", "base": [ea, eb]}
    )
    assert field_conflicts(all_events(a)) == []


def test_importing_twice_changes_nothing_and_names_the_replay(
    devices: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    a, b, base = devices
    b.append_event("note", {"text": "from b"})
    export_bundle(b, tmp_path / "b.bundle", since=base)
    assert import_bundle(a, tmp_path / "b.bundle").new_events == 1
    log_before = a.log_path.read_bytes()
    again = import_bundle(a, tmp_path / "b.bundle")
    assert again.replayed and again.new_events == 0
    assert a.log_path.read_bytes() == log_before
    # a different bundle carrying only known events changes nothing either
    export_bundle(b, tmp_path / "b2.bundle", since=base)
    assert import_bundle(a, tmp_path / "b2.bundle").new_events == 0
    assert a.log_path.read_bytes() == log_before


def test_events_that_travel_back_are_not_duplicated(
    devices: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    a, b, base = devices
    a.append_event("note", {"text": "from a"})
    export_bundle(a, tmp_path / "a.bundle", since=base)
    import_bundle(b, tmp_path / "a.bundle")
    export_bundle(b, tmp_path / "b.bundle", since=base)  # carries a's event back
    assert import_bundle(a, tmp_path / "b.bundle").new_events == 0


def _forge_bundle(vault: Vault, path: Path, member: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("manifest.json", b"{}")
        zf.writestr(member, b"owned")
    buffer.seek(0)
    with path.open("wb") as out:
        seal_stream(buffer, out, vault.identities().values())


@pytest.mark.parametrize("member", ["../../evil.sh", "/etc/passwd", "objects/../../x", "a\\b"])
def test_bundle_paths_that_escape_are_refused_and_named(
    vault: Vault, tmp_path: Path, member: str
) -> None:
    _forge_bundle(vault, tmp_path / "evil.bundle", member)
    before = vault.log_path.read_bytes()
    with pytest.raises(BundleError, match="is not allowed"):
        import_bundle(vault, tmp_path / "evil.bundle")
    assert vault.log_path.read_bytes() == before
    assert not (tmp_path / "evil.sh").exists()


def test_altered_bundle_is_refused(devices: tuple[Vault, Vault, str], tmp_path: Path) -> None:
    a, b, base = devices
    b.append_event("note", {"text": "from b"})
    export_bundle(b, tmp_path / "b.bundle", since=base)
    data = bytearray((tmp_path / "b.bundle").read_bytes())
    data[-10] ^= 1
    (tmp_path / "bad.bundle").write_bytes(bytes(data))
    with pytest.raises(VaultError, match=r"altered|not ours"):
        import_bundle(a, tmp_path / "bad.bundle")


def test_bundle_from_another_case_is_refused(vault: Vault, tmp_path: Path) -> None:
    other = Vault.create(tmp_path / "other", author="x", passphrase="correct horse battery staple")
    other.append_event("note", {})
    export_bundle(other, tmp_path / "o.bundle")
    with pytest.raises(VaultError, match=r"not sealed to key|another case"):
        import_bundle(vault, tmp_path / "o.bundle")


def test_a_person_added_on_another_device_is_trusted_through_the_bundle(
    devices: tuple[Vault, Vault, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, base = devices
    newcomer = b.add_key("Documenter B", "correct horse battery staple")
    monkeypatch.setenv("RECKON_KEY", newcomer.key_id)
    b_as_newcomer = Vault.open(b.case_dir)
    b_as_newcomer.append_event("note", {"text": "signed by the newcomer"})
    export_bundle(b_as_newcomer, tmp_path / "b.bundle", since=base)
    monkeypatch.delenv("RECKON_KEY")
    assert import_bundle(a, tmp_path / "b.bundle").new_events == 2
    assert newcomer.key_id in a.identities()
    report = verify_vault(a.case_dir)
    assert report.ok, report.faults


def test_events_relayed_through_a_third_device_keep_their_tree_heads(
    devices: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    """A's events reach C inside B's bundle: each level carries the heads of the
    transactions that wrote them, so C checks them without A's log."""
    a, b, base = devices
    shutil.copytree(b.case_dir, tmp_path / "device-c")
    c = Vault.open(tmp_path / "device-c")
    ea = _edit(a, "41")
    export_bundle(a, tmp_path / "a.bundle", since=base)
    import_bundle(b, tmp_path / "a.bundle")
    export_bundle(b, tmp_path / "b.bundle", since=base)
    got = import_bundle(c, tmp_path / "b.bundle")
    assert got.new_events == 1
    assert ea in _event_set(c)
    report = verify_vault(c.case_dir)
    assert report.ok, report.faults
    # without the heads, C would refuse A's event
    import json

    line = c.log_path.read_bytes().splitlines()[-1]
    event = json.loads(line)
    assert event["kind"] == "bundle.imported" and event["payload"]["heads"]


def test_a_rotation_on_another_device_carries_over(
    devices: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    """B rotates its key and writes with the new one; A imports both: the new key is
    trusted because the old one signed the rotation, and the old one is retired on A too."""
    a, b, base = devices
    old = b.unlock().identity.key_id
    new = b.rotate_key("b's new passphrase of sleet and copper")
    _edit(b, "52")
    export_bundle(b, tmp_path / "b.bundle", since=base)
    import_bundle(a, tmp_path / "b.bundle")
    report = verify_vault(a.case_dir)
    assert report.ok, report.faults
    keys = Vault.open(a.case_dir).key_history().keys
    assert keys[old].retired_how == "rotated" and keys[new.key_id].added_by == old
