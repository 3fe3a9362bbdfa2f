"""bobhub's unified REST API, organised by domain (routes, service, repository, schemas)."""
