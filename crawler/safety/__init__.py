"""What the crawler may reach: URL and address policy, and the resolver that enforces it."""
