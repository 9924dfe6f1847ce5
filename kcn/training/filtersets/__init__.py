"""Split by area: one module per part of training (courses, attendance, grading, certificates, feedback)."""
