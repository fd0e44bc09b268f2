"""The command line: arguments, commands, and the entry point."""
