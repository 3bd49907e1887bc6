"""The pull-request check: content changed since a ref must be carried by a proposal.

``stelsel check --since REF`` takes the merge base of REF and HEAD, lists the content files
(``afsprakenstelsel/**``) that differ between it and the working tree (committed or not,
including new files), and reports every item in them that no proposal lists: neither a
proposal changed in the same range (the pull request's own) nor an open proposal. Release
register entries are managed by the release process and are not reported.
"""

from __future__ import annotations

from pathlib import Path

from .. import vcs
from ..diagnostics import Diagnostic
from ..load.tree import CHANGES_DIR, CONTENT_DIR
from ..load.yamlread import YamlProblem, parse_yaml
from ..load.frontmatter import split_front_matter

NOT_CARRIED = frozenset({"release"})


class SinceError(Exception):
    """``--since`` cannot be evaluated (no git, unknown ref): a usage error."""


def _ids_in_text(path: str, text: str) -> list[tuple[str, str | None]]:
    """(id, kind) defined by an old version of a file."""
    source = text
    if path.endswith(".md"):
        front, _body, _line = split_front_matter(text)
        if front is None:
            return []
        source = front
    try:
        data = parse_yaml(source).data
    except YamlProblem:
        return []
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        kind = data.get("kind") or ("page" if path.endswith(".md") else None)
        return [(data["id"], kind)]
    return []


def changed_files(root: Path, ref: str) -> tuple[str, list[tuple[str, str, str | None]], dict[str, str]]:
    """(merge base, [(status, project path, old project path)], {project path: its text at the merge base}).

    The texts are those of content files deleted, renamed (by their old path) or modified:
    what they defined before the change counts as changed too.
    """
    root = Path(root).resolve()
    try:
        repo = vcs.open_repo(root)
    except vcs.GitProblem as exc:
        if "not installed" in str(exc):
            raise SinceError("--since needs git, and git is not installed") from None
        if "not in a git repository" in str(exc):
            raise SinceError(f"--since needs git history, but {root} is not in a git repository") from None
        raise SinceError(f"--since needs git history: {exc}") from None
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

        changed = [(status, local(path), local(old)) for status, path, old in
                   vcs.changed_files(repo, base, [f"{prefix}{CONTENT_DIR}", f"{prefix}{CHANGES_DIR}"])]
        before: dict[str, str] = {}
        for status, path, old in changed:
            if status in ("D", "R", "M") and path.startswith(CONTENT_DIR + "/"):
                text = vcs.read_blob(repo, f"{base}:{prefix}{old or path}")
                if text is not None:
                    before[old or path] = text
    except vcs.GitProblem as exc:
        raise SinceError(str(exc)) from None
    finally:
        vcs.close(repo)
    return base, changed, before


def unproposed_changes(root: Path, ref: str, rule=None, project=None) -> list[Diagnostic]:
    """W021 findings: changed content items that no proposal in the change or open proposal lists."""
    from ..load.project import load_project
    from ..codes import UNPROPOSED_CHANGE
    from .engine import project_flow

    rule = rule or UNPROPOSED_CHANGE
    root = Path(root).resolve()
    base, changed, before = changed_files(root, ref)
    project = project or load_project(root)
    flow = project_flow(project)
    changed_paths = {path for _s, path, _o in changed}
    covered: dict[str, list[str]] = {}
    for item in project.items("proposal"):
        in_change = item.file.path in changed_paths
        is_open = flow is not None and flow.is_open(item.model.status)
        if in_change or is_open:
            for change in item.model.changes:
                covered.setdefault(change.item, []).append(item.id)
    files = {sf.path: sf for sf in project.files}
    found: list[Diagnostic] = []
    for status, path, old in sorted(changed, key=lambda c: c[1]):
        if not path.startswith(CONTENT_DIR + "/"):
            continue
        ids: list[tuple[str, str | None, str, int, int]] = []
        sf = files.get(path)
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
            if kind in NOT_CARRIED or ident in covered:
                continue
            what = {"A": "added", "D": "deleted", "R": "renamed"}.get(status, "changed")
            found.append(rule.at(where, line, col,
                                 f"{kind or 'item'} '{ident}' was {what} since {ref} ({base[:10]}), but no proposal in this "
                                 f"change and no open proposal lists it",
                                 hint=f"list it in a proposal: stelsel propose --title ... --item change:{ident} "
                                      f"(or add it to an open proposal's changes)"))
    return found


def add_since_findings(result, root: Path, ref: str) -> None:
    """Merge the ``--since`` findings into a :class:`stelsel.check.CheckResult`."""
    from ..diagnostics import sort_key

    extra = unproposed_changes(root, ref)
    merged = {(d.path, d.line, d.col, d.code, d.message): d for d in list(result.diagnostics) + extra}
    result.diagnostics = sorted(merged.values(), key=sort_key)
