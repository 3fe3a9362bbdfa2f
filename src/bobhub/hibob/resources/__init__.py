"""One module per HiBob resource family, each a `<Family>Resource` reached from `HiBobClient`."""
