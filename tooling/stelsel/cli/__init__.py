"""The command line: thin commands that parse options, call one function and report."""
