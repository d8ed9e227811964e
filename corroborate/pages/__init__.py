"""A fetched page as the core keeps it: main text, identity (canonical URL, outlet, date) and
the fingerprint that tells reprints from independent write-ups."""
