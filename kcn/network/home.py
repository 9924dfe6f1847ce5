"""Network menu entries and home panels (imported by NetworkConfig.ready)."""
