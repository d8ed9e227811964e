"""The claims of the article under test: reading it from any file, picking what is checkable."""
