"""Who recorded a review or decision, according to git: authority is checked, not trusted.

For every proposal with reviews or a decision, the file's history is walked (following
renames, ``git log --follow``); each version's front matter is read, and for each review and
the decision the commit that *added* it (the last commit where it appeared in its current
form) is found. That commit must be authored by the person it names (their e-mail in the
roster); when the workflow sets ``require_signed_decisions``, the decision's commit must
carry a valid signature (``git verify-commit``), made with one of the person's
``signing_keys`` if the roster lists any. A review or decision that someone else later edits
is thereby attributed to that someone, and reported.

After a decision is recorded, the proposal's ``decision`` and ``changes`` are frozen: a later
commit (or an uncommitted edit) that touches them is reported.

Where this cannot be verified (no git, git missing, the file or entry not committed yet, a
shallow clone whose history starts after the entry was added) a warning says so: provenance
never passes silently. Decisions marked ``example: true`` and example people are attributed
too: the flag says the authority is a demonstration, not that anyone may record it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..load.frontmatter import split_front_matter
from ..load.yamlread import YamlProblem, parse_yaml


@dataclass
class Version:
    sha: str
    author_name: str
    author_email: str
    date: str
    path: str  # repository-relative path at that commit
    summary: "Summary | None"  # what provenance compares of that version (None: unreadable)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


_TOP_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:(?:[ \t]|$)")


def _top_level_blocks(front: str) -> list[str] | None:
    """The front matter cut at its top-level keys, or None when its layout is not plain.

    Plain means: every line at column 0 is a key (``name: …``), a block sequence entry of
    the key above (``- …``), a comment or blank. Anything else (flow or quoted text running
    on at column 0, document markers, anchors) is parsed whole instead.
    """
    blocks: list[str] = []
    start = None
    lines = front.splitlines(keepends=True)
    offset = 0
    for line in lines:
        first = line[:1]
        if first and first not in " \t\r\n#-":
            if not _TOP_KEY.match(line):
                return None
            if start is not None:
                blocks.append(front[start:offset])
            start = offset
        elif first == "-" and (start is None or not line.startswith(("- ", "-\n", "-\r"))):
            return None
        elif start is None and first not in ("#", "\n", "\r", ""):
            return None
        offset += len(line)
    if start is not None:
        blocks.append(front[start:])
    return blocks


# What provenance reads of a committed version; the rest of its front matter is not parsed.
PROVENANCE_KEYS = ("reviews", "decision", "changes")


def provenance_data(text: str, memo: dict | None = None) -> dict | None:
    """The ``reviews``, ``decision`` and ``changes`` of a committed version (None when unreadable).

    Successive versions of a proposal differ in a block or two (a review added, the status
    moved), so with ``memo`` each top-level block is parsed once per distinct text, and only
    the blocks of PROVENANCE_KEYS are parsed at all: the history of a large proposal costs
    about one parse of those blocks, not one parse of the whole file per commit. A broken
    line in another block (a history entry, the motivation) therefore does not hide who
    recorded a review. Front matter of another layout is parsed whole.
    """
    front, _body, _line = split_front_matter(text)
    if front is None:
        return None
    blocks = _top_level_blocks(front) if memo is not None else None
    if blocks is not None:
        data: dict = {}
        for block in blocks:
            key = block[:block.index(":")]
            if key not in PROVENANCE_KEYS:
                continue
            part = memo.get(block)
            if part is None:
                try:
                    part = parse_yaml(block, positions=False).data
                except YamlProblem:
                    part = False
                memo[block] = part
            if not isinstance(part, dict) or list(part) != [key] or key in data:
                break  # not one key per block after all: read the whole text
            data.update(part)
        else:
            return data
    try:
        data = parse_yaml(front, line_offset=1, positions=False).data
    except YamlProblem:
        return None
    return {k: data[k] for k in PROVENANCE_KEYS if k in data} if isinstance(data, dict) else None


@dataclass(frozen=True)
class Summary:
    """What provenance compares between versions, as canonical JSON: small, and cheap to compare."""

    reviews: tuple[str, ...]  # each review
    decision: tuple[str, ...]  # the decision, if any
    frozen: str  # the decision and the changes together (frozen once decided)


def _canonical_block(key: str, value: Any):
    return tuple(canonical(r) for r in value) if key == "reviews" and isinstance(value, list) else \
        () if key == "reviews" else canonical(value)


def _summary_of(pieces: dict) -> Summary:
    """A Summary from the canonical pieces of the blocks present (see _canonical_block)."""
    decision = pieces.get("decision")
    null = canonical(None)
    return Summary(reviews=pieces.get("reviews", ()),
                   decision=(decision,) if decision is not None and decision != null else (),
                   frozen=f"{decision or null}\0{pieces.get('changes') or null}")


def summarize(data: dict | None) -> Summary | None:
    """The Summary of front-matter data (a committed version's or the working tree's)."""
    if not isinstance(data, dict):
        return None
    return _summary_of({k: _canonical_block(k, data[k]) for k in PROVENANCE_KEYS if k in data})


def version_summary(text: str, memo: dict) -> Summary | None:
    """The Summary of a committed version's text; ``memo`` keeps each block's pieces by its text."""
    front, _body, _line = split_front_matter(text)
    if front is None:
        return None
    blocks = _top_level_blocks(front)
    if blocks is not None:
        pieces: dict = {}
        for block in blocks:
            key = block[:block.index(":")]
            if key not in PROVENANCE_KEYS:
                continue
            piece = memo.get(block)
            if piece is None:
                try:
                    part = parse_yaml(block, positions=False).data
                except YamlProblem:
                    part = None
                ok = isinstance(part, dict) and list(part) == [key]
                piece = memo[block] = (_canonical_block(key, part[key]),) if ok else False
            if piece is False or key in pieces:
                break  # not one key per block after all: read the whole text
            pieces[key] = piece[0]
        else:
            return _summary_of(pieces)
    return summarize(provenance_data(text))


class GitView:
    """Read-only access to the history of the repository that holds a project (if any)."""

    def __init__(self, root: Path, blob_cache: dict | None = None):
        self.root = Path(root).resolve()
        # provenance_data() of committed blobs by blob id: a blob never changes, so this may
        # persist between runs (see load/cache.py); ``blob_cache_dirty`` says it grew
        self.blob_cache: dict = blob_cache if blob_cache is not None else {}
        self.blob_cache_dirty = False
        self._blocks: dict[str, Any] = {}  # parsed top-level front-matter blocks by their text
        self.toplevel: Path | None = None
        self.problem: str | None = None
        self.shallow: set[str] = set()
        self._versions: dict[str, list[Version]] = {}
        self._history: dict[str, list[tuple[str, ...]]] = {}  # path -> (commit, author, e-mail, date, path, blob), newest first
        self._indexed: set[str] = set()
        self._signatures: dict[str, tuple[bool, str, str]] = {}
        self._batch: subprocess.Popen | None = None
        top = self._run("rev-parse", "--show-toplevel")
        if top is None:
            return
        self.toplevel = Path(top.strip()).resolve()
        git_dir = self._run("rev-parse", "--absolute-git-dir")
        if self._run("rev-parse", "--verify", "-q", "HEAD") is None:
            self.problem = "the repository has no commits yet"
            self.toplevel = None
            return
        if git_dir:
            try:
                self.shallow = set((Path(git_dir.strip()) / "shallow").read_text().split())
            except OSError:
                self.shallow = set()

    @property
    def available(self) -> bool:
        return self.toplevel is not None

    def _run(self, *args: str, check: bool = True, env: dict | None = None) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, timeout=120,
                                  env=env)
        except FileNotFoundError:
            self.problem = "git is not installed"
            return None
        except (OSError, subprocess.SubprocessError) as exc:
            self.problem = f"git failed: {exc}"
            return None
        if done.returncode != 0:
            if check and self.problem is None and args[:2] == ("rev-parse", "--show-toplevel"):
                said = (done.stderr or "").strip().splitlines()
                if said and "not a git repository" not in said[0].lower():
                    self.problem = f"git cannot read the repository: {said[0]}"
                else:
                    self.problem = "the project is not in a git repository"
            return None
        return done.stdout

    def repo_path(self, project_path: str) -> str:
        full = (self.root / project_path).resolve()
        return full.relative_to(self.toplevel).as_posix()

    def versions(self, project_path: str) -> list[Version]:
        """Committed versions of a file, oldest first, following renames within its top folder."""
        if project_path in self._versions:
            return self._versions[project_path]
        result: list[Version] = []
        if self.available:
            rel = self.repo_path(project_path)
            # The project's top folder (changes/), so moves between its subfolders are followed.
            top = project_path.split("/", 1)[0]
            folder = self.repo_path(top) if "/" in project_path else "."
            if folder not in self._indexed:
                self._index_folder(folder)
            for sha, name, email, date, path, blob in reversed(self._history.get(rel, [])):
                if blob in self.blob_cache:
                    summary = self.blob_cache[blob]
                else:
                    text = self._blob(blob)
                    summary = version_summary(text, self._blocks) if text is not None else None
                    if text is not None:
                        self.blob_cache[blob] = summary
                        self.blob_cache_dirty = True
                result.append(Version(sha, name, email, date, path, summary))
        self._versions[project_path] = result
        return result

    def _index_folder(self, folder: str) -> None:
        """One ``git log`` for a whole folder: which commits touched which file, newest first.

        A log per file (``--follow``) costs a process and a history walk per proposal, which
        is minutes for hundreds of proposals; one walk with rename detection gives the same
        lists. A rename ``old -> new`` makes older commits of ``old`` count for ``new``.
        """
        self._indexed.add(folder)
        # --raw names each file's blob, so a version is read (and parsed) once per blob, ever
        out = self._run("-C", str(self.toplevel), "log", "--topo-order", "--raw", "--no-abbrev", "-M",
                        "--format=%x1e%H%x00%an%x00%ae%x00%aI", "--", folder) or ""
        alias: dict[str, str] = {}  # a path in older commits -> the file's current path
        for record in out.split("\x1e"):
            record = record.strip("\n")
            if not record:
                continue
            header, _, names = record.partition("\n")
            parts = header.split("\x00")
            if len(parts) != 4:
                continue
            for line in names.splitlines():
                # ":100644 100644 <old blob> <new blob> M\tpath" (R and C: "\told\tnew")
                fields = line.split("\t")
                meta = fields[0].split()
                if len(fields) < 2 or len(meta) != 5 or not line.startswith(":"):
                    continue
                status, blob = meta[4][0], meta[3]
                if status == "D":
                    continue
                path = fields[-1]
                current = alias.get(path, path)
                self._history.setdefault(current, []).append((*parts, path, blob))
                if status in ("R", "C") and len(fields) == 3:
                    alias[fields[1]] = current

    def _blob(self, blob: str) -> str | None:
        """The text of a blob, through one long-lived ``git cat-file --batch``."""
        if self._batch is None:
            try:
                self._batch = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.toplevel,
                                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            except OSError:
                return None
            weakref.finalize(self, _close, self._batch)
        batch = self._batch
        try:
            batch.stdin.write(f"{blob}\n".encode())
            batch.stdin.flush()
            header = batch.stdout.readline().decode()
            parts = header.split()
            if len(parts) != 3 or parts[1] != "blob":
                return None
            data = batch.stdout.read(int(parts[2]))
            batch.stdout.read(1)  # the newline after each object
        except (OSError, ValueError):
            return None
        return data.decode("utf-8", errors="replace")

    def close(self) -> None:
        """End the ``git cat-file`` process and drop the block memo (before a view is pickled)."""
        if self._batch is not None:
            _close(self._batch)
            self._batch = None
        self._blocks = {}

    def signature(self, sha: str) -> tuple[bool, str, str]:
        """(valid, signing key fingerprint, what git said) for one commit."""
        if sha in self._signatures:
            return self._signatures[sha]
        try:
            done = subprocess.run(["git", "verify-commit", "--raw", sha], cwd=self.root, capture_output=True,
                                  text=True, timeout=120)
            valid = done.returncode == 0
            said = (done.stderr or done.stdout).strip()
        except (OSError, subprocess.SubprocessError) as exc:
            valid, said = False, str(exc)
        info = self._run("log", "-1", "--format=%G?%x00%GF%x00%GP", sha) or ""
        parts = info.strip().split("\x00")
        # the signing key, and its primary key when a subkey signed: the roster may list either
        fingerprint = " ".join(p for p in parts[1:3] if p)
        if not said:
            said = "no signature" if not valid else "good signature"
        first = said.splitlines()[0] if said else ""
        if not valid and parts and parts[0] == "N":
            first = "the commit is not signed"
        result = (valid, fingerprint, first)
        self._signatures[sha] = result
        return result


def _close(process: subprocess.Popen) -> None:
    try:
        process.stdin.close()
        process.wait(timeout=10)
    except (OSError, subprocess.SubprocessError):
        pass


PREFETCH = "workflow.git.prefetch"  # project.memo key of a history read started in the background


def git_view(project) -> GitView:
    def make() -> GitView:
        cache = getattr(project, "cache", None)
        table = cache.blob_table() if cache is not None else None
        pending = project.memo.pop(PREFETCH, None)
        if pending is not None:
            view = pending.result()
            if isinstance(view, GitView) and view.root == Path(project.root).resolve():
                if table is not None:  # keep the blobs read by the child for the next run
                    table.update(view.blob_cache)
                    view.blob_cache = table
                return view
        return GitView(project.root, table)

    return project.memoized("workflow.git", make)


def prefetch_history(root: Path, blob_cache: dict | None):
    """Start reading the committed versions of every proposal in a forked child (load/parallel.py).

    A cold check of a large tree spends a second core on this while it reads and parses the
    files; store the returned handle in ``project.memo[PREFETCH]`` and git_view() collects it.
    Start it early, while this process is small: a child shares the memory it was forked
    with, and keeps what this process frees later.
    """
    from ..load.parallel import Background
    from ..load.tree import CHANGES_DIR, MARKDOWN_SUFFIXES, scan

    def read() -> GitView:
        view = GitView(root, blob_cache)
        if view.available:
            for entry in scan(root, (CHANGES_DIR,)):
                if entry.path.endswith(MARKDOWN_SUFFIXES):
                    view.versions(entry.path)
        view.close()
        return view

    return Background(read)


def state_key(root: Path) -> str:
    """HEAD, shallowness and keyring of the repository holding ``root`` (one git call)."""
    try:
        done = subprocess.run(["git", "rev-parse", "--absolute-git-dir", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"nogit:{type(exc).__name__}"
    if done.returncode != 0:
        return f"nogit:{done.returncode}"
    git_dir, _, head = done.stdout.strip().partition("\n")
    try:
        shallow = (Path(git_dir) / "shallow").read_text()
    except OSError:
        shallow = ""
    return f"{head}:{hashlib.sha1(shallow.encode()).hexdigest()[:12]}:{os.environ.get('GNUPGHOME', '')}"


# --- attribution ----------------------------------------------------------------------------


def _reviews(summary: Summary | None) -> tuple[str, ...]:
    return summary.reviews if summary is not None else ()


def _decision(summary: Summary | None) -> tuple[str, ...]:
    return summary.decision if summary is not None else ()


def _frozen_part(summary: Summary | None) -> str:
    return summary.frozen if summary is not None else _summary_of({}).frozen


def adding_version(versions: list[Version], extract, entry: str) -> Version | None:
    """The commit where ``entry`` last appeared (None if the newest version lacks it)."""
    added, present = None, False
    for version in versions:
        now = entry in extract(version.summary)
        if now and not present:
            added = version
        present = now
    return added if present else None


@dataclass
class Finding:
    code: str
    path: str
    loc: tuple
    message: str
    hint: str | None = None


def provenance_findings(project) -> list[Finding]:
    """Every git-derived finding on proposals (codes W011, W018, W019, W020)."""
    return project.memoized("workflow.provenance", lambda: _compute(project))


def _compute(project) -> list[Finding]:
    governance = project.governance
    if governance is None:
        return []
    people = {p.id: p for p in governance.people}
    require_signed = governance.workflow.require_signed_decisions
    findings: list[Finding] = []
    view: GitView | None = None
    unverified: list[tuple[str, str, tuple]] = []  # without git: (id, path, loc) of each proposal
    for item in project.items("proposal"):
        model, sf = item.model, item.file
        data = sf.data if isinstance(sf.data, dict) else {}
        # Example people and example decisions are attributed like any other: 'example'
        # says the authority is a demonstration, not that anyone may record it.
        reviews = list(enumerate(model.reviews))
        decision = model.decision
        if not reviews and decision is None:
            continue
        if view is None:
            view = git_view(project)
        if not view.available:
            unverified.append((model.id, sf.path, ("decision",) if decision is not None else ("reviews", reviews[0][0])))
            continue
        versions = view.versions(sf.path)
        raw_reviews = data.get("reviews") if isinstance(data.get("reviews"), list) else []
        for index, review in reviews:
            if index >= len(raw_reviews):
                continue
            entry = canonical(raw_reviews[index])
            person = people.get(review.by)
            findings += _attribute(view, versions, _reviews, entry, sf.path, ("reviews", index),
                                   f"the review by {review.by}", person, signed=False)
        if decision is not None:
            entry = canonical(data.get("decision"))
            person = people.get(decision.by)
            findings += _attribute(view, versions, _decision, entry, sf.path, ("decision",),
                                   f"the decision ({decision.outcome}) by {decision.by}", person, signed=require_signed)
        if model.decision is not None:
            findings += _edited_after_decision(versions, data, sf.path, model.id)
    if unverified:
        # One finding for the project, not one per proposal: the cause is the same for all.
        ident, path, loc = unverified[0]
        others = len(unverified) - 1
        who = f"{ident} and {others} other proposal{'s' if others != 1 else ''}" if others else ident
        findings.append(Finding("W020", path, loc,
                                f"{who}: who recorded the reviews and decisions cannot be verified: {view.problem}",
                                "check a clone with its git history (provenance is read from the commits)"))
    return findings


def _short(version: Version) -> str:
    return f"commit {version.sha[:10]} by {version.author_name} <{version.author_email}>"


def _attribute(view: GitView, versions, extract, entry, path, loc, what, person, signed: bool) -> list[Finding]:
    added = adding_version(versions, extract, entry)
    if added is None:
        return [Finding("W020", path, loc, f"{what} is not committed yet: who recorded it cannot be verified",
                        "commit it as that person (git commit --author or their own git identity)")]
    if added.sha in view.shallow:
        return [Finding("W020", path, loc, f"{what} predates the start of this shallow clone's history "
                                           f"({added.sha[:10]}): who recorded it cannot be verified",
                        "fetch the full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0)")]
    found: list[Finding] = []
    if person is not None and added.author_email.strip().lower() != person.email.strip().lower():
        found.append(Finding("W018", path, loc,
                             f"{what} was recorded in {_short(added)}, not by {person.id} <{person.email}>",
                             f"{person.id} records it in a commit of their own (author e-mail {person.email})"))
    if signed:
        valid, fingerprint, said = view.signature(added.sha)
        if not valid:
            found.append(Finding("W019", path, loc,
                                 f"{what} was recorded in commit {added.sha[:10]}, which has no valid signature ({said})",
                                 "decisions must be recorded in a signed commit: git commit -S (the signer's public "
                                 "key must be known to the checker's gpg)"))
        elif person is not None and person.signing_keys:
            keys = [k.replace(" ", "").upper() for k in person.signing_keys]
            used = [f.upper() for f in fingerprint.split()]
            if not any(f.endswith(k) or k.endswith(f) for f in used for k in keys if k and f):
                found.append(Finding("W019", path, loc,
                                     f"{what} was signed with key {fingerprint.split()[0] if fingerprint else '(unknown)'}, which is not one of "
                                     f"{person.id}'s signing keys",
                                     f"sign with a key listed under signing_keys of {person.id} in the roster"))
    return found


def _edited_after_decision(versions: list[Version], data: dict, path: str, ident: str) -> list[Finding]:
    first = next((i for i, v in enumerate(versions) if _decision(v.summary)), None)
    if first is None:
        return []
    frozen = _frozen_part(versions[first].summary)
    found: list[Finding] = []
    for version in versions[first + 1:]:
        if _frozen_part(version.summary) != frozen:
            found.append(Finding("W011", path, ("decision",),
                                 f"{ident}: its decision or changes were edited in {_short(version)}, after the decision "
                                 f"was recorded in commit {versions[first].sha[:10]}",
                                 "a decided proposal is frozen: revert the edit, and carry new changes in a new proposal"))
            frozen = _frozen_part(version.summary)  # report each later edit once
    if _frozen_part(summarize(data)) != frozen:
        found.append(Finding("W011", path, ("decision",),
                             f"{ident}: its decision or changes differ from what was decided (uncommitted edit)",
                             "a decided proposal is frozen: revert the edit, and carry new changes in a new proposal"))
    return found


def to_diagnostics(project, rule, code: str) -> list[Diagnostic]:
    out = []
    by_path = None
    for finding in provenance_findings(project):
        if finding.code != code:
            continue
        if by_path is None:  # one lookup table, not a scan of every file per finding
            by_path = {f.path: f for f in project.files}
        sf = by_path.get(finding.path)
        line, col = sf.position(finding.loc) if sf is not None else (0, 0)
        out.append(rule.at(finding.path, line, col, finding.message, hint=finding.hint))
    return out
