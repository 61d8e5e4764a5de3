"""`python -m govlint` entry point."""

from govlint.cli import main

main()
