"""F-codes: problems with files as files (reading, encoding, YAML, kind, front matter)."""

from __future__ import annotations

import os

import pytest

from stelsel.check import check_tree

from ..helpers import CONTENT, FIXTURES, Case, Symlink, append, deadline, diagnostics, make_tree, replace, run_case, show

ROLE = "kind: role\nid: {id}\ntitle: Rol\nstatus: gereed\nsources: [S1]\n"

# Nine levels of nine aliases each: 9**9 (387 million) strings if it were expanded.
ALIAS_BOMB = "kind: role\nid: bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))


def _outside_file(root):
    (root.parent / "outside.yaml").write_text(ROLE.format(id="buiten"))


CASES = [
    Case("F001-syntax", "F001", {CONTENT + "rollen/kapot.yaml": "kind: role\nid: kapot\ntitle: [open\n"},
         CONTENT + "rollen/kapot.yaml", 3, col=8, message="a list opened here is never closed", hint="close the bracket"),
    Case("F001-front-matter-line", "F001",
         {CONTENT + "paginas/intro.md": "---\nid: intro\ntitle: [x\nstatus: gereed\n---\nTekst.\n"},
         CONTENT + "paginas/intro.md", 3, col=8, message="at line 4, column 7"),
    Case("F001-invalid-date", "F001", {CONTENT + "rollen/r.yaml": ROLE.format(id="r") + "datum: 2024-13-45\n"},
         CONTENT + "rollen/r.yaml", 6, col=8, message="cannot read value", hint="quote it"),
    Case("F001-complex-key", "F001", {CONTENT + "rollen/r.yaml": ROLE.format(id="r") + "? [a]\n: b\n"},
         CONTENT + "rollen/r.yaml", 6, col=3, message="mapping key must be a plain value"),
    Case("F001-two-documents", "F001", {CONTENT + "rollen/r.yaml": ROLE.format(id="r") + "---\nkind: role\n"},
         CONTENT + "rollen/r.yaml", 6, col=1, message="another document"),
    Case("F002-latin1", "F002", {CONTENT + "rollen/latin.yaml": b"kind: role\nid: latin\ntitle: caf\xe9\n"},
         CONTENT + "rollen/latin.yaml", 3, col=11, message="byte 0xe9", hint="UTF-8"),
    Case("F003-empty", "F003", {CONTENT + "rollen/leeg.yaml": ""}, CONTENT + "rollen/leeg.yaml", 0,
         message="empty file", hint="delete it"),
    Case("F003-comments-only", "F003", {CONTENT + "rollen/leeg.yaml": "# alleen commentaar\n\n   \n"},
         CONTENT + "rollen/leeg.yaml", 0),
    Case("F003-empty-markdown", "F003", {CONTENT + "paginas/leeg.md": "\n\n"}, CONTENT + "paginas/leeg.md", 0),
    Case("F003-empty-front-matter", "F003", {CONTENT + "paginas/leeg.md": "---\n---\nTekst.\n"},
         CONTENT + "paginas/leeg.md", 0, message="empty front matter"),
    Case("F004-over-limit", "F004",
         {CONTENT + "stelsel.yaml": append("limits:\n  max_file_bytes: 1024\n"),
          CONTENT + "rollen/groot.yaml": ROLE.format(id="groot") + "description: " + "x" * 2000 + "\n"},
         CONTENT + "rollen/groot.yaml", 0, message="over the limit of 1,024", hint="max_file_bytes"),
    Case("F005-binary", "F005", {CONTENT + "rollen/bin.yaml": b"kind: role\n\x00\x01\x02\xff"},
         CONTENT + "rollen/bin.yaml", 2, col=1, message="NUL bytes", hint="UTF-8 text"),
    Case("F006-symlink-outside", "F006", {CONTENT + "rollen/link.yaml": Symlink("../../../outside.yaml")},
         CONTENT + "rollen/link.yaml", 0, message="outside the project", hint="copy the file into the tree",
         setup=_outside_file),
    Case("F006-absolute-symlink", "F006", {CONTENT + "rollen/link.yaml": Symlink(os.devnull)},
         CONTENT + "rollen/link.yaml", 0, message=os.devnull),
    Case("F007-alias-bomb", "F007", {CONTENT + "rollen/bomb.yaml": ALIAS_BOMB}, CONTENT + "rollen/bomb.yaml", 3,
         col=4, message="anchors and aliases are not allowed", hint="write the value out"),
    Case("F007-merge-key", "F007",
         {CONTENT + "rollen/merge.yaml": ROLE.format(id="merge") + "a: &b {x: 1}\nc:\n  <<: *b\n"},
         CONTENT + "rollen/merge.yaml", 8, col=3),
    Case("F007-scalar-alias", "F007",
         {CONTENT + "rollen/r.yaml": "kind: role\nid: r\ntitle: &t Rol\ndescription: *t\nstatus: gereed\nsources: [S1]\n"},
         CONTENT + "rollen/r.yaml", 3, col=8),
    Case("F008-list", "F008", {CONTENT + "rollen/lijst.yaml": "- kind: role\n- id: x\n"}, CONTENT + "rollen/lijst.yaml",
         1, col=1, message="not a list", hint="start with 'kind: …'"),
    Case("F008-scalar", "F008", {CONTENT + "rollen/tekst.yaml": "zomaar wat tekst\n"}, CONTENT + "rollen/tekst.yaml",
         1, message="not a single value"),
    Case("F009-did-you-mean", "F009", {CONTENT + "rollen/x.yaml": "kind: rol\nid: x\n"}, CONTENT + "rollen/x.yaml", 1,
         col=7, message="unknown kind 'rol'", hint="did you mean 'role'?"),
    Case("F009-no-kind", "F009", {CONTENT + "rollen/x.yaml": "id: x\ntitle: X\n"}, CONTENT + "rollen/x.yaml", 1,
         col=1, message="no 'kind' key", hint="agreement"),
    Case("F009-unknown-extension", "F009", {CONTENT + "rollen/notitie.txt": "hallo\n"}, CONTENT + "rollen/notitie.txt",
         0, message="'.txt'", hint=".png"),
    Case("F009-markdown-of-yaml-kind", "F009",
         {CONTENT + "paginas/x.md": "---\nkind: role\nid: x\ntitle: X\n---\nTekst.\n"}, CONTENT + "paginas/x.md", 2,
         col=7, message="cannot be a 'role'"),
    Case("F010-duplicate-key", "F010",
         {CONTENT + "rollen/zorgaanbieder.yaml": replace("title: Zorgaanbieder\n", "title: Zorgaanbieder\ntitle: Nog eens\n")},
         CONTENT + "rollen/zorgaanbieder.yaml", 4, col=1, message="'title' appears twice", hint="duplicate"),
    Case("F010-in-front-matter", "F010",
         {CONTENT + "paginas/intro.md": replace("title: Inleiding\n", "title: Inleiding\ntitle: Intro\n")},
         CONTENT + "paginas/intro.md", 4, col=1),
    Case("F011-page", "F011", {CONTENT + "paginas/intro.md": "# Inleiding\n\nGeen front matter.\n"},
         CONTENT + "paginas/intro.md", 1, col=1, message="no front matter", hint="start the file with '---'"),
    Case("F017-unclosed", "F017", {CONTENT + "paginas/intro.md": "---\nid: intro\ntitle: Inleiding\n\nTekst.\n"},
         CONTENT + "paginas/intro.md", 1, col=1, message="never closed", hint="end the front matter"),
    Case("F011-proposal", "F011", {"changes/WV-009.md": "Een voorstel zonder front matter.\n"}, "changes/WV-009.md", 1),
    Case("F012-dangling-link", "F012", {CONTENT + "rollen/weg.yaml": Symlink("bestaat-niet.yaml")},
         CONTENT + "rollen/weg.yaml", 0, message="cannot read", hint="readable"),
    Case("F012-link-to-a-folder-of-no-content", "F012", {CONTENT + "rollen/extra": Symlink("../../buiten")},
         CONTENT + "rollen/extra", 0, message="which holds no content: its files were not read", hint="remove the link",
         setup=lambda root: ((root / "buiten").mkdir(), (root / "buiten" / "r.yaml").write_text(ROLE.format(id="r")))),
    Case("F013-no-config", "F013", {CONTENT + "stelsel.yaml": None}, CONTENT + "stelsel.yaml", 0,
         message="no framework config", hint="create afsprakenstelsel/stelsel.yaml"),
    Case("F014-not-utf8-name", "F014", {}, CONTENT + "rollen/p\\xffx.yaml", 0, message="not valid UTF-8",
         hint="rename it", setup=lambda root: (root / CONTENT / "rollen").joinpath(os.fsdecode(b"p\xffx.yaml"))
         .write_text(ROLE.format(id="p"))),
    Case("F015-tag-on-mapping", "F015", {CONTENT + "rollen/r.yaml": ROLE.format(id="r") + "extra: !thing {a: 1}\n"},
         CONTENT + "rollen/r.yaml", 6, col=8, message="YAML tag '!thing' on a mapping", hint="remove the tag"),
    Case("F016-too-deep", "F016", {CONTENT + "rollen/r.yaml": ROLE.format(id="r") + "extra: " + "[" * 70 + "]" * 70 + "\n"},
         CONTENT + "rollen/r.yaml", 6, col=71, message="nested more than 64 levels", hint="flatten"),
    Case("F018-summary", "F018", {CONTENT + "rollen/zorgaanbieder.yaml": "kind: role\nid: zorgaanbieder\ntitle: [Zorg\n"},
         CONTENT + "rollen/zorgaanbieder.yaml", 3, col=8,
         message="2 references to roles defined in afsprakenstelsel/rollen/zorgaanbieder.yaml not checked",
         hint="fix this file's own finding first"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_case(case, tmp_path):
    """Each bad tree yields its F-code at the exact place, with a hint, and exit code 1."""
    run_case(case, tmp_path)


def test_alias_bomb_is_refused_fast(tmp_path):
    """A deep alias bomb (10**30 nodes if expanded) is one F007 finding, not a hang (the deadline catches one)."""
    levels = "".join(f"l{i + 1}: &l{i + 1} [" + ",".join([f"*l{i}"] * 10) + "]\n" for i in range(30))
    bomb = "kind: role\nid: bomb\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" + levels
    root = make_tree(tmp_path / "tree", {CONTENT + "rollen/bomb.yaml": bomb})
    with deadline(10):
        found = diagnostics(root)
    assert [d.code for d in found if d.path.endswith("bomb.yaml")] == ["F007"]


def test_recursive_alias_is_refused(tmp_path):
    """A self-referencing alias (a list that contains itself) is F007, not a recursion error."""
    root = make_tree(tmp_path / "tree", {CONTENT + "rollen/r.yaml": "kind: role\nid: r\na: &a [x, *a]\n"})
    assert [(d.code, d.line) for d in diagnostics(root) if d.path.endswith("r.yaml")] == [("F007", 3)]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user")
def test_unreadable_file(tmp_path):
    """A file without read permission is F012 (not a crash)."""
    root = make_tree(tmp_path / "tree", {CONTENT + "rollen/geheim.yaml": ROLE.format(id="geheim")})
    secret = root / CONTENT / "rollen/geheim.yaml"
    secret.chmod(0)
    try:
        assert [(d.code, d.path) for d in diagnostics(root)] == [("F012", CONTENT + "rollen/geheim.yaml")]
    finally:
        secret.chmod(0o644)


def _exact_size_role(size: int) -> str:
    text = ROLE.format(id="precies") + "description: "
    return text + "x" * (size - len(text) - 1) + "\n"


GOOD = {
    "bom-and-crlf": {CONTENT + "paginas/intro.md": "\ufeff---\r\nid: intro\r\ntitle: Inleiding\r\nstatus: gereed\r\n"
                     "sources: [S1]\r\n---\r\nZie [[MA-001]].\r\n",
                     CONTENT + "rollen/zorgaanbieder.yaml": lambda t: "\ufeff" + t.replace("\n", "\r\n")},
    "ampersand-and-star-in-text": {CONTENT + "rollen/zorgaanbieder.yaml":
                                   replace("title: Zorgaanbieder", "title: \"R&D *belangrijk* &x\"")},
    "assets-readme-hidden": {CONTENT + "paginas/figuur.png": b"\x89PNG\r\n\x1a\n\x00\x00",
                             CONTENT + "paginas/bijlage.pdf": b"%PDF-1.4\x00",
                             CONTENT + "README.md": "Geen inhoud, maar uitleg.\n",
                             CONTENT + ".obsidian/workspace.json": "{}",
                             CONTENT + "rollen/.verborgen.yaml": "niet: gelezen\n",
                             CONTENT + ".meta.yml": "x: 1\n"},
    "symlinked-folder-inside": {CONTENT + "paginas-link": Symlink("paginas")},
    "symlinked-asset-inside": {CONTENT + "paginas/figuur.png": b"\x89PNG\x00",
                               CONTENT + "paginas/logo.png": Symlink("figuur.png")},
    "file-exactly-at-limit": {CONTENT + "stelsel.yaml": append("limits:\n  max_file_bytes: 1024\n"),
                              CONTENT + "rollen/precies.yaml": _exact_size_role(1024)},
    "same-key-in-other-mappings": {CONTENT + "rollen/zorgaanbieder.yaml":
                                   append("performed_by:\n  - name: A\n    note: x\n  - name: B\n    note: y\n")},
    "page-without-kind-key": {CONTENT + "paginas/intro.md": replace("status: gereed\n", "status: gereed\norder: 2\n")},
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_case(name, tmp_path):
    """Near misses of the F-codes (BOM, CRLF, assets, hidden files, links inside, size at the limit) are clean."""
    root = make_tree(tmp_path / "tree", GOOD[name])
    found = diagnostics(root)
    assert found == [], show(found)


def test_file_at_limit_is_exactly_the_limit():
    """The at-limit good case really is the limit's size, so the boundary is tested."""
    assert len(_exact_size_role(1024).encode()) == 1024


def test_one_byte_over_the_limit(tmp_path):
    """One byte over limits.max_file_bytes is F004."""
    root = make_tree(tmp_path / "tree", {CONTENT + "stelsel.yaml": append("limits:\n  max_file_bytes: 1024\n"),
                                         CONTENT + "rollen/precies.yaml": _exact_size_role(1025)})
    assert [d.code for d in check_tree(root, use_cache=False).diagnostics] == ["F004"]
