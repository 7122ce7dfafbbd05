"""Request and response bodies, kept apart from the ORM models they are filled from."""
