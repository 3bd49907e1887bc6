"""What a run of ``check`` read: the read-set its cached result is keyed on.

A cached "clean" is only true if nothing the run looked at has changed, so the key is not a
hand-kept list of files: it is what the run actually read. Two sources fill it:

- the readers of the package (the tree loader, the frozen-release store, the changelog rule)
  read through :func:`read_bytes`, which records the digest of exactly the bytes returned, so
  a file edited while the run reads it can never be recorded with the other content;
- an audit hook (``sys.addaudithook``) sees every ``open``, directory listing and subprocess
  of the process while a recorder is active. A file below the project that was opened some
  other way (a new rule using ``open()``) has no recorded digest: the run is then not
  cacheable, never stale. A subprocess other than git makes the run uncacheable as well;
  a git subprocess adds the repository's state (see ``vcs.state_fingerprint``) to the key.

Paths are recorded relative to the project root; anything outside it (Python's own modules,
the cache folder) is left to the code fingerprint and the library versions in the key.
This module is a leaf: standard library only.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
import threading
from dataclasses import dataclass, field

ABSENT = "-"  # the digest of a file that did not exist when it was read


def digest(raw: bytes) -> str:
    """SHA-256, as the release manifests use: one hash per file read serves both."""
    return hashlib.sha256(raw).hexdigest()


def _entry(e: os.DirEntry) -> str:
    if e.is_symlink():
        try:
            return f"{e.name}\0l\0{os.readlink(e.path)}"  # where it points is part of what a walk sees
        except OSError:
            return f"{e.name}\0l"
    return f"{e.name}\0{'d' if e.is_dir() else 'f'}"


def listing_digest(folder: str) -> str:
    """The names in a folder with their type (file, folder, link and its target): what a walk of it sees."""
    try:
        with os.scandir(folder) as it:
            names = sorted(_entry(e) for e in it)
    except FileNotFoundError:
        return ABSENT
    except OSError as exc:
        return f"!{exc.errno}"
    return digest("\n".join(names).encode("utf-8", "surrogateescape"))


class TooLarge(Exception):
    """A file over the size limit: it was not read (its size is in ``size``)."""

    def __init__(self, size: int):
        super().__init__(f"{size} bytes")
        self.size = size


def _read(path, limit: int | None = None) -> bytes:
    """The bytes of a regular file. Never blocks on a named pipe or a device: those are refused
    (OSError) without being read, as is a file over ``limit`` bytes (TooLarge)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a named pipe, socket or device)")
        if limit is not None and st.st_size > limit:
            raise TooLarge(st.st_size)
        return handle.read()


def file_digest(path: str) -> str:
    """The digest of a file's content now, or a marker of why there is none."""
    try:
        return digest(_read(path))
    except FileNotFoundError:
        return ABSENT
    except IsADirectoryError:
        return "!dir"
    except OSError as exc:
        return f"!{exc.errno}"


@dataclass
class ReadSet:
    """Everything below ``root`` that one run read, and whether that can be trusted."""

    root: str
    ignored: tuple[str, ...] = ()  # absolute folders below root that are not inputs (the cache, Python's own)
    files: dict[str, str] = field(default_factory=dict)  # rel path -> digest of the bytes read
    listings: dict[str, str] = field(default_factory=dict)  # rel folder -> listing_digest ("" is the root)
    git: bool = False  # a git subprocess ran: the repository state is an input
    unverifiable: list[str] = field(default_factory=list)  # why the result may not be cached

    def relative(self, path) -> str | None:
        """``path`` relative to the root (POSIX), or None when it is outside or not an input."""
        if isinstance(path, str):
            text = path
        elif isinstance(path, int):
            return None
        else:
            try:
                text = os.fsdecode(os.fspath(path))
            except (TypeError, ValueError):
                return None
        # The readers pass absolute, normalised paths: only others need os.path.abspath
        full = text if text.startswith(self._prefix) and "/." not in text and os.sep == "/" else os.path.abspath(text)
        if not full.startswith(self._prefix):
            return None if full != self.root else ""
        if (full + os.sep).startswith(self._ignored):
            return None
        rel = full[len(self._prefix):]
        if os.sep != "/":
            rel = rel.replace(os.sep, "/")
        if ".git" in rel or "__pycache__" in rel:
            slashed = f"/{rel}/"
            if "/.git/" in slashed or "/__pycache__/" in slashed:
                return None  # the repository's own files (keyed by vcs.state_fingerprint), compiled code
        return rel

    def __post_init__(self) -> None:
        self._prefix = self.root.rstrip(os.sep) + os.sep
        # A folder that holds the root itself (a project inside the Python installation) is
        # not ignored: that would ignore every read, and key the result on nothing.
        self._ignored = tuple(prefix for prefix in (folder.rstrip(os.sep) + os.sep for folder in self.ignored)
                              if not self._prefix.startswith(prefix))

    def note_file(self, rel: str, value: str) -> None:
        known = self.files.get(rel)
        if known is not None and known != value:
            self.unverifiable.append(f"{rel} changed while it was being checked")
        self.files[rel] = value

    def still_true(self) -> bool:
        """Whether every recorded input is as it was read (the check of a cache hit)."""
        for rel, value in self.files.items():
            if file_digest(os.path.join(self.root, rel)) != value:
                return False
        for rel, value in self.listings.items():
            if listing_digest(os.path.join(self.root, rel) if rel else self.root) != value:
                return False
        return True

    def as_dict(self) -> dict:
        return {"files": self.files, "listings": self.listings, "git": self.git}

    @classmethod
    def from_dict(cls, root: str, data: dict) -> "ReadSet":
        files, listings = data.get("files"), data.get("listings")
        if not isinstance(files, dict) or not isinstance(listings, dict):
            raise ValueError("not a read-set")
        return cls(root, files={str(k): str(v) for k, v in files.items()},
                   listings={str(k): str(v) for k, v in listings.items()}, git=bool(data.get("git")))


# One recorder for the whole process, not per thread: a read in a worker thread is a read too.
_active: ReadSet | None = None
_local = threading.local()  # .busy: inside the hook or inside read_bytes (their reads are recorded already)
_exclusive = threading.Lock()  # one recorded run at a time: two at once would mix their read-sets
_hooked = False


def _audit(event: str, args: tuple) -> None:
    reads = _active
    if reads is None or getattr(_local, "busy", False):
        return
    if event == "open":
        flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
        if flags & (os.O_WRONLY | os.O_RDWR):
            return  # a write (the cache's own files); check writes nothing else
        rel = reads.relative(args[0])
        if rel is None or rel in reads.files:
            return
        # Opened by code that does not record what it read: digest the file now, before the
        # caller reads it. A change in between makes the recorded digest differ from the file,
        # so the stored result is never taken for the new content (a miss, never stale).
        _local.busy = True
        try:
            reads.files[rel] = file_digest(os.path.join(reads.root, rel))
        finally:
            _local.busy = False
    elif event in ("os.listdir", "os.scandir"):
        rel = reads.relative(args[0] if args and args[0] is not None else ".")
        if rel is None or rel in reads.listings:
            return
        _local.busy = True
        try:
            reads.listings[rel] = listing_digest(os.path.join(reads.root, rel) if rel else reads.root)
        finally:
            _local.busy = False
    elif event == "subprocess.Popen":
        executable, argv = args[0], args[1]
        program = executable or (argv[0] if isinstance(argv, (list, tuple)) and argv else argv)
        try:
            name = os.path.basename(os.fsdecode(program))
        except TypeError:
            name = ""
        if name in ("git", "git.exe"):
            reads.git = True
        else:
            reads.unverifiable.append(f"ran {name or 'a program'}, whose reads cannot be recorded")


def start(root, ignored=()) -> ReadSet:
    """Begin recording the reads of this process below ``root``; :func:`stop` ends it.

    A second recorded run (another thread) waits until the first has stopped.
    """
    global _active, _hooked
    _exclusive.acquire()
    try:
        if not _hooked:
            sys.addaudithook(_audit)  # cannot be removed: it does nothing while no recorder is active
            _hooked = True
        folders = [sys.prefix, sys.base_prefix, os.path.dirname(os.path.abspath(__file__)), *ignored]
        reads = ReadSet(os.path.abspath(os.fspath(root)), tuple(os.path.abspath(os.fspath(p)) for p in folders))
    except BaseException:
        _exclusive.release()
        raise
    _active = reads
    return reads


def record_folder(path) -> None:
    """Record a folder's entries as read (for code that only tests whether something exists in it)."""
    reads = _active
    if reads is not None:
        rel = reads.relative(os.fspath(path))
        if rel is not None:
            reads.listings[rel] = listing_digest(os.fspath(path))


def stop() -> None:
    global _active
    _active = None
    _exclusive.release()


def read_bytes(path) -> bytes:
    """A file's bytes, recorded in the active read-set (if any) with the digest of exactly those bytes."""
    return read_with_digest(path)[0]


def read_with_digest(path, limit: int | None = None) -> tuple[bytes, str]:
    """A file's bytes and their :func:`digest`, recorded in the active read-set (if any).

    Raises OSError for a file that cannot be read or is not a regular file (a named pipe is
    never opened for a blocking read), and :class:`TooLarge` for one over ``limit`` bytes;
    either way the read-set records that the file could not be verified.
    """
    _local.busy = True
    try:
        raw = _read(path, limit)
    except FileNotFoundError:
        record(path, ABSENT)
        raise
    except (OSError, TooLarge):
        reads = _active
        rel = reads.relative(path) if reads is not None else None
        if rel is not None:  # what it says depends on more than its content (a size, a mode)
            reads.unverifiable.append(f"{rel} could not be read")
        raise
    finally:
        _local.busy = False
    value = digest(raw)
    record(path, value)
    return raw, value


def record(path, value: str) -> None:
    """Record the :func:`digest` of bytes a caller read itself (:data:`ABSENT`: the file is absent)."""
    reads = _active
    if reads is not None:
        rel = reads.relative(path)
        if rel is not None:
            reads.note_file(rel, value)

