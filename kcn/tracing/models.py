"""TODO: models."""
