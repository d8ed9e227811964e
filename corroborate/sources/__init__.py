"""Where reporting is looked for: the source registry, its config, queries and date windows."""
