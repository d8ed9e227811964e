"""Browsing results with Datasette: metadata and canned queries generated from the schema
(``metadata``, ``queries``), the report pages' content (``report``, ``highlight``,
``pictures``), how ``corroborate serve`` starts Datasette (``serving``), and the Datasette
plugin itself (``plugin``, the only part that imports Datasette)."""
