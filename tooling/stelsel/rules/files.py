"""Findings about files as files: reading, encoding, YAML syntax, what kind they are."""

from __future__ import annotations

from .. import codes
from .base import Rule


class YamlSyntax(Rule):
    """The file (or a page's front matter) is not valid YAML.

    stelsel cannot read anything else in the file until the syntax is fixed, so its other
    problems show up only after that. Fix: correct the YAML at the line and column given
    (indentation, a missing colon, an unclosed quote or bracket).
    """

    finding = codes.YAML_SYNTAX
    stage = "load"


class NotUtf8(Rule):
    """The file is not valid UTF-8 text.

    All stelsel files are UTF-8. A file saved as Latin-1 or Windows-1252 (often by an
    editor on Windows) shows up here with the line of the first bad byte. Fix: re-save the
    file as UTF-8.
    """

    finding = codes.NOT_UTF8
    stage = "load"


class EmptyFile(Rule):
    """The file is empty or holds only white space or comments.

    An empty file defines nothing and is almost always a mistake (a failed save, a
    half-finished rename). Fix: give it content or delete it.
    """

    finding = codes.EMPTY_FILE
    stage = "load"


class FileTooLarge(Rule):
    """The file is larger than the framework's size limit and was not read.

    A framework file is a few kilobytes; a huge file is a mistake (a pasted export, a
    generated dump) and would slow every check down. The limit is
    ``limits.max_file_bytes`` in the framework config (default 1 MiB). Fix: split the file,
    move the data out, or raise the limit deliberately.
    """

    finding = codes.FILE_TOO_LARGE
    stage = "load"


class BinaryFile(Rule):
    """A binary file stands where a text file is expected.

    The file has a .yaml, .yml or .md name but contains NUL bytes. Fix: replace it with the
    text file it should be, or move binary assets to a name with their real extension
    (.png, .pdf …).
    """

    finding = codes.BINARY_FILE
    stage = "load"


class SymlinkOutside(Rule):
    """A symbolic link points outside the project tree (or nowhere).

    Content must be self-contained: a link out of the tree would make checks depend on
    files the repository does not hold, and a release would not be reproducible. Fix:
    copy the file into the tree or remove the link.
    """

    finding = codes.SYMLINK_OUTSIDE
    stage = "load"


class YamlAlias(Rule):
    """The file uses YAML anchors and aliases (``&name`` / ``*name``) or merge keys.

    They make files hard to review (a value is defined somewhere else) and are the vehicle
    of 'alias bomb' files that expand to gigabytes; stelsel refuses them. Fix: write the
    value out where it is used.
    """

    finding = codes.YAML_ALIAS
    stage = "load"


class NotAMapping(Rule):
    """The document (or front matter) is not a mapping of keys to values.

    Every stelsel file is a mapping at the top level (``kind: agreement``, ``id: …``). A
    list or a bare value at the top level is a mistake. Fix: make the top level a mapping.
    """

    finding = codes.NOT_A_MAPPING
    stage = "load"


class UnknownKind(Rule):
    """The file belongs to no known kind.

    Every YAML file in the content folders says what it is with a ``kind`` key (agreement,
    role, principle …); Markdown files are pages or, in ``changes/``, proposals. Other files
    may be images or PDFs. A file with a missing or unknown kind, or with an extension
    stelsel does not know, is reported so that nothing is silently ignored. Fix: add the
    right ``kind``, correct its spelling, or move the file out of the content folders.
    """

    finding = codes.UNKNOWN_KIND
    stage = "load"


class DuplicateKey(Rule):
    """A mapping has the same key twice.

    YAML parsers keep only the last value, so the first one is silently lost. Fix: remove
    or merge the duplicate.
    """

    finding = codes.DUPLICATE_KEY
    stage = "load"


class MissingFrontMatter(Rule):
    """A Markdown page or proposal has no front matter.

    Pages and proposals start with YAML between two ``---`` lines that gives at least their
    ``id`` and ``title``. Fix: add the front matter at the very top of the file.
    """

    finding = codes.MISSING_FRONT_MATTER
    stage = "load"


class Unreadable(Rule):
    """The file could not be read (permissions, a broken link, an I/O error), or is no file.

    A named pipe, a socket or a device among the content is never opened (reading a pipe
    would wait forever): it is skipped with this finding. Fix: make the file readable by
    the user running stelsel, or remove it.
    """

    finding = codes.UNREADABLE
    stage = "load"


class NoFramework(Rule):
    """The tree has no framework config, or the path is not a stelsel project.

    A project has a content folder with ``stelsel.yaml`` (kind: framework) that declares
    layers, levels, sources and ID patterns: the folder its ``stelsel.toml`` names, else the
    one top-level folder holding ``stelsel.yaml``. Fix: run stelsel on the project root, or
    create the config.
    """

    finding = codes.NO_FRAMEWORK
    stage = "load"



class FileNameInvalid(Rule):
    """A file or folder name is not UTF-8 text, or holds a control character.

    Such a name cannot be shown in a finding, a CI annotation or a link on the site as it
    is, and other tools treat it differently on each system. It is skipped (a folder with
    everything below it) and named here with the bad bytes escaped (``p\\xffx.yaml``).
    Fix: rename it to UTF-8 text without control characters, e.g. with ``git mv``.
    """

    finding = codes.FILE_NAME_INVALID
    stage = "load"


class YamlTag(Rule):
    """A YAML tag (``!!binary``, ``!!python/object``, ``!thing``) on a value, list, mapping or document.

    stelsel files hold plain data: text, numbers, dates, true/false, lists and mappings. A
    tag asks the reader to build something else (an object, decoded bytes), and a reader
    that drops it would silently use the untagged value. Only the core scalar tags
    (``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``) are allowed. Fix: remove
    the tag; keep binary content in a file of its own.
    """

    finding = codes.YAML_TAG
    stage = "load"


class NestingTooDeep(Rule):
    """Lists and mappings, or the Markdown of a text, nest more deeply than stelsel reads (64 levels).

    No stelsel file needs more than a handful of levels; hundreds of levels are a generated
    or hostile file, and would exhaust every reader that walks the data. The same holds for
    text: lists indented more than 256 columns, block quotes ('>') or '[' brackets nested
    more than 64 deep make the Markdown renderer of the site and the PDF recurse or crawl,
    so such a text is never rendered. Fix: flatten the structure or the text.
    """

    finding = codes.NESTING_TOO_DEEP
    stage = "load"


class UnclosedFrontMatter(Rule):
    """A Markdown file opens front matter with ``---`` but never closes it.

    Without the closing ``---`` (or ``...``) line the whole file would be front matter, or
    none of it. Fix: add a line ``---`` after the last front matter line, before the text.
    """

    finding = codes.UNCLOSED_FRONT_MATTER
    stage = "load"
