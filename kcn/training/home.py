"""Training menu entries and home panels (imported by TrainingConfig.ready)."""
