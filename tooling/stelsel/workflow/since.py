"""The pull-request check: what changed since a ref must be carried, and history kept.

``stelsel check --since REF`` takes the merge base of REF and HEAD and lists the files that
differ between it and the working tree (committed or not, including new files). It reports:

* W021: every content item (``afsprakenstelsel/**``) in them that no *live* proposal lists.
  Live is open, or approved and not yet released; a proposal counts only for the items
  it lists. Touching a released, withdrawn or rejected proposal carries nothing (a typo
  fix in a proposal released years ago must not launder every change to its items). A
  file whose content is unchanged (a comment, a cut's ready -> adopted promotion) is
  no change; the framework config counts without ``working_release`` (``release open``
  moves it); release register entries are the release process's and are not reported.
* W027: a change to ``governance.yaml`` or the framework config (but for ``working_release``)
  that no *decided* proposal (approved or released, with its decision) lists by the file's
  ID: who may do what is changed only by a decision, not by the proposal asking for it.
* W026: when ``governance.yaml`` changed, each act added in the range (a move, review or
  decision; a release decision, publication or cut) that the governance at the merge base
  does not entitle: a roster change cannot authorise acts in the change that makes it
  (:mod:`stelsel.workflow.range_roster`).
* W023: a proposal that had a decision at the merge base and is gone.
* L009: an edit under ``releases/``, except the files of ``releases/<v>/`` that the cut
  commit of ``<v>`` added within the range, unchanged since. The cut commit is the first
  commit adding ``releases/<v>/manifest.json``; ``release cut`` writes the trailers
  ``Stelsel-Release: <v>`` and ``Stelsel-Content-Hash: <hash>`` (the manifest's
  ``content_hash``) as its message's last paragraph, and only such a commit counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import vcs
from ..diagnostics import Diagnostic
from ..load.frontmatter import split_front_matter
from ..load.tree import CHANGES_DIR, content_dir
from ..load.yamlread import YamlProblem, parse_yaml
from ..release.pin import MOVED_BY_TOOL  # keys the release process moves in the content

NOT_CARRIED = frozenset({"release"})
GOVERNED = frozenset({"governance", "framework"})  # carried only by a decided proposal (W027)
RELEASES = "releases"


class SinceError(Exception):
    """``--since`` cannot be evaluated (no git, unknown ref): a usage error."""


def _data(path: str, text: str) -> tuple[dict | None, str | None]:
    """The parsed data of a file's text (its front matter for Markdown) and its body."""
    source, body = text, None
    if path.endswith(".md"):
        front, body, _line = split_front_matter(text)
        if front is None:
            return None, body
        source = front
    try:
        data = parse_yaml(source).data
    except YamlProblem:
        return None, body
    return (data if isinstance(data, dict) else None), body


def _ids_in_text(path: str, text: str) -> list[tuple[str, str | None]]:
    """(id, kind) defined by an old version of a file."""
    data, _body = _data(path, text)
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        kind = data.get("kind") or ("page" if path.endswith(".md") else None)
        return [(data["id"], kind)]
    return []


@dataclass
class Range:
    """What changed between the merge base and the working tree (project paths)."""

    base: str
    changed: list[tuple[str, str, str | None]]  # content and proposals: (status, path, old path)
    before: dict[str, str]  # project path -> text at the merge base (deleted, renamed, modified)
    releases: list[tuple[str, str, str | None]] = field(default_factory=list)  # under releases/
    cuts: dict[str, "Cut"] = field(default_factory=dict)  # version -> its cut commit in the range


@dataclass
class Cut:
    version: str
    commit: str | None  # the first commit adding releases/<v>/manifest.json (None: none)
    in_range: bool = False
    trailers_ok: bool = False
    added: dict[str, str | None] = field(default_factory=dict)  # project path -> text the cut commit gave it
    unlike: set[str] = field(default_factory=set)  # added files that differ from the tree the cut commit holds


def _open(root: Path):
    try:
        return vcs.open_repo(root)
    except vcs.GitProblem as exc:
        if "not installed" in str(exc):
            raise SinceError("--since needs git, and git is not installed") from None
        if "not in a git repository" in str(exc):
            raise SinceError(f"--since needs git history, but {root} is not in a git repository") from None
        raise SinceError(f"--since needs git history: {exc}") from None


def read_range(root: Path, ref: str, releases: bool = True) -> Range:
    """Everything ``--since REF`` compares, read in one session with git."""
    root = Path(root).resolve()
    repo = _open(root)
    try:
        if vcs.resolve_commit(repo, ref) is None:
            raise SinceError(f"--since: unknown git ref '{ref}' (a branch, tag or commit; in CI fetch it first, "
                             "e.g. git fetch origin main and use origin/main)")
        base = vcs.merge_base(repo, ref, "HEAD")
        if base is None:
            raise SinceError(f"--since: '{ref}' and HEAD have no common history (a shallow clone? fetch more history)")
        prefix = root.relative_to(vcs.toplevel(repo)).as_posix()
        prefix = "" if prefix == "." else prefix + "/"

        def local(path: str | None) -> str | None:
            return path[len(prefix):] if path and prefix and path.startswith(prefix) else path

        content_folder = content_dir(root)
        changed = [(status, local(path), local(old)) for status, path, old in
                   vcs.changed_files(repo, base, [f"{prefix}{content_folder}", f"{prefix}{CHANGES_DIR}"])]
        before: dict[str, str] = {}
        for status, path, old in changed:
            content = path.startswith(content_folder + "/")
            if (content and status in ("D", "R", "M")) or (path.startswith(CHANGES_DIR + "/") and status == "D"):
                text = vcs.read_blob(repo, f"{base}:{prefix}{old or path}")
                if text is not None:
                    before[old or path] = text
        result = Range(base, changed, before)
        if releases:
            result.releases = [(status, local(path), local(old)) for status, path, old in
                               vcs.changed_files(repo, base, [f"{prefix}{RELEASES}"])]
            versions = sorted({p.split("/")[1] for _s, p, _o in result.releases if p.count("/") >= 2})
            for version in versions:
                result.cuts[version] = _cut(repo, base, prefix, version,
                                            [p for s, p, _o in result.releases if s == "A"
                                             and p.startswith(f"{RELEASES}/{version}/")])
    except vcs.GitProblem as exc:
        raise SinceError(str(exc)) from None
    finally:
        vcs.close(repo)
    return result


def _cut(repo, base: str, prefix: str, version: str, added: list[str]) -> Cut:
    manifest = f"{prefix}{RELEASES}/{version}/manifest.json"
    adding = vcs.adding_commits(repo, manifest)
    cut = Cut(version, adding[0].commit if adding else None)
    if cut.commit is None:
        return cut
    cut.in_range = not vcs.is_ancestor(repo, cut.commit, base)
    if not cut.in_range:
        return cut
    from ..release.anchor import TRAILER_HASH, TRAILER_RELEASE, trailers

    found = trailers(adding[0].message)
    try:
        recorded = json.loads(vcs.read_blob(repo, f"{cut.commit}:{manifest}") or "null")
    except (ValueError, RecursionError):  # a manifest nested past the parser's stack
        recorded = None
    content_hash = recorded.get("content_hash") if isinstance(recorded, dict) else None
    cut.trailers_ok = (found.get(TRAILER_RELEASE.lower()) == [version] and content_hash is not None
                       and found.get(TRAILER_HASH.lower()) == [content_hash])
    for path in added:
        cut.added[path] = vcs.read_blob(repo, f"{cut.commit}:{prefix}{path}")
        # release cut copies the tree it commits: releases/<v>/X is X in that same commit
        source = path.split("/", 2)[2]
        if source != "manifest.json" and vcs.read_blob(repo, f"{cut.commit}:{prefix}{source}") != cut.added[path]:
            cut.unlike.add(path)
    return cut


def changed_files(root: Path, ref: str) -> tuple[str, list[tuple[str, str, str | None]], dict[str, str]]:
    """(merge base, [(status, project path, old project path)], {project path: its text at the merge base}).

    The texts are those of content files deleted, renamed (by their old path) or modified,
    and of proposals deleted: what they defined before the change counts as changed too.
    """
    found = read_range(root, ref, releases=False)
    return found.base, found.changed, found.before


def _live(project) -> set[str]:
    """The items live proposals list: open ones, and approved ones not released yet."""
    from ..release.pin import states_of

    states = states_of(project)
    covered: set[str] = set()
    for item in project.items("proposal"):
        if item.model.status in states.open or item.model.status in states.approved:
            covered.update(change.item for change in item.model.changes)
    return covered


def _decided(project) -> set[str]:
    """The items decided proposals list: approved or released, with a recorded decision."""
    from ..release.pin import states_of

    states = states_of(project)
    carried: set[str] = set()
    for item in project.items("proposal"):
        if item.model.decision is not None and (item.model.status in states.approved
                                                or item.model.status in states.released):
            carried.update(change.item for change in item.model.changes)
    return carried


def _unproposed_governance(kind, ident, where, line, col, ref, base, status) -> Diagnostic:
    from ..codes import GOVERNANCE_CHANGE_UNPROPOSED

    what = {"A": "added", "D": "deleted", "R": "renamed"}.get(status, "changed")
    name = "the governance" if kind == "governance" else "the framework config"
    return GOVERNANCE_CHANGE_UNPROPOSED.at(
        where, line, col,
        f"{name} ('{ident}') was {what} since {ref} ({base[:10]}), but no decided proposal (approved or released) "
        f"lists it: who may do what is changed only by a decision",
        hint=f"carry it in a proposal: stelsel propose --item change:{ident}, and merge the change "
             f"once that proposal is decided (an open proposal does not carry a governance change)")


def _same_content(kind: str | None, now, before: str | None, path: str, same: dict[str, str]) -> bool:
    """Whether a modified file still holds the same content (comments, promotion, tool-moved keys aside)."""
    from ..release.pin import digest_of

    if now is None or before is None or not isinstance(now.data, dict):
        return False
    old, old_body = _data(path, before)
    if old is None:
        return False
    drop = MOVED_BY_TOOL.get(kind or "", ())
    new_data = {k: v for k, v in now.data.items() if k not in drop}
    old_data = {k: v for k, v in old.items() if k not in drop}
    return digest_of(new_data, now.body, same=same) == digest_of(old_data, old_body, same=same)


def unproposed_changes(root: Path, ref: str, rule=None, project=None, found_range: Range | None = None) -> list[Diagnostic]:
    """W021 findings: changed content items that no live proposal lists."""
    from ..load.project import load_project
    from ..codes import UNPROPOSED_CHANGE

    rule = rule or UNPROPOSED_CHANGE
    root = Path(root).resolve()
    found_range = found_range or read_range(root, ref, releases=False)
    base, changed, before = found_range.base, found_range.changed, found_range.before
    project = project or load_project(root)
    covered = _live(project)
    decided = _decided(project)
    files = {sf.path: sf for sf in project.files}
    found: list[Diagnostic] = []
    content_folder = content_dir(root) + "/"
    for status, path, old in sorted(changed, key=lambda c: c[1]):
        if not path.startswith(content_folder):
            continue
        sf = files.get(path)
        if status == "M" and sf is not None and _same_content(sf.kind, sf, before.get(path), path,
                                                                  project.statuses.same_status):
            continue
        ids: list[tuple[str, str | None, str, int, int]] = []
        if status != "D" and sf is not None:
            ident = sf.model.id if sf.model is not None and getattr(sf.model, "id", None) else (
                sf.data.get("id") if isinstance(sf.data, dict) else None)
            if isinstance(ident, str):
                line, col = sf.position(("id",))
                ids.append((ident, sf.kind, path, line, col))
        for ident, kind in _ids_in_text(old or path, before.get(old or path, "")):
            if not any(i[0] == ident for i in ids):
                ids.append((ident, kind, path, 0, 0))
        for ident, kind, where, line, col in ids:
            if kind in GOVERNED:  # the governance and the framework config: only a decided proposal carries them
                if ident not in decided:
                    found.append(_unproposed_governance(kind, ident, where, line, col, ref, base, status))
                continue
            if kind in NOT_CARRIED or ident in covered:
                continue
            what = {"A": "added", "D": "deleted", "R": "renamed"}.get(status, "changed")
            found.append(rule.at(where, line, col,
                                 f"{kind or 'item'} '{ident}' was {what} since {ref} ({base[:10]}), but no live proposal "
                                 f"(open, or approved and not yet released) lists it",
                                 hint=f"list it in a proposal: stelsel propose --title ... --item change:{ident} "
                                      f"(or add it to an open proposal's changes); a released proposal carries "
                                      f"nothing"))
    return found


def deleted_proposals(project, ref: str, found_range: Range) -> list[Diagnostic]:
    """W023 findings: proposals that had a decision at the merge base and are gone."""
    from ..codes import DECIDED_PROPOSAL_DELETED

    from ..release.pin import digest_of
    from .provenance import RELEASE_MARKERS

    def text(data, body) -> str:  # all but the release markers
        return digest_of({k: v for k, v in data.items() if k not in RELEASE_MARKERS}, body,
                         same=project.statuses.same_status)

    present = {(sf.data.get("id"), text(sf.data, sf.body)) for sf in project.files
               if sf.kind == "proposal" and isinstance(sf.data, dict)}
    found = []
    for status, path, old in sorted(found_range.changed, key=lambda c: c[1]):
        if status != "D" or not path.startswith(CHANGES_DIR + "/"):
            continue
        data, body = _data(path, found_range.before.get(path, ""))
        if not isinstance(data, dict) or not isinstance(data.get("decision"), dict):
            continue
        ident = data.get("id") if isinstance(data.get("id"), str) else None
        if (ident, text(data, body)) in present:  # moved to another name, the same proposal: still there
            continue
        base = found_range.base
        found.append(DECIDED_PROPOSAL_DELETED.at(
            path, 0, 0, f"{ident or path}: a proposal that recorded a decision was deleted since {ref} "
                        f"(at {base[:10]} it had one)",
            hint=f"restore it: git checkout {base[:10]} -- {path} (a decided proposal is part of the record; it is "
                 f"never deleted)"))
    return found


def release_edits(root: Path, ref: str, found_range: Range) -> list[Diagnostic]:
    """L009 findings: edits under releases/ that are not the cut commit's own files."""
    from ..codes import RELEASE_EDIT_OUTSIDE_CUT

    root = Path(root).resolve()
    base = found_range.base[:10]
    found = []
    for status, path, old in sorted(found_range.releases, key=lambda c: c[1]):
        parts = path.split("/")
        version = parts[1] if len(parts) >= 3 else None
        cut = found_range.cuts.get(version) if version else None
        what = {"A": "added", "D": "deleted", "R": "renamed"}.get(status, "changed")
        if status == "A" and cut is not None and cut.in_range and cut.trailers_ok and path in cut.unlike:
            why = (f"the cut commit of release {version} ({cut.commit[:10]}) holds another "
                   f"{path.split('/', 2)[2]} than this frozen copy: release cut copies the tree it commits, so this "
                   f"commit was not made by it")
        elif status == "A" and cut is not None and cut.in_range and cut.trailers_ok and path in cut.added:
            try:
                now = (root / path).read_bytes().decode("utf-8", errors="replace")
            except OSError:
                now = None
            if now is not None and now == cut.added[path]:
                continue
            why = f"it differs from what the cut commit of release {version} ({cut.commit[:10]}) added"
        elif status == "A" and cut is not None and cut.in_range and cut.trailers_ok:
            why = f"the cut commit of release {version} ({cut.commit[:10]}) did not add it"
        elif status == "A" and cut is not None and cut.in_range:
            why = (f"commit {cut.commit[:10]}, which added releases/{version}/manifest.json, is not a release cut "
                   f"(its message lacks the trailers Stelsel-Release: {version} and Stelsel-Content-Hash matching "
                   f"the manifest)")
        elif version and cut is not None and cut.commit is not None and not cut.in_range:
            why = f"release {version} was frozen before {ref} (cut in {cut.commit[:10]}); a frozen release never changes"
        else:
            why = "only the commit 'stelsel release cut' makes may add a release"
        found.append((version, RELEASE_EDIT_OUTSIDE_CUT.at(
            path, 0, 0, f"{path} was {what} since {ref} ({base}) outside a release cut: {why}",
            hint=(f"restore it: git checkout {base} -- {old or path}" if status != "A" else f"remove it") +
                 "; a release is frozen only by 'stelsel release cut', in the commit it makes")))
    return _one_per_release(found, base)


def _one_per_release(found: list, base: str) -> list[Diagnostic]:
    """One L009 per release folder (one fault: a release edited), naming how many files it touched."""
    import dataclasses

    grouped: dict[str | None, list[Diagnostic]] = {}
    out: list[Diagnostic] = []
    for version, diagnostic in found:
        if version is None:
            out.append(diagnostic)
        else:
            grouped.setdefault(version, []).append(diagnostic)
    for version, diagnostics in grouped.items():
        first = diagnostics[0]
        if len(diagnostics) > 1:
            first = dataclasses.replace(
                first, message=f"{first.message} (and {len(diagnostics) - 1} more file(s) under releases/{version}/)",
                hint=f"restore the folder: git checkout {base} -- releases/{version} (remove what the cut did not add); "
                     "a release is frozen only by 'stelsel release cut', in the commit it makes")
        out.append(first)
    return out


def since_findings(root: Path, ref: str, project=None) -> list[Diagnostic]:
    """Every ``--since`` finding (W021, W023, W026, W027, L009)."""
    from ..load.project import load_project

    root = Path(root).resolve()
    found_range = read_range(root, ref)
    from .range_roster import roster_in_range

    project = project or load_project(root)
    return (unproposed_changes(root, ref, project=project, found_range=found_range)
            + deleted_proposals(project, ref, found_range) + release_edits(root, ref, found_range)
            + roster_in_range(project, ref, found_range))


def add_since_findings(result, root: Path, ref: str) -> None:
    """Merge the ``--since`` findings into a :class:`stelsel.check.CheckResult`."""
    from ..diagnostics import sort_key

    extra = since_findings(root, ref)
    # one finding per fault: what the plain check already reported is not said again
    deleted = {d.path for d in result.diagnostics if d.code == "W023"}
    unreleased = {d.path for d in result.diagnostics if d.code == "L004"}  # the same item, against its release
    # a frozen release the plain check already finds edited (L001), rewritten (L005) or deleted (L006)
    damaged = {d.path.split("/")[1] for d in result.diagnostics
               if d.code in ("L001", "L005", "L006") and d.path.count("/") >= 2}
    extra = [d for d in extra if not (d.code == "W023" and d.path in deleted)
             and not (d.code == "W021" and d.path in unreleased)
             and not (d.code == "L009" and d.path.count("/") >= 2 and d.path.split("/")[1] in damaged)]
    merged = {(d.path, d.line, d.col, d.code, d.message): d for d in list(result.diagnostics) + extra}
    result.diagnostics = sorted(merged.values(), key=sort_key)
