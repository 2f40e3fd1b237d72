"""Command-line tooling behind tasks.py: safe builds and new-post skeletons."""
