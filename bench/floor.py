#!/usr/bin/env python3
"""The parse floor: read every file ``stelsel check`` parses with PyYAML's C loader, nothing more.

    python bench/floor.py PROJECT_ROOT

Walks ``afsprakenstelsel/`` and ``changes/`` (skipping hidden files and folders, as
stelsel's scan does), reads each ``.yaml``/``.yml`` file and the front matter of each
``.md`` file and loads it with ``yaml.load(..., Loader=yaml.CSafeLoader)`` in a plain loop.
Interpreter start-up and ``import yaml`` are included, as they are in a real ``check``.
Prints the number of files parsed. Exits 3 when PyYAML has no C loader (the floor would
be meaningless).
"""

import os
import sys

import yaml

if not getattr(yaml, "__with_libyaml__", False):
    print("PyYAML was built without libyaml: no CSafeLoader", file=sys.stderr)
    sys.exit(3)

loader = yaml.CSafeLoader
root = sys.argv[1]
count = 0
for top in ("afsprakenstelsel", "changes"):
    for folder, dirs, files in os.walk(os.path.join(root, top)):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            suffix = os.path.splitext(name)[1].lower()
            if suffix not in (".yaml", ".yml", ".md"):
                continue
            with open(os.path.join(folder, name), "rb") as handle:
                text = handle.read().decode("utf-8")
            if suffix == ".md":
                if not text.startswith("---\n"):
                    continue
                end = text.find("\n---", 3)
                text = text[4:end] if end != -1 else ""
            yaml.load(text, Loader=loader)
            count += 1
print(count)
