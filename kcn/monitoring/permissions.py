"""What each role may attempt on this app's models."""
