"""Reading files: the fast YAML reader with positions, front matter, the tree scan."""
