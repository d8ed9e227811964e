"""Parsers of what discovery sources answer: XML, news RSS, Google News links."""
