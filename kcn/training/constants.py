from decimal import Decimal

# Scores are out of 10 throughout, as Vietnamese grading is; a rubric criterion may say otherwise
# (its max_score), and the course result is brought back to 10.
RESULT_SCALE = Decimal("10")
FEEDBACK_MAX = Decimal("10")

# Field reports and library documents: what counts as a document, and how large it may be.
DOCUMENT_MAX_BYTES = 25 * 1024 * 1024

# A QR check-in code is good for this long after it is shown in class (the trainer's page
# renews it); a photo of the code sent to an absent colleague is then soon useless.
CHECKIN_TOKEN_MAX_AGE_SECONDS = 15 * 60

# Six-monthly evaluation and quarterly follow-up (seed 001): how many days after the end of a
# quarter the update is due before a graduate counts as overdue.
FOLLOW_UP_GRACE_DAYS = 15
