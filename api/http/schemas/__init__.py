"""Request and response bodies of the HTTP API, kept apart from the ORM models on purpose:
a column added to a table never leaks into a response, and no response can carry a secret
column (tokens, key hashes, encrypted configuration) because none of these models has one."""
