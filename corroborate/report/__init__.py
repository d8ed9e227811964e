"""What the user sees: the terminal report, the JSON document and the live progress line."""
