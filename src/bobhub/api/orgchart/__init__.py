"""/v1/org-chart: the manager tree of an account, as JSON or CSV, rooted or as of a date."""
