"""bobhub's command line: Typer commands over the library, Rich for output."""
