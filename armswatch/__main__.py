"""`python -m armswatch`: the same as the `armswatch` command."""

from armswatch.cli import main

if __name__ == "__main__":
    main()
