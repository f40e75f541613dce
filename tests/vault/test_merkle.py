"""RFC 6962 Merkle trees against the published known-answer vectors.

Vectors: transparency-dev/merkle (Google's Certificate Transparency Merkle
library), ``testonly/constants.go`` (leaf inputs, root hashes of every prefix,
node hashes) and ``proof/verify_test.go`` (inclusion and consistency proofs,
and the corruptions they must reject). Apache-2.0; the numbers are data.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reckon.vault.merkle import (
    EMPTY_ROOT,
    CompactTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_of,
    verify_consistency,
    verify_inclusion,
)

LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
LEAF_HASHES = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
]
# (leaf, 1-based as in verify_test.go; tree size; audit path)
INCLUSION = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        2,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CONSISTENCY = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
LEAVES = [leaf_hash(x) for x in LEAF_INPUTS]
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def test_leaf_hashes_match_vectors() -> None:
    assert [h.hex() for h in LEAVES] == LEAF_HASHES


@pytest.mark.parametrize("size", range(9))
def test_roots_of_every_prefix_match_vectors(size: int) -> None:
    assert root_of(LEAVES[:size]).hex() == ROOTS[size]
    assert EMPTY_ROOT.hex() == ROOTS[0]


def test_compact_tree_appends_to_the_same_roots() -> None:
    tree = CompactTree()
    for i, leaf in enumerate(LEAVES, start=1):
        tree.append(leaf)
        assert tree.root().hex() == ROOTS[i]
        # the frontier round-trips (it is what the head stores between appends)
        assert CompactTree(tree.size, tree.nodes).root() == tree.root()


@pytest.mark.parametrize(("leaf", "size", "path"), INCLUSION)
def test_inclusion_proofs_match_vectors_and_reject_corruptions(
    leaf: int, size: int, path: list[str]
) -> None:
    proof = [bytes.fromhex(h) for h in path]
    assert inclusion_proof(leaf - 1, LEAVES[:size]) == proof
    root = bytes.fromhex(ROOTS[size])
    lh = LEAVES[leaf - 1]
    assert verify_inclusion(leaf - 1, size, lh, proof, root)
    # the corruptions verify_test.go's corruptInclusionProof makes
    bad = [
        (leaf - 2, size, lh, proof, root),
        (leaf, size, lh, proof, root),
        ((leaf - 1) ^ 2, size, lh, proof, root),
        (leaf - 1, size * 2, lh, proof, root),
        (leaf - 1, size // 2, lh, proof, root),
        (leaf - 1, size, b"WrongLeaf", proof, root),
        (leaf - 1, size, lh, proof, EMPTY_ROOT),
        (leaf - 1, size, lh, proof, SOME_HASH),
        (leaf - 1, size, lh, [*proof, b""], root),
        (leaf - 1, size, lh, [*proof, root], root),
        (leaf - 1, size, lh, [b"", *proof], root),
        (leaf - 1, size, lh, [root, *proof], root),
        (leaf - 1, size, lh, proof[:-1], root),
    ]
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([flipped[i][0] ^ 8]) + flipped[i][1:]
        bad.append((leaf - 1, size, lh, flipped, root))
    for args in bad:
        if args[0] < 0:
            continue
        assert not verify_inclusion(*args), args


@pytest.mark.parametrize(("size1", "size2", "path"), CONSISTENCY)
def test_consistency_proofs_match_vectors_and_reject_corruptions(
    size1: int, size2: int, path: list[str]
) -> None:
    proof = [bytes.fromhex(h) for h in path]
    assert consistency_proof(size1, LEAVES[:size2]) == proof
    r1, r2 = bytes.fromhex(ROOTS[size1]), bytes.fromhex(ROOTS[size2])
    assert verify_consistency(size1, size2, r1, r2, proof)
    bad = [
        (size1 - 1, size2, r1, r2, proof),
        (size1 + 1, size2, r1, r2, proof),
        (size1 ^ 2, size2, r1, r2, proof),
        (size1, size2 * 2, r1, r2, proof),
        (size1, size2 // 2, r1, r2, proof),
        (size1, size2, b"WrongRoot", r2, proof),
        (size1, size2, r1, b"WrongRoot", proof),
        (size1, size2, r2, r1, proof),
        (size1, size2, r1, r2, []),
        (size1, size2, r1, r2, [*proof, b""]),
        (size1, size2, r1, r2, [*proof, r1]),
        (size1, size2, r1, r2, [*proof, r2]),
        (size1, size2, r1, r2, [b"", *proof]),
        (size1, size2, r1, r2, [r1, *proof]),
        (size1, size2, r1, r2, [r2, *proof]),
        (size1, size2, r1, r2, [proof[0], *proof]),
        (size1, size2, r1, r2, proof[:-1]),
    ]
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([flipped[i][0] ^ 16]) + flipped[i][1:]
        bad.append((size1, size2, r1, r2, flipped))
    for args in bad:
        assert not verify_consistency(*args), args[:2]


def test_consistency_edge_cases_of_verify_test_go() -> None:
    r1, r2 = b"don't care 1", b"don't care 2"
    assert verify_consistency(0, 0, r1, r1, [])
    assert verify_consistency(0, 1, r1, r2, [])
    assert verify_consistency(1, 1, r2, r2, [])
    assert not verify_consistency(1, 1, r1, r2, [])
    assert not verify_consistency(1, 0, r1, r2, [])
    assert not verify_consistency(2, 1, r1, r2, [])
    assert not verify_consistency(1, 2, r1, r2, [])
    assert not verify_consistency(1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 70), st.data())
def test_generated_proofs_verify_for_any_size(n: int, data: st.DataObject) -> None:
    leaves = [leaf_hash(hashlib.sha256(str(i).encode()).digest()) for i in range(n)]
    m = data.draw(st.integers(0, n - 1))
    root = root_of(leaves)
    assert verify_inclusion(m, n, leaves[m], inclusion_proof(m, leaves), root)
    old = data.draw(st.integers(1, n))
    assert verify_consistency(old, n, root_of(leaves[:old]), root, consistency_proof(old, leaves))
