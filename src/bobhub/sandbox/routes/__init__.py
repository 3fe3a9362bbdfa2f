"""HiBob endpoint families of the sandbox, one module each."""
