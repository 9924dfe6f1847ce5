"""What each role may attempt on reporting's models. Rows are narrowed by each model's scope_q."""
