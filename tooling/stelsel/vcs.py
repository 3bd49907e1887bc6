"""Every git call of stelsel, in one place, through GitPython.

Small functions over a repository handle from :func:`open_repo`: the history of a folder,
blob reads, refs, the shallow boundary, merge bases and changed files (``check --since``),
configuration, status/commit/tag (``release cut``) and signature verification
(provenance). Whatever goes wrong (git not installed, not a repository, no commits, an
unknown ref, a timeout) raises :class:`GitProblem`, whose message is a sentence for the
user; callers turn it into a finding or a usage error, never a traceback.

GitPython is imported on first use: a run that needs no git (a tree without proposals, a
cached result) does not pay for importing it.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 120  # seconds for one git command; a hung git (a lock, a network filesystem) is reported

# git's own path quoting would escape every non-ASCII byte ("caf\303\251.md"); plain UTF-8 instead
_PLAIN_PATHS = {"c": "core.quotepath=off"}

# The history as it was committed: 'git replace' and a grafts file let anyone with the clone put
# other objects in the place of a commit (a cut commit holding forged release text, with the same
# hash), and every git command would show those. stelsel's git never does.
# (The grafts file named is one that cannot exist: git warns of a grafts file it reads, even empty.)
TRUE_HISTORY = {"GIT_NO_REPLACE_OBJECTS": "1", "GIT_GRAFT_FILE": os.path.join(os.devnull, "no-grafts")}


class GitProblem(Exception):
    """git cannot answer; the message says why, for the user."""


def _module():
    try:
        import git
    except ImportError as exc:
        # GitPython refuses to import when it finds no git executable at all
        raise GitProblem("git is not installed" if "git executable" in str(exc) else f"GitPython is missing: {exc}")
    return git


def _run(repo, command: str, *args: str, ok: tuple[int, ...] = (0,), options: dict | None = None) -> str:
    """The output of ``git <command> <args>``; GitProblem when git fails (exit code not in ``ok``)."""
    git = _module()
    runner = repo.git(**options) if options else repo.git
    try:
        status, out, err = getattr(runner, command.replace("-", "_"))(
            *args, with_extended_output=True, with_exceptions=False, kill_after_timeout=TIMEOUT)
    except git.GitCommandNotFound:
        raise GitProblem("git is not installed") from None
    except (OSError, git.GitError) as exc:
        raise GitProblem(f"git failed: {exc}") from None
    if status not in ok:
        # git's complaint: the first line on stderr ("fatal: ..."), else the last on stdout
        # ("nothing to commit, working tree clean")
        said = (err or "").strip().splitlines()[:1] or (out or "").strip().splitlines()[-1:]
        raise GitProblem(f"git {command} failed: {said[0] if said else f'exit code {status}'}")
    return out


# --- the repository -------------------------------------------------------------------------


def open_repo(root: Path, search_parents: bool = True):
    """The repository holding ``root`` (or, without ``search_parents``, whose top folder it is).

    As git itself does, a ``GIT_DIR`` in the environment names the repository and nothing is
    searched (GitPython would otherwise find the one around ``root`` and ignore it).
    """
    git = _module()
    explicit = os.environ.get("GIT_DIR")
    try:
        if explicit:
            repo = git.Repo(explicit)
        else:
            repo = git.Repo(root, search_parent_directories=search_parents)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitProblem("the project is not in a git repository") from None
    except (OSError, git.GitError) as exc:
        raise GitProblem(f"git cannot read the repository: {exc}") from None
    if repo.bare:
        repo.close()
        raise GitProblem("the project is not in a git repository (a bare repository has no files)")
    repo.git.update_environment(**TRUE_HISTORY)
    try:
        # git itself must accept the repository too (safe.directory, a broken .git)
        _run(repo, "rev-parse", "--show-toplevel")
    except GitProblem as exc:
        repo.close()
        said = str(exc).removeprefix("git rev-parse failed: ")
        raise GitProblem("the project is not in a git repository" if "not a git repository" in said.lower()
                         else f"git cannot read the repository: {said}") from None
    return repo


def init_repo(folder: Path, branch: str = "main"):
    """``git init`` a new repository in ``folder`` (its first branch ``branch``); the repository, opened."""
    git = _module()
    try:
        repo = git.Repo.init(folder, initial_branch=branch)
    except (OSError, git.GitError) as exc:
        raise GitProblem(f"git init failed: {exc}") from None
    repo.git.update_environment(**TRUE_HISTORY)
    return repo


def close(repo) -> None:
    """End the git processes a repository keeps running (the ``cat-file --batch`` of read_blob)."""
    repo.close()


def open_history(root: Path):
    """(repository, None) when ``root`` lies in a repository with commits; else (None, why not, for the user)."""
    try:
        repo = open_repo(root)
    except GitProblem as exc:
        return None, str(exc)
    if head(repo) is None:
        repo.close()
        return None, "the repository has no commits yet"
    return repo, None


def toplevel(repo) -> Path:
    """The repository's top folder (its working tree)."""
    return Path(repo.working_tree_dir).resolve()


def head(repo) -> str | None:
    """The commit HEAD resolves to; None when the repository has no commits yet."""
    git = _module()
    try:  # the ref alone, in Python: no process, and the commit object itself is not read
        return git.SymbolicReference.dereference_recursive(repo, "HEAD")
    except (ValueError, TypeError, OSError):  # an unborn branch, a dangling ref
        return None


def shallow_commits(repo) -> frozenset[str]:
    """The commits where a shallow clone's history starts (empty for a full clone)."""
    try:
        return frozenset((Path(repo.common_dir) / "shallow").read_text().split())
    except OSError:
        return frozenset()


def resolve_commit(repo, ref: str) -> str | None:
    """The commit a branch, tag or commit name resolves to; None when it resolves to none."""
    try:
        out = _run(repo, "rev-parse", "--verify", "-q", "--end-of-options", f"{ref}^{{commit}}")
    except GitProblem:
        return None
    return out.strip().splitlines()[0] if out.strip() else None


def merge_base(repo, one: str, other: str) -> str | None:
    """The best common ancestor of two commits; None when they share no history."""
    try:
        out = _run(repo, "merge-base", one, other)
    except GitProblem:
        return None
    return out.strip() or None


def config_value(folder: Path, key: str) -> str | None:
    """A git configuration value as seen from ``folder`` (inside a repository or not); None if unset."""
    git = _module()
    try:
        status, out, _err = git.Git(str(folder)).config(
            "--get", key, with_extended_output=True, with_exceptions=False, kill_after_timeout=10)
    except (OSError, git.GitError):
        return None
    return (out.strip() or None) if status == 0 else None


# --- history --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileVersion:
    """One commit's version of a file, as the log of a folder names it."""

    commit: str
    author_name: str
    author_email: str
    date: str  # ISO 8601, the author date
    path: str  # repository-relative path at that commit
    blob: str  # the file's blob id at that commit
    committer_name: str = ""
    committer_email: str = ""
    committed: str = ""  # ISO 8601, the committer date (when the commit was made)
    merge: bool = False  # the commit has more than one parent
    parent_blobs: tuple[str, ...] = ()  # the file's blob in each parent ("0" * 40: the parent lacks it)


NO_BLOB = "0" * 40


def folder_history(repo, folder: str) -> dict[str, list[FileVersion]]:
    """Every file's committed versions under ``folder`` (repository-relative), newest first.

    One ``git log --raw -M --cc`` walks the folder's history once: a log per file costs a
    process and a walk per file. Renames are followed within the folder: after ``old ->
    new``, the older commits of ``old`` count for ``new`` (keyed by the file's current path).
    Each version names its author and its committer, and the file's blob in each parent of
    its commit: a merge commit is a version of a file when its result differs from every
    parent (``--cc``: what the merge itself put there, such as an entry in neither parent);
    a merge that takes one parent's file is no version (that parent's commits are).
    """
    out = _run(repo, "log", "--topo-order", "--raw", "--cc", "--combined-all-paths", "--no-abbrev", "-M",
               "--no-show-signature", "--no-color",
               "--format=%x1e%H%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%P", "--", folder,
               options=_PLAIN_PATHS)
    history: dict[str, list[FileVersion]] = {}
    alias: dict[str, str] = {}  # a path in older commits -> the file's current path
    for record in out.split("\x1e"):
        header, _, names = record.strip("\n").partition("\n")
        parts = header.split("\x00")
        if len(parts) != 8:
            continue
        sha, author_name, author_email, date, committer_name, committer_email, committed, parents = parts
        merge = len(parents.split()) > 1
        for line in names.splitlines():
            # ":100644 100644 <old blob> <new blob> M\tpath" (R and C: "\told\tnew"); a merge (--cc):
            # "::<modes> <blob per parent> <result blob> MM\t<path per parent>\t<path>"
            colons = len(line) - len(line.lstrip(":"))
            if not colons:
                continue
            fields = line.split("\t")
            meta = fields[0].split()
            if len(fields) < 2 or len(meta) != 2 * colons + 3 or "D" in meta[-1]:
                continue
            path = fields[-1]
            current = alias.get(path, path)
            blobs = tuple(meta[colons + 1:2 * colons + 1])
            history.setdefault(current, []).append(FileVersion(
                sha, author_name, author_email, date, path, meta[2 * colons + 1], committer_name, committer_email,
                committed, merge, blobs))
            if colons == 1 and meta[-1][0] in ("R", "C") and len(fields) == 3:
                alias[fields[1]] = current
            elif colons > 1:
                for old in fields[1:-1]:
                    if old != path:
                        alias[old] = current
    return history


def read_blob(repo, name: str) -> str | None:
    """The text of a blob (an id, or ``<commit>:<path>``); None when there is no such blob.

    Reads go through GitPython's one long-lived ``git cat-file --batch`` per repository.
    """
    git = _module()
    try:
        _sha, kind, _size, stream = repo.git.stream_object_data(name)
        data = stream.read()
    except ValueError:  # "missing": no such object
        return None
    except git.GitCommandNotFound:
        raise GitProblem("git is not installed") from None
    except (OSError, git.GitError) as exc:
        raise GitProblem(f"git failed: {exc}") from None
    return data.decode("utf-8", errors="replace") if kind in (b"blob", "blob") else None


def changed_files(repo, base: str, scopes: list[str]) -> list[tuple[str, str, str | None]]:
    """[(status A/M/D/R/…, path, old path of a rename)] under ``scopes`` from ``base`` to the working tree.

    Paths are repository-relative; files not yet known to git (and not ignored) count as added.
    """
    out = _run(repo, "diff", "--name-status", "-M", "--no-color", base, "--", *scopes, options=_PLAIN_PATHS)
    result: list[tuple[str, str, str | None]] = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        status = parts[0][0]
        if status == "R" and len(parts) == 3:
            result.append(("R", parts[2], parts[1]))
        else:
            result.append((status, parts[-1], None))
    untracked = _run(repo, "ls-files", "--others", "--exclude-standard", "--", *scopes, options=_PLAIN_PATHS)
    result += [("A", line.strip(), None) for line in untracked.splitlines() if line.strip()]
    return result


# --- commits and tags (release cut) ---------------------------------------------------------


def status(repo, paths: list[str]) -> str:
    """``git status --porcelain`` of ``paths``: empty when they have no uncommitted changes."""
    return _run(repo, "status", "--porcelain", "--", *paths)


def commit_paths(repo, paths: list[str], subject: str, body: str = "",
                 author: tuple[str, str] | None = None) -> str:
    """Stage everything under ``paths`` (new, changed and deleted files) and commit it; the commit id.

    ``paths`` are relative to the repository's top; one that names nothing, on disk or in
    git (a framework without ``changes/``), is left out rather than failing the commit.
    ``author`` (name, e-mail) is the commit's author (``git commit --author``); the
    committer stays whoever git is configured as (:func:`committer`). Only ``paths`` are
    committed (``git commit --only``): changes the user staged elsewhere stay staged, and
    out of this commit.
    """
    top = toplevel(repo)
    named = [p for p in paths if (top / p).exists() or _run(repo, "ls-files", "--", p).strip()]
    if not named:
        raise GitProblem("none of the paths to commit exists: " + ", ".join(paths))
    _run(repo, "add", "--all", "--", *named)
    who = ("--author", f"{author[0]} <{author[1]}>") if author else ()
    # --only: these paths alone; whatever else the user had staged stays staged, out of this commit
    _run(repo, "commit", "--only", *who, "-m", subject, *(("-m", body) if body else ()), "--", *named)
    sha = head(repo)
    if sha is None:  # pragma: no cover - git just made a commit
        raise GitProblem("git commit made no commit")
    return sha


def committer(repo) -> tuple[str, str]:
    """(name, e-mail) git would record as the committer of a commit made now (``git var GIT_COMMITTER_IDENT``).

    What git itself uses: ``GIT_COMMITTER_NAME``/``GIT_COMMITTER_EMAIL``, else ``user.name``/
    ``user.email`` (of ``-c``, the repository, the user or the system), else ``EMAIL``.
    GitProblem when git has no identity to commit with.
    """
    ident = _run(repo, "var", "GIT_COMMITTER_IDENT").strip()
    found = re.match(r"^(.*?) ?<([^>]*)>", ident)
    if found is None:  # pragma: no cover - git var always prints 'name <email> time zone'
        raise GitProblem(f"git var printed no committer identity: {ident!r}")
    return found.group(1).strip(), found.group(2).strip()


def commit_signed_by(repo) -> str | None:
    """The key git will sign a commit made now with (``commit.gpgsign`` true): ``user.signingkey``; None if unsigned."""
    if _run(repo, "config", "--type=bool", "--get", "commit.gpgsign", ok=(0, 1)).strip() != "true":
        return None
    return _run(repo, "config", "--get", "user.signingkey", ok=(0, 1)).strip() or None


def annotated_tag(repo, name: str, message: str, sign: bool = False) -> None:
    """An annotated tag ``name`` on HEAD; with ``sign`` a signed one (``git tag -s``)."""
    _run(repo, "tag", "-s" if sign else "-a", name, "-m", message)


def undo_commit(repo, previous: str, made: str, paths: list[str]) -> None:
    """Take back the commit ``made`` (on top of ``previous``): HEAD and the index of ``paths`` as before it.

    The working tree is left alone (the caller restores its files). Refused when HEAD has
    moved on since, so a commit someone else made is never taken back.
    """
    if head(repo) != made:
        raise GitProblem(f"HEAD is no longer {made[:10]}; the commit was not taken back")
    _run(repo, "reset", "-q", "--soft", previous)
    _run(repo, "reset", "-q", previous, "--", *paths, ok=(0, 1))


def unstage(repo, paths: list[str]) -> None:
    """The index of ``paths`` back to HEAD (after a commit that failed); the working tree is left alone."""
    if head(repo) is None:
        return
    _run(repo, "reset", "-q", "HEAD", "--", *paths, ok=(0, 1))


# --- signatures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    valid: bool
    fingerprint: str  # the signing key, and its primary key when a subkey signed (space-separated)
    said: str  # git's first line about it, or why there is none


def verify_commit(repo, sha: str) -> Signature:
    """Whether a commit carries a valid signature (``git verify-commit``), and by which key."""
    git = _module()
    try:
        code, out, err = repo.git.verify_commit("--raw", sha, with_extended_output=True, with_exceptions=False,
                                                kill_after_timeout=TIMEOUT)
        valid, said = code == 0, (err or out).strip()
    except (OSError, git.GitError) as exc:
        valid, said = False, str(exc)
    info = ""
    if not said.startswith("Timeout"):  # gpg hangs: asking again for the key would hang as long
        try:
            info = _run(repo, "log", "-1", "--no-show-signature", "--format=%G?%x00%GF%x00%GP", sha)
        except GitProblem:
            pass
    parts = info.strip().split("\x00")
    fingerprint = " ".join(p for p in parts[1:3] if p)
    first = said.splitlines()[0] if said else ("good signature" if valid else "no signature")
    if not valid and parts[0] == "N":
        first = "the commit is not signed"
    return Signature(valid, fingerprint, first)


# --- release anchors ------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    """A commit that added a file (as ``git log --diff-filter=A`` names it), with its message."""

    commit: str
    author_name: str
    author_email: str
    date: str  # ISO 8601, the author date
    message: str  # the whole commit message
    path: str  # repository-relative path of the added file
    blob: str  # the added file's blob id


def adding_commits(repo, *pathspecs: str) -> list[Added]:
    """Every commit reachable from HEAD that added a file matching ``pathspecs``, oldest first.

    One ``git log`` for all of them. ``--full-history -m``: no side branch is pruned by
    history simplification, and a merge that brings a file in from one parent counts as
    adding it (against the parent without it), so what any line of history added is seen.
    Renames are not detected: a file moved to a new path is added there. Ancestors come
    before their descendants, other commits by commit date (``--date-order --reverse``).
    """
    out = _run(repo, "log", "--full-history", "-m", "--date-order", "--reverse", "--diff-filter=A", "--raw",
               "--no-abbrev", "--no-renames", "--no-show-signature", "--no-color",
               "--format=%x1e%H%x00%an%x00%ae%x00%aI%x00%B%x00", "--", *pathspecs, options=_PLAIN_PATHS)
    found: list[Added] = []
    for record in out.split("\x1e"):
        parts = record.split("\x00", 5)
        if len(parts) != 6:
            continue
        sha, name, email, date, message, names = parts
        for line in names.splitlines():
            fields = line.split("\t")
            meta = fields[0].split()
            if len(fields) != 2 or len(meta) != 5 or not line.startswith(":") or meta[4] != "A":
                continue
            found.append(Added(sha, name, email, date, message, fields[1], meta[3]))
    return found


@dataclass(frozen=True)
class CommitInfo:
    commit: str
    author_name: str
    author_email: str
    date: str  # ISO 8601, the author date
    message: str


def commit_info(repo, sha: str) -> CommitInfo | None:
    """A commit's author, date and message; None when there is no such commit."""
    try:
        out = _run(repo, "log", "-1", "--no-show-signature", "--no-color", "--format=%H%x00%an%x00%ae%x00%aI%x00%B",
                   "--end-of-options", f"{sha}^{{commit}}", "--")
    except GitProblem:
        return None
    parts = out.split("\x00", 4)
    return CommitInfo(*parts) if len(parts) == 5 else None


def commit_message(repo, sha: str) -> str | None:
    """A commit's whole message; None when there is no such commit."""
    info = commit_info(repo, sha)
    return info.message if info is not None else None


def blob_at(repo, commit: str, path: str) -> str | None:
    """The text of ``path`` (repository-relative) at ``commit``; None when it has no such file."""
    return read_blob(repo, f"{commit}:{path}")


@dataclass(frozen=True)
class TagInfo:
    name: str
    object: str  # what the ref names: the tag object (annotated) or the commit (lightweight)
    annotated: bool
    commit: str | None  # the commit it points at, peeled; None when it points at no commit
    message: str  # an annotated tag's message without its signature ("" for a lightweight tag)
    signed: bool  # the annotated tag carries a signature block


def tags(repo, pattern: str = "*") -> dict[str, TagInfo]:
    """The tags whose name matches ``pattern`` (a ``git for-each-ref`` glob), by name; one git call."""
    out = _run(repo, "for-each-ref", "--format=%1e%(refname:strip=2)%00%(objecttype)%00%(objectname)%00"
               "%(*objecttype)%00%(*objectname)%00%(contents:subject)%00%(contents:body)%00%(contents:signature)",
               f"refs/tags/{pattern}")
    found: dict[str, TagInfo] = {}
    for record in out.split("\x1e"):
        parts = record.split("\x00")
        if len(parts) != 8:
            continue
        name, kind, obj, peeled_kind, peeled, subject, body, signature = parts
        annotated = kind == "tag"
        if not annotated:
            commit = obj if kind == "commit" else None
        elif peeled_kind == "commit":
            commit = peeled
        else:  # a tag of a tag, or of a tree or blob
            commit = resolve_commit(repo, f"refs/tags/{name}")
        message = (subject + ("\n\n" + body.strip("\n") if body.strip() else "")) if annotated else ""
        found[name] = TagInfo(name, obj, annotated, commit, message, bool(signature.strip()))
    return found


def tag_info(repo, name: str) -> TagInfo | None:
    """One tag: what it points at (peeled to a commit) and its message; None when there is none."""
    return tags(repo, name).get(name)


def verify_tag(repo, name: str) -> Signature:
    """Whether an annotated tag carries a valid signature (``git verify-tag``), and by which key."""
    git = _module()
    try:
        code, out, err = repo.git.verify_tag("--raw", f"refs/tags/{name}", with_extended_output=True,
                                             with_exceptions=False, kill_after_timeout=TIMEOUT)
        valid, said = code == 0, (err or out).strip()
    except (OSError, git.GitError) as exc:
        valid, said = False, str(exc)
    fingerprint = ""
    for line in said.splitlines():  # "[GNUPG:] VALIDSIG <fingerprint> ... <primary key fingerprint>"
        if line.startswith("[GNUPG:] VALIDSIG "):
            fields = line.split()
            fingerprint = " ".join(dict.fromkeys(f for f in (fields[2], fields[-1]) if f))
    lines = [line for line in said.splitlines() if not line.startswith("[GNUPG:]")]
    if valid:
        first = "good signature"
    elif "no signature found" in said:
        first = "the tag is not signed"
    elif "cannot verify a non-tag object" in said:
        first = "a lightweight tag carries no signature"
    else:
        first = (lines[0] if lines else said.splitlines()[0] if said else "no valid signature").removeprefix("error: ")
    return Signature(valid, fingerprint, first)


def tag_refs_digest(repo) -> str:
    """A digest of refs/tags (each tag's name and object id): it changes when a tag is made, moved or deleted."""
    out = _run(repo, "for-each-ref", "--format=%(refname)%00%(objectname)", "refs/tags")
    return hashlib.sha256(out.encode("utf-8", "surrogateescape")).hexdigest()[:16]


# --- pins and history -----------------------------------------------------------------------


def is_ancestor(repo, ancestor: str, descendant: str) -> bool:
    """Whether ``ancestor`` is ``descendant`` or one of its ancestors (``git merge-base --is-ancestor``)."""
    try:
        _run(repo, "merge-base", "--is-ancestor", ancestor, descendant)
    except GitProblem:
        return False
    return True


# --- the roster as it was (workflow/roster.py) ----------------------------------------------


def blob_id(repo, name: str) -> str | None:
    """The blob id ``<rev>:<path>`` names (``<commit>^1:<path>``: in a commit's first parent); None if none."""
    git = _module()
    try:  # GitPython's one long-lived 'git cat-file --batch-check': no process per lookup
        sha, kind, _size = repo.git.get_object_header(name)
    except ValueError:  # "missing": no such object
        return None
    except (OSError, git.GitError):
        return None
    sha = sha.decode() if isinstance(sha, bytes) else sha
    kind = kind.decode() if isinstance(kind, bytes) else kind
    return sha if kind == "blob" else None


def parents(repo, sha: str) -> list[str] | None:
    """The parents of commit ``sha`` (first parent first; [] for a root commit); None when there is no such commit.

    Read through GitPython's long-lived ``git cat-file --batch``: no process per commit (the roster
    asks for the parents of every commit that recorded an act).
    """
    git = _module()
    if not re.fullmatch(r"[0-9a-f]{40}", sha or ""):
        return None
    try:
        return [parent.hexsha for parent in repo.commit(sha).parents]
    except (ValueError, KeyError, TypeError, OSError, git.GitError):
        return None
    except Exception as exc:  # gitdb's BadName/BadObject (no such object) derive from neither
        if type(exc).__module__.startswith(("gitdb", "git")):
            return None
        raise


# --- what the result cache keys on ----------------------------------------------------------

KEYRING_FILES = ("pubring.kbx", "pubring.gpg", "trustdb.gpg")


def _digest_file(path: str | Path | None) -> str:
    if not path:
        return "-"
    try:
        return hashlib.sha256(Path(path).expanduser().read_bytes()).hexdigest()[:16]
    except OSError:
        return "absent"


def keyring_digest() -> str:
    """A digest of the gpg keyring ``git verify-commit`` consults (GNUPGHOME or ~/.gnupg)."""
    home = Path(os.environ.get("GNUPGHOME") or Path.home() / ".gnupg")
    return ",".join(f"{name}={_digest_file(home / name)}" for name in KEYRING_FILES)


def state_fingerprint(root: Path, keyring: bool) -> str:
    """A string that changes whenever anything provenance can see in git changes.

    It covers the commit HEAD resolves to, the shallow boundary, the tags (release anchors:
    a tag made, moved or deleted changes it), the signature settings
    (``gpg.*`` configuration and the contents of ``gpg.ssh.allowedSignersFile``) and, with
    ``keyring``, the gpg keyring (``pubring.kbx``, ``pubring.gpg``, ``trustdb.gpg``; a
    missing file counts as absent). The working tree's content is not part of it: the
    result cache keys files by their content itself. Without a repository (or without git)
    it is a stable string saying so.
    """
    try:
        repo = open_repo(Path(root))
    except GitProblem as exc:
        return f"no repository: {exc}"
    try:
        settings = _run(repo, "config", "--get-regexp", r"^gpg\.", ok=(0, 1))
        # keys come back lower-cased: "gpg.ssh.allowedsignersfile <path>"
        signers = next((line.partition(" ")[2] for line in settings.splitlines()
                        if line.startswith("gpg.ssh.allowedsignersfile ")), None)
        if signers:
            signers = toplevel(repo) / Path(signers).expanduser()
        shallow = hashlib.sha256(" ".join(sorted(shallow_commits(repo))).encode()).hexdigest()[:16]
        parts = [f"head={head(repo) or 'none'}", f"shallow={shallow}",
                 f"gpg={hashlib.sha256(settings.encode()).hexdigest()[:16]}",
                 f"allowed_signers={_digest_file(signers)}", f"tags={tag_refs_digest(repo)}"]
    except GitProblem as exc:
        return f"git problem: {exc}"
    finally:
        repo.close()
    if keyring:
        parts.append(f"keyring={keyring_digest()}")
    return ";".join(parts)
