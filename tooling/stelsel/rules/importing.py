"""Findings of ``stelsel import``: a catalogue (CSV or XLSX) that cannot become item files as it is.

These rules have ``stage = "import"``: ``stelsel check`` never runs them (the catalogue is
not part of the framework); ``stelsel import`` raises them with the file, the row number
(the header is row 1) and the column of the cell concerned, all in one run, and writes
nothing when there is any. They are listed here so ``stelsel rules`` documents every code.
"""

from __future__ import annotations

from .. import codes
from .base import Rule


class ImportRule(Rule):
    stage = "import"


class ImportUnreadable(ImportRule):
    """The catalogue file cannot be read as a table.

    The file does not exist, is neither CSV nor XLSX, is empty, has no header row, holds a
    row with more cells than the header has columns, or is text in an encoding that cannot
    be told (CSV: UTF-8 with or without a byte order mark, UTF-16 with one, or what the
    detector names; cp1252 as the last resort). Fix: export the sheet again as UTF-8 CSV or
    as XLSX, with the column names in the first row.
    """

    finding = codes.IMPORT_UNREADABLE


class ImportMissingColumn(ImportRule):
    """A column named in ``--map`` is not in the header row.

    ``--map id=ID,title=Name`` needs columns called ``ID`` and ``Name`` (case and spaces
    aside). The finding names the columns the header does have. Fix: correct the column
    name in ``--map``, or the header of the file.
    """

    finding = codes.IMPORT_MISSING_COLUMN


class ImportEmptyId(ImportRule):
    """A row has no ID in the ID column.

    Every item needs a stable ID: it names the item's file and every reference to it, and
    across versions of the catalogue it is what says that a row is the same requirement.
    A row without one would get an ID made up on import, and a different one next time.
    Fix: give the row its ID in the catalogue (or remove the row).
    """

    finding = codes.IMPORT_EMPTY_ID


class ImportDuplicateId(ImportRule):
    """Two rows of the catalogue have the same ID (or an ID that is not a plain file name).

    One ID must be one item; the second row would overwrite the first. The finding names
    the row that has it first. An ID with a folder part ('/'), a leading dot or a control
    character cannot name a file and is reported here too. Fix: give each row its own ID.
    """

    finding = codes.IMPORT_DUPLICATE_ID


class ImportUnknownValue(ImportRule):
    """A cell names a level, role or layer the framework does not declare, or a text holds no norm word.

    Levels are matched by their ID, title or RFC 2119 keyword (``MUST``), roles by ID or
    title, layers by ID or title (case aside). With ``--level-from-text`` the level is the
    first norm word of the statement (MUST NOT before MUST, ZOU MOETEN before MOET); a
    statement with none is reported. Fix: correct the cell, declare the level or layer in
    the framework config, or pass ``--create-missing`` to create unknown roles and layers.
    """

    finding = codes.IMPORT_UNKNOWN_VALUE


class ImportInvalidRow(ImportRule):
    """A row does not make a valid item of its kind.

    The item made from the row is validated against the kind's schema (as ``stelsel check``
    would): a required field with no column or an empty cell (an agreement needs a statement,
    a level, a layer and a role), a value of the wrong type. The finding names the field and
    the column it came from. Fix: fill in the cell, or map a column to the field with ``--map``.
    """

    finding = codes.IMPORT_INVALID_ROW
