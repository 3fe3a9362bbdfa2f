"""/v1/passthrough/{path}: raw HiBob calls with the account's credentials, rate budget and audit."""
