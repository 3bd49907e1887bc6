"""Paths made from what people type: file names from IDs and titles, names shown in findings.

A leaf module (standard library only). Three jobs:

- a file name made from an ID, a title or a version must be one plain name inside its
  folder: ``--id ../../x`` or ``--id /abs/path`` must not write outside ``changes/``;
- a name read from disk is shown as text a terminal, a JSON reader and a CI annotation can
  take: bytes that are not UTF-8 and control characters are escaped (``p\\xffx.yaml``);
- a file named to be read must be a regular file: a named pipe would be waited on for ever.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

MAX_NAME_BYTES = 200  # below the 255 bytes of common file systems, with room for a suffix


class UnsafeName(ValueError):
    """A file name that would leave its folder, or that no file system takes as it is."""


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _is_unprintable(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") or ch == "\\"


def printable(name: str) -> str:
    """``name`` with undecodable bytes, control characters and backslashes escaped."""
    if name.isprintable() and "\\" not in name:
        return name
    return "".join(_escape_char(ch) if _is_unprintable(ch) else ch for ch in name)


def no_controls(text: str) -> str:
    """``text`` with control, format (bidi) and line-separator characters escaped, backslashes kept.

    For text that goes to a terminal or a log as it is: an ID or key from a file may hold
    ESC sequences (recolouring, retitling a terminal), a newline that fakes a finding line, or
    a right-to-left override that shows a different text than the one there.
    """
    if text.isprintable():
        return text
    return "".join(_escape_char(ch) if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch
                   for ch in text)


def name_problem(name: str) -> str | None:
    """Why a name read from disk cannot be used as it is (not UTF-8, a control character), or None."""
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in name):
        return "is not valid UTF-8"
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in name):
        return "holds a control character or line break"
    return None


def check_name(name: str, what: str = "name") -> str:
    """``name`` if it is one plain file name (no folder part, nothing hidden); else :class:`UnsafeName`."""
    if not isinstance(name, str) or not name or not name.strip():
        raise UnsafeName(f"the {what} is empty")
    if name in (".", "..") or "/" in name or "\\" in name or os.sep in name or (os.altsep and os.altsep in name):
        raise UnsafeName(f"the {what} '{printable(name)}' holds a folder part ('/', '\\' or '..')")
    if name.startswith(".") or name.startswith("-"):
        raise UnsafeName(f"the {what} '{printable(name)}' starts with '{name[0]}'")
    if name_problem(name) is not None or not name.isprintable():
        raise UnsafeName(f"the {what} '{printable(name)}' holds characters a file name cannot")
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise UnsafeName(f"the {what} is longer than {MAX_NAME_BYTES} bytes")
    return name


def inside(folder: Path, name: str, what: str = "name") -> Path:
    """``folder / name`` for a plain ``name``, checked to stay inside ``folder`` (links resolved)."""
    check_name(name, what)
    target = Path(folder) / name
    base = os.path.realpath(folder)
    real = os.path.realpath(target)
    if os.path.dirname(real) != base:
        raise UnsafeName(f"the {what} '{printable(name)}' leads outside {folder}")
    return target


def input_problem(path: Path | str) -> str | None:
    """Why ``path`` cannot be read as a file (missing, a folder, a named pipe, socket or device), or None."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file (a named pipe, socket or device)"
    return None
