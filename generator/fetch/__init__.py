"""Stage 1, fetch: arXiv listing feeds + API enrichment -> content/days/<date>.json.

`stage.fetch_latest` is the entry point; `listing` parses the feeds, `enrich` the API, `texnorm`
cleans arXiv's TeX text. Every request goes through one `generator.net.client.PoliteClient`.
"""
