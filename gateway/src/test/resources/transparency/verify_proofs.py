#!/usr/bin/env python3
"""An independent verifier of a Fairway transparency log, over HTTP.

Written from RFC 9162 and c2sp.org/signed-note, sharing nothing with the Java code: proofs are
checked by inverting the RFC's recursive PATH / SUBPROOF definitions (the Java verifier walks the
bits of the sizes instead), signatures with the `cryptography` package's Ed25519.

usage: verify_proofs.py BASE_URL OLD_CHECKPOINT_FILE DECISION_ID...
Prints one line per check; exits 1 at the first failure.
"""
import base64
import hashlib
import json
import sys
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Fail(Exception):
    pass


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=10) as r:
        return r.read()


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def inclusion_root(index, size, leaf, proof):
    """The root PATH(index, D[size]) leads to: the last element is the topmost sibling."""
    proof = list(proof)

    def walk(m, n):
        if n == 1:
            return leaf
        if not proof:
            raise Fail("inclusion proof too short")
        sibling = proof.pop()
        k = split(n)
        if m < k:
            return node(walk(m, k), sibling)
        return node(sibling, walk(m - k, n - k))

    if not 0 <= index < size:
        raise Fail("leaf index outside the tree")
    root = walk(index, size)
    if proof:
        raise Fail("inclusion proof too long")
    return root


def consistency_roots(m, n, proof, old_root):
    """(old root, new root) that PROOF(m, D[n]) rebuilds, the verifier knowing old_root."""
    proof = list(proof)

    def sub(m, n, whole):
        if m == n:
            if whole:
                return old_root, old_root
            if not proof:
                raise Fail("consistency proof too short")
            h = proof.pop()
            return h, h
        if not proof:
            raise Fail("consistency proof too short")
        sibling = proof.pop()
        k = split(n)
        if m <= k:
            old, new = sub(m, k, whole)
            return old, node(new, sibling)
        old, new = sub(m - k, n - k, False)
        return node(sibling, old), node(sibling, new)

    if not 0 < m <= n:
        raise Fail("sizes out of order")
    roots = sub(m, n, True)
    if proof:
        raise Fail("consistency proof too long")
    return roots


def open_note(note, name, key_id, public_key):
    """The text of a signed note once its signature by (name, key_id) verifies."""
    text, sep, sigs = note.rpartition("\n\n")
    if not sep:
        raise Fail("no blank line in the note")
    text += "\n"
    for line in sigs.splitlines():
        if not line.startswith("\u2014 "):
            raise Fail("bad signature line")
        who, b64 = line[2:].split(" ")
        raw = base64.b64decode(b64)
        if who == name and raw[:4] == key_id:
            try:
                public_key.verify(raw[4:], text.encode())
            except InvalidSignature:
                raise Fail("checkpoint signature does not verify")
            return text
    raise Fail("no signature of " + name)


def checkpoint(text, origin):
    lines = text.split("\n")
    if lines[0] != origin:
        raise Fail("checkpoint of another origin")
    return int(lines[1]), base64.b64decode(lines[2])


def main(base, old_note_file, decisions):
    key = json.loads(get(base, "/transparency/key?format=json"))
    name = key["key_name"]
    raw = base64.b64decode(key["public_key"])
    key_id = hashlib.sha256(name.encode() + b"\n\x01" + raw).digest()[:4]
    if key_id.hex() != key["key_id"] or key["verifier_key"] != get(base, "/transparency/key").decode().strip():
        raise Fail("key id or verifier key do not match the key")
    if get(base, "/transparency/key?format=raw") != raw:
        raise Fail("raw key differs")
    public_key = Ed25519PublicKey.from_public_bytes(raw)
    print("key ok", key["verifier_key"])

    latest = get(base, "/transparency/checkpoint").decode()
    size, root = checkpoint(open_note(latest, name, key_id, public_key), key["origin"])
    print("checkpoint ok", size)

    for d in decisions:
        p = json.loads(get(base, "/transparency/proof/inclusion?decision=" + d))
        psize, proot = checkpoint(open_note(p["checkpoint"], name, key_id, public_key), key["origin"])
        if psize != p["tree_size"]:
            raise Fail("proof's tree size is not its checkpoint's")
        leaf = json.loads(get(base, "/v1/fairway/decisions/" + d + "?format=leaf"))
        lh = leaf_hash(base64.b64decode(leaf["canonical"]))
        if base64.b64encode(lh).decode() != p["leaf_hash"] or leaf["leaf_hash"] != p["leaf_hash"]:
            raise Fail("leaf hash is not the hash of the record's canonical bytes")
        proof = [base64.b64decode(h) for h in p["proof"]]
        if inclusion_root(p["leaf_index"], psize, lh, proof) != proot:
            raise Fail("inclusion proof of " + d + " does not lead to the signed root")
        if proof:
            bad = list(proof)
            bad[0] = bytes([bad[0][0] ^ 1]) + bad[0][1:]
            if inclusion_root(p["leaf_index"], psize, lh, bad) == proot:
                raise Fail("a corrupted proof verified")
        print("inclusion ok", d, p["leaf_index"], psize)

    with open(old_note_file, encoding="utf-8") as f:
        old_size, old_root = checkpoint(open_note(f.read(), name, key_id, public_key), key["origin"])
    c = json.loads(get(base, "/transparency/proof/consistency?from=%d&to=%d" % (old_size, size)))
    proof = [base64.b64decode(h) for h in c["proof"]]
    if consistency_roots(old_size, size, proof, old_root) != (old_root, root):
        raise Fail("consistency proof does not rebuild both signed roots")
    print("consistency ok", old_size, size)


if __name__ == "__main__":
    try:
        main(sys.argv[1], sys.argv[2], sys.argv[3:])
    except Fail as e:
        print("FAIL:", e)
        sys.exit(1)
