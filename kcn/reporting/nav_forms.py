"""Menu entries and home-page panels of these reporting pages (imported by ReportingConfig.ready)."""
