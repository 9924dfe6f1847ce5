"""What each role may attempt on communications' models. Rows are narrowed by each model's scope_q."""
