"""Frozen releases anchored outside themselves: the cut commit, its trailers and the tag.

A manifest proves that a folder is unchanged only while the manifest itself is honest:
whoever rewrites a frozen file can recompute its hash and the ``content_hash`` too. The
anchor is therefore outside the folder, in history:

- the *cut commit* of release ``<v>`` is the first commit (oldest, reachable from HEAD) that
  added ``releases/<v>/manifest.json``. The manifest now must equal the manifest then; with
  L001 (every file against the manifest) the folder equals its content at the cut commit.
  Any other commit that added that manifest with other content is a rewrite too;
- a cut commit whose message carries a ``Stelsel-Content-Hash`` trailer must carry the
  manifest's ``content_hash`` (and ``Stelsel-Release`` its version);
- a tag ``release-<v>``, when there is one, must point at the cut commit and carry the same
  hash trailer (it may lack one only when the cut commit has none: a cut made before
  stelsel wrote trailers), and be validly signed when the workflow requires signed decisions.
  A missing tag is not an error: tags do not always travel with a clone;
- a release that history has and the tree does not was deleted.

Without history (no repository, git not installed, a source tarball) or when the cut commit
is where a shallow clone's history starts, the anchors cannot be verified: the caller says so
once (the manifests themselves are still checked). A frozen folder not committed yet (between
``release cut --no-git`` and its commit) is not verifiable either, per release.

All git access is in :mod:`stelsel.vcs`: one ``git log`` for every manifest, one
``for-each-ref`` for the tags and one blob read per release. Manifests in the working tree
are read through :mod:`stelsel.inputs` (they key the cached result of ``check``).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import inputs, vcs
from ..versions import version_key
from .store import MANIFEST, RELEASES_DIR, content_hash, hash_tree, is_leftover

TRAILER_RELEASE = "Stelsel-Release"
TRAILER_HASH = "Stelsel-Content-Hash"
TAG_PREFIX = "release-"

# the codes this module's problems carry (stelsel.codes names them; the rules report them)
MISMATCH, DELETED, UNVERIFIED = "L005", "L006", "L007"

_TRAILER = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*?)\s*$")
_GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


def tag_name(version: str) -> str:
    return f"{TAG_PREFIX}{version}"


def trailer_lines(version: str, manifest_hash: str) -> str:
    """The trailer paragraph a cut writes at the end of its commit and tag messages."""
    return f"{TRAILER_RELEASE}: {version}\n{TRAILER_HASH}: {manifest_hash}"


def trailers(message: str) -> dict[str, list[str]]:
    """The ``Key: value`` lines of a message's last paragraph, by lower-cased key (values in order)."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", (message or "").strip()) if p.strip()]
    if len(paragraphs) < 2:  # a subject alone carries no trailers
        return {}
    found: dict[str, list[str]] = {}
    for line in paragraphs[-1].splitlines():
        match = _TRAILER.match(line.strip())
        if match:
            found.setdefault(match.group(1).lower(), []).append(match.group(2))
    return found


@dataclass
class Problem:
    """One finding about a release's anchor; ``code`` is L005, L006 or L007."""

    code: str
    version: str
    path: str  # relative to the project root
    line: int
    message: str
    hint: str | None = None


@dataclass
class Check:
    """One line of ``release verify``: what was checked and what came out."""

    name: str
    result: str  # ok | mismatch | absent | none | unverifiable
    detail: str

    @property
    def failed(self) -> bool:
        return self.result == "mismatch"


@dataclass
class ReleaseReport:
    """What is known about one release's anchors."""

    version: str
    cut: vcs.Added | None = None
    checks: list[Check] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unverifiable: str | None = None  # why its history could not be verified (None: it was, or it is deleted)

    @property
    def rewritten(self) -> bool:
        """Whether the folder's content is not what was cut (a wrong tag or trailer alone leaves it trustworthy)."""
        return any(c.failed and c.name in ("folder = cut commit", "manifest added once") for c in self.checks)

    @property
    def mismatched(self) -> bool:
        return any(c.failed for c in self.checks) or any(p.code in (MISMATCH, DELETED) for p in self.problems)

    def verified(self, allow_no_history: bool = False) -> bool:
        return not self.mismatched and (self.unverifiable is None or allow_no_history)


def manifest_path(version: str) -> str:
    return f"{RELEASES_DIR}/{version}/{MANIFEST}"


# --- history --------------------------------------------------------------------------------


class History:
    """What history says about the frozen releases of the project at ``root``; read once.

    ``problem`` says why there is none. ``added`` holds, per version, every commit that
    added its manifest (oldest first: the first is the cut commit).
    """

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.problem: str | None = None
        self.shallow: frozenset[str] = frozenset()
        self.added: dict[str, list[vcs.Added]] = {}
        self.tags: dict[str, vcs.TagInfo] = {}
        self._repo = None
        self._blobs: dict[str, str | None] = {}
        self._signatures: dict[str, vcs.Signature] = {}
        repo, self.problem = vcs.open_history(self.root)
        if repo is None:
            return
        self._repo = repo
        try:
            top = vcs.toplevel(repo)
            try:
                releases = (self.root / RELEASES_DIR).relative_to(top).as_posix()
            except ValueError:
                self.problem = "the project lies outside its repository's working tree"
                return
            prefix = _GLOB_SPECIAL.sub(r"\\\1", releases)
            for added in vcs.adding_commits(repo, f":(glob){prefix}/*/{MANIFEST}"):
                rest = added.path[len(releases) + 1:].split("/")
                if added.path.startswith(releases + "/") and len(rest) == 2 and rest[1] == MANIFEST:
                    self.added.setdefault(rest[0], []).append(added)
            self.tags = vcs.tags(repo, f"{TAG_PREFIX}*")
            self.shallow = vcs.shallow_commits(repo)
        except vcs.GitProblem as exc:  # no history at all rather than a partial one
            self.problem, self.added, self.tags = str(exc), {}, {}

    @property
    def available(self) -> bool:
        return self.problem is None

    def blob(self, blob: str) -> str | None:
        if blob not in self._blobs:
            try:
                self._blobs[blob] = vcs.read_blob(self._repo, blob)
            except vcs.GitProblem:
                self._blobs[blob] = None
        return self._blobs[blob]

    def tag_signature(self, name: str) -> vcs.Signature:
        if name not in self._signatures:
            self._signatures[name] = vcs.verify_tag(self._repo, name)
        return self._signatures[name]

    def close(self) -> None:
        if self._repo is not None:
            vcs.close(self._repo)
            self._repo = None


# --- the working tree -----------------------------------------------------------------------


def frozen_manifests(root: Path) -> dict[str, bytes]:
    """The raw manifest of every folder under ``releases/`` that has one, by version.

    The listing and every manifest (or its absence) are recorded in the run's read-set.
    """
    base = Path(root) / RELEASES_DIR
    found: dict[str, bytes] = {}
    try:
        with os.scandir(base) as entries:
            folders = sorted(e.name for e in entries if e.is_dir() and not is_leftover(e.name))
    except OSError:
        inputs.record_folder(base)
        return found
    for version in folders:
        try:
            found[version] = inputs.read_bytes(base / version / MANIFEST)
        except OSError:
            continue
    return found


def _parse(raw: bytes | str | None) -> dict | None:
    if raw is None:
        return None
    try:
        data = json.loads(raw if isinstance(raw, str) else raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _text(raw: bytes | str) -> str:
    return raw if isinstance(raw, str) else raw.decode("utf-8", errors="replace")


def _line_of(text: str, key: str) -> int:
    """The line of ``"key"`` in a manifest's text (1 when it has none)."""
    for number, line in enumerate(text.splitlines(), 1):
        if f'"{key}"' in line:
            return number
    return 1


def _first_difference(now: str, then: str) -> int:
    a, b = now.splitlines(), then.splitlines()
    for number, (x, y) in enumerate(zip(a, b), 1):
        if x != y:
            return number
    return min(len(a), len(b)) + 1 if len(a) != len(b) else 1


def _short(sha: str) -> str:
    return sha[:10]


def _by(added: vcs.Added) -> str:
    return f"commit {_short(added.commit)} by {added.author_name} <{added.author_email}>"


# --- one release ----------------------------------------------------------------------------


def _analyse(history: History, version: str, raw: bytes | None, require_signed: bool) -> ReleaseReport:
    report = ReleaseReport(version)
    path = manifest_path(version)
    folder = f"{RELEASES_DIR}/{version}"
    adds = history.added.get(version, []) if history.available else []
    if raw is None:
        if adds:
            cut = report.cut = adds[0]
            report.problems.append(Problem(
                DELETED, version, path, 0,
                f"frozen release {version} was deleted: history has it (cut in {_by(cut)}), the tree does not",
                f"restore it: git checkout {_short(cut.commit)} -- {folder}"))
            report.checks.append(Check("folder = cut commit", "mismatch", f"{folder} is gone; history has it"))
        return report
    text = _text(raw)
    current = _parse(raw)
    hash_line = _line_of(text, "content_hash")
    current_hash = current.get("content_hash") if current else None

    if not history.available:
        report.unverifiable = history.problem or "no history"
        for name in ("folder = cut commit", "cut commit trailer", f"tag {tag_name(version)}"):
            report.checks.append(Check(name, "unverifiable", "no history"))
        return report
    if not adds:
        report.unverifiable = "not committed yet"
        report.problems.append(Problem(
            UNVERIFIED, version, path, 0,
            f"frozen release {version} is not committed yet: its cut commit cannot be verified",
            f"commit it ('release cut' does; after --no-git: git add {folder} and commit)"))
        report.checks.append(Check("folder = cut commit", "unverifiable", "not committed yet"))
        report.checks.append(Check("cut commit trailer", "unverifiable", "not committed yet"))
        _check_tag(history, report, version, None, current_hash, hash_line, path, require_signed)
        return report
    cut = report.cut = adds[0]
    if cut.commit in history.shallow:
        report.unverifiable = (f"its manifest is already in {_short(cut.commit)}, where this shallow clone's "
                               "history starts: the cut commit lies at or before it")
        report.checks.append(Check("folder = cut commit", "unverifiable", report.unverifiable))
        report.checks.append(Check("cut commit trailer", "unverifiable", "the cut commit may not be the real one"))
        _check_tag(history, report, version, None, current_hash, hash_line, path, require_signed)
        return report

    then_text = history.blob(cut.blob)
    then = _parse(then_text)
    if then_text is None:
        report.problems.append(Problem(MISMATCH, version, path, 1,
                                       f"the manifest of {version} at its cut {_by(cut)} cannot be read",
                                       "check the repository (git fsck)"))
        report.checks.append(Check("folder = cut commit", "mismatch", "the cut commit's manifest cannot be read"))
    elif not (current == then if current is not None and then is not None else text == then_text):
        line = _first_difference(text, then_text)
        report.problems.append(Problem(
            MISMATCH, version, path, line,
            f"the manifest of frozen release {version} differs from the one its cut {_by(cut)} added "
            f"(from line {line}): the release was rewritten",
            f"restore it: git checkout {_short(cut.commit)} -- {folder}"))
        report.problems += _file_differences(version, current, then, cut)
        report.checks.append(Check("folder = cut commit", "mismatch",
                                   f"the manifest differs from the one added in {_by(cut)}"))
    else:
        report.checks.append(Check("folder = cut commit", "ok", f"the manifest equals the one added in {_by(cut)}"))

    for other in adds[1:]:
        if other.blob != cut.blob:
            report.problems.append(Problem(
                MISMATCH, version, path, 1,
                f"{path} was added with different content by two commits, {_by(cut)} and {_by(other)}: "
                "a frozen release is made once",
                f"find out which is the release as it was cut, and restore that one "
                f"(git checkout <commit> -- {folder})"))
            report.checks.append(Check("manifest added once", "mismatch",
                                       f"added with different content in {_by(cut)} and {_by(other)}"))
            break

    anchored = then.get("content_hash") if then else current_hash
    found = trailers(cut.message)
    hashes, releases = found.get(TRAILER_HASH.lower(), []), found.get(TRAILER_RELEASE.lower(), [])
    wrong = [h for h in hashes if h != anchored] + [r for r in releases if r != version]
    if wrong:
        report.problems.append(Problem(
            MISMATCH, version, path, hash_line,
            f"the cut commit {_short(cut.commit)} of {version} records "
            f"{TRAILER_HASH}: {', '.join(hashes) or '-'} and {TRAILER_RELEASE}: {', '.join(releases) or '-'}, "
            f"not {anchored} and {version}",
            "the manifest or the commit message was rewritten: restore the release from its cut commit"))
        report.checks.append(Check("cut commit trailer", "mismatch", f"commit {_short(cut.commit)} records another hash or version"))
    elif hashes:
        report.checks.append(Check("cut commit trailer", "ok", f"{TRAILER_HASH}: {hashes[0]}"))
    else:
        report.checks.append(Check("cut commit trailer", "none", "the cut commit records no content hash "
                                                              "(a cut made before stelsel wrote trailers)"))
    _check_tag(history, report, version, cut, anchored, hash_line, path, require_signed, bool(hashes))
    return report


def _file_differences(version: str, current: dict | None, then: dict | None, cut: vcs.Added) -> list[Problem]:
    """One L005 per file whose recorded hash differs between the cut's manifest and today's."""
    if not current or not then or not isinstance(current.get("files"), dict) or not isinstance(then.get("files"), dict):
        return []
    now_files, then_files = current["files"], then["files"]
    found = []
    for rel in sorted(set(now_files) | set(then_files)):
        if now_files.get(rel) == then_files.get(rel):
            continue
        path = f"{RELEASES_DIR}/{version}/{rel}"
        what = ("was added after the cut" if rel not in then_files
                else "was deleted after the cut" if rel not in now_files
                else "differs from its content at the cut")
        found.append(Problem(MISMATCH, version, path, 0,
                             f"{path} {what} {_short(cut.commit)} (the manifest was changed to match)",
                             f"restore the release: git checkout {_short(cut.commit)} -- {RELEASES_DIR}/{version}"))
    return found


def _check_tag(history: History, report: ReleaseReport, version: str, cut: vcs.Added | None,
               anchored: str | None, line: int, path: str, require_signed: bool, cut_has_hash: bool = False) -> None:
    name = tag_name(version)
    tag = history.tags.get(name)
    if tag is None:
        report.checks.append(Check(f"tag {name}", "absent", "no such tag here (tags do not always travel with a clone)"))
        return
    wrong: list[str] = []
    if cut is not None and tag.commit != cut.commit:
        wrong.append(f"tag {name} points at {'commit ' + _short(tag.commit) if tag.commit else 'no commit'}, "
                     f"not at the cut commit {_short(cut.commit)}")
    found = trailers(tag.message)
    hashes, releases = found.get(TRAILER_HASH.lower(), []), found.get(TRAILER_RELEASE.lower(), [])
    if anchored is not None and any(h != anchored for h in hashes):
        wrong.append(f"tag {name} records {TRAILER_HASH}: {', '.join(hashes)}, not the manifest's {anchored}")
    if any(r != version for r in releases):
        wrong.append(f"tag {name} records {TRAILER_RELEASE}: {', '.join(releases)}")
    if not hashes and cut_has_hash:
        wrong.append(f"tag {name} records no {TRAILER_HASH} although its cut commit does")
    if require_signed:
        signature = history.tag_signature(name)
        if not signature.valid:
            wrong.append(f"tag {name} has no valid signature ({signature.said}), and the workflow requires "
                         "signed decisions")
    if wrong:
        for said in wrong:
            report.problems.append(Problem(MISMATCH, version, path, line, said,
                                           f"a tag names where a release was cut: delete the wrong tag "
                                           f"(git tag -d {name}) and tag the cut commit "
                                           f"{_short(cut.commit) if cut else ''} with its trailers"))
        report.checks.append(Check(f"tag {name}", "mismatch", "; ".join(wrong)))
    elif cut is None:
        report.checks.append(Check(f"tag {name}", "unverifiable" if not hashes else "ok",
                                   f"records {TRAILER_HASH}: {hashes[0]} (where it points cannot be verified)"
                                   if hashes else "where it points cannot be verified without the cut commit"))
    else:
        report.checks.append(Check(f"tag {name}", "ok", f"points at the cut commit" +
                                   (f" and records {TRAILER_HASH}: {hashes[0]}" if hashes
                                    else " (it records no content hash)")))


# --- the whole project ----------------------------------------------------------------------


@dataclass
class Anchors:
    """Every release's report, and the one warning for the run when history is unverifiable."""

    reports: dict[str, ReleaseReport]
    problems: list[Problem]  # all of them, L007 for the run included


def anchor_problems(root: Path, require_signed: bool = False, manifests: dict[str, bytes] | None = None) -> Anchors:
    """The anchors of every frozen release in the tree, and of every release history has.

    ``manifests``: what :func:`frozen_manifests` returns, when the caller has read it already.
    """
    if manifests is None:
        manifests = frozen_manifests(root)
    history = History(root)
    try:
        versions = sorted(set(manifests) | set(history.added), key=version_key)
        reports = {v: _analyse(history, v, manifests.get(v), require_signed) for v in versions}
    finally:
        history.close()
    problems = [p for v in versions for p in reports[v].problems]
    unverified = [v for v in versions if reports[v].unverifiable and reports[v].unverifiable != "not committed yet"]
    if unverified:
        first = reports[unverified[0]]
        listed = ", ".join(unverified)
        reason = (history.problem if not history.available
                  else "their cut commits lie at or before where this shallow clone's history starts")
        problems.append(Problem(
            UNVERIFIED, first.version, manifest_path(first.version), 0,
            f"the history of frozen release{'s' if len(unverified) > 1 else ''} {listed} could not be verified "
            f"({reason}): only the manifests are checked, not their cut commits and tags",
            "check a clone with its full git history (git fetch --unshallow, or actions/checkout with "
            "fetch-depth: 0); 'stelsel release verify VERSION' verifies one release"))
    return Anchors(reports, problems)


# --- stelsel release verify -----------------------------------------------------------------


def _require_signed(root: Path) -> bool:
    """``workflow.require_signed_decisions`` of the framework's governance (False when unreadable)."""
    from ..load.tree import content_dir
    from ..load.yamlread import YamlProblem, parse_yaml

    try:
        data = parse_yaml((Path(root) / content_dir(root) / "governance.yaml").read_text(encoding="utf-8")).data
    except (OSError, UnicodeDecodeError, YamlProblem):
        return False
    workflow = data.get("workflow") if isinstance(data, dict) else None
    return isinstance(workflow, dict) and workflow.get("require_signed_decisions") is True


def manifest_checks(root: Path, version: str, raw: bytes) -> list[Check]:
    """The manifest itself (as L002 checks it) and the folder against it (as L001 does)."""
    manifest = _parse(raw)
    if manifest is None or not isinstance(manifest.get("files"), dict):
        return [Check("manifest intact", "mismatch", "the manifest is not valid JSON with a 'files' mapping")]
    wrong = []
    if manifest.get("content_hash") != content_hash(manifest["files"]):
        wrong.append("its content_hash does not match its file list")
    if manifest.get("version") != version:
        wrong.append(f"it says version {manifest.get('version')!r}")
    try:
        on_disk = hash_tree(Path(root) / RELEASES_DIR / version)
    except OSError as exc:
        on_disk = {}
        wrong.append(f"the folder cannot be read: {exc}")
    changed = sorted(r for r in set(on_disk) | set(manifest["files"]) if on_disk.get(r) != manifest["files"].get(r))
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        wrong.append(f"{len(changed)} file(s) differ from it: {shown}")
    if wrong:
        return [Check("manifest intact", "mismatch", "; ".join(wrong))]
    return [Check("manifest intact", "ok", f"content_hash {manifest['content_hash']}, {len(manifest['files'])} files")]


class UnknownRelease(ValueError):
    """The version is neither frozen in the tree nor in history."""


def verify_release(root: Path, version: str) -> ReleaseReport:
    """Verify one release offline: its manifest, its folder against the cut commit, the trailer and the tag.

    Raises :class:`UnknownRelease` when neither the tree nor history has the release.
    """
    root = Path(root)
    path = root / manifest_path(version)
    try:
        raw: bytes | None = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError as exc:
        raise UnknownRelease(f"cannot read {manifest_path(version)}: {exc}") from None
    history = History(root)
    try:
        if raw is None and version not in history.added:
            frozen = sorted(frozen_manifests(root), key=version_key)
            raise UnknownRelease(f"release {version} is not frozen here (no {manifest_path(version)}"
                                 f"{' in the tree or in history' if history.available else ''}); frozen releases: "
                                 f"{', '.join(frozen) or 'none'}")
        report = _analyse(history, version, raw, _require_signed(root))
    finally:
        history.close()
    if raw is not None:
        intact = manifest_checks(root, version, raw)
        report.checks[:0] = intact
        folder = next((c for c in report.checks if c.name == "folder = cut commit"), None)
        if intact[0].failed and folder is not None and folder.result == "ok":
            # the folder is its cut-commit content only if its files also match the manifest
            folder.result = "mismatch"
            folder.detail += ", but the folder's files do not match the manifest"
    return report
