"""Bundles made by an attacker, or cut in transit, cannot break a case (issue 12).

The attacks marked "was ..." were first run against the code before this change
(``PYTHONPATH=/work/main/src``) and succeeded there.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from reckon.errors import BundleError
from reckon.vault import Vault
from reckon.vault.bundles import export_bundle, import_bundle
from reckon.vault.crypt import seal_stream, unseal_stream
from reckon.vault.log import GENESIS_PREV, make_body
from reckon.vault.verify import verify_vault


@pytest.fixture
def devices(vault: Vault, tmp_path: Path) -> tuple[Vault, Vault, str]:
    vault.append_event("note", {"text": "common"})
    base = vault.checkpoint().fingerprint
    shutil.copytree(vault.case_dir, tmp_path / "device-b")
    return Vault.open(vault.case_dir), Vault.open(tmp_path / "device-b"), base


def _nested_import(b: Vault) -> None:
    """On B, an import event whose carried bundle.imported wraps an unsigned event."""
    stranger = make_body(
        1, GENESIS_PREV, "record.edit", {"target": "morgue:1", "field": "age", "value": "99"},
        "0" * 16, "2026-01-09T00:00:00.000000Z",
    )  # fmt: skip
    zero = (bytes(64).hex().encode() + b" " + stranger).decode()
    key = b.unlock()
    inner_body = make_body(
        40, "1" * 64, "bundle.imported", {"bundle": "x", "events": [zero], "objects": []},
        key.identity.key_id, "2026-01-09T00:00:01.000000Z",
    )  # fmt: skip
    inner = (key.sign(inner_body).hex().encode() + b" " + inner_body).decode()
    b.append_event("bundle.imported", {"bundle": "y", "events": [inner], "objects": []})


def test_events_wrapped_twice_are_signature_checked_at_every_level(
    devices: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    """Was: imported, and verify said OK (only the first level was checked)."""
    a, b, base = devices
    _nested_import(b)
    export_bundle(b, tmp_path / "b.bundle", since=base)
    before = a.log_path.read_bytes()
    with pytest.raises(BundleError, match=r"carried inside event .* unknown key 0000000000000000"):
        import_bundle(a, tmp_path / "b.bundle")
    assert a.log_path.read_bytes() == before
    # and a log that already holds such an event (B's own) fails verify
    report = verify_vault(b.case_dir)
    assert any("has a bad or unknown signature" in f for f in report.faults), report.faults


def _reseal(vault: Vault, src: Path, dst: Path, drop: str) -> None:
    """``src`` opened with ``vault``'s key, members starting with ``drop`` left out."""
    plain = io.BytesIO()
    with src.open("rb") as fh:
        unseal_stream(fh, plain, vault.reader())
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            if not name.startswith(drop):
                zout.writestr(name, zin.read(name))
    out.seek(0)
    with dst.open("wb") as fh:
        seal_stream(out, fh, vault.identities().values())


def test_a_bundle_without_its_objects_is_refused_and_the_right_one_mends_the_case(
    devices: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    """Was: imported with "objects: 0"; verify then failed for ever, and the correct
    bundle could not mend it ("replayed")."""
    a, b, base = devices
    photo = b.put_bytes(b"photo taken on device b")
    b.append_event("evidence.added", {"items": [{"object": photo}], "custody": {}})
    export_bundle(b, tmp_path / "b.bundle", since=base)
    _reseal(b, tmp_path / "b.bundle", tmp_path / "bare.bundle", drop="objects/")
    before = a.log_path.read_bytes()
    with pytest.raises(BundleError, match="neither the bundle nor this case holds"):
        import_bundle(a, tmp_path / "bare.bundle")
    assert a.log_path.read_bytes() == before and not a.has_object(photo)
    assert import_bundle(a, tmp_path / "b.bundle").objects == 1
    assert verify_vault(a.case_dir).ok
    # a case that lost the object since (or an older reckon let it in without it)
    a.object_path(photo).unlink()
    assert not verify_vault(a.case_dir).ok
    again = import_bundle(a, tmp_path / "b.bundle")
    assert again.replayed and again.objects == 1 and again.new_events == 0
    report = verify_vault(a.case_dir)
    assert report.ok, report.faults
    assert a.log_path.read_bytes() != before  # the one import, not a second


@pytest.mark.parametrize("cut", [16, 17, 40, 200])
def test_a_bundle_cut_inside_its_header_gives_one_clear_line(
    devices: tuple[Vault, Vault, str], tmp_path: Path, cut: int
) -> None:
    """Was: a Python JSONDecodeError from the sealed header."""
    a, b, base = devices
    b.append_event("note", {"text": "from b"})
    export_bundle(b, tmp_path / "b.bundle", since=base)
    data = (tmp_path / "b.bundle").read_bytes()
    (tmp_path / "cut.bundle").write_bytes(data[:cut])
    with pytest.raises(BundleError) as caught:
        import_bundle(a, tmp_path / "cut.bundle")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'cut.bundle'}: ") and "\n" not in message


def test_a_bundle_with_a_malformed_header_or_event_gives_one_clear_line(
    devices: tuple[Vault, Vault, str], tmp_path: Path
) -> None:
    a, b, base = devices
    (tmp_path / "hdr.bundle").write_bytes(b"RECKON-SEALED-2\n[1, 2]\nrest")
    with pytest.raises(BundleError, match="names no readers"):
        import_bundle(a, tmp_path / "hdr.bundle")
    b.append_event("note", {"text": "from b"})
    export_bundle(b, tmp_path / "b.bundle", since=base)
    plain = io.BytesIO()
    with (tmp_path / "b.bundle").open("rb") as fh:
        unseal_stream(fh, plain, b.reader())
    with zipfile.ZipFile(plain) as zin:
        members = {n: zin.read(n) for n in zin.namelist()}
    members["events.log"] = b"not an event line\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for name, blob in members.items():
            zout.writestr(name, blob)
    out.seek(0)
    with (tmp_path / "bad.bundle").open("wb") as fh:
        seal_stream(out, fh, b.identities().values())
    with pytest.raises(BundleError, match="does not match the signed manifest"):
        import_bundle(a, tmp_path / "bad.bundle")
