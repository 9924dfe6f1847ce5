"""What each role may attempt on training's models. Rows are narrowed by each model's scope_q
(training/scope.py): a manager's programmes, a trainer's courses, a trainee's own records.

The board's staff, enterprises and provincial observers have no part in running courses; they
meet the network through the consultant directory, workshops and library (network/permissions.py)
and check certificates on the public page like anyone else.
"""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

ALL = {"view", "add", "change", "delete", "export", "import"}
READ = {"view"}
READ_EXPORT = {"view", "export"}
TAKE = {"view", "add", "change", "export"}  # what a trainer does on their courses

register("training.programme", {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: ALL, Role.TRAINER: READ,
                                Role.TRAINEE: READ})
for label in ("training.course", "training.coursemodule", "training.session", "training.sessionday",
              "training.rubriccriterion", "training.gradeband", "training.feedbackcriterion"):
    register(label, {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: ALL, Role.TRAINER: READ_EXPORT, Role.TRAINEE: READ})
register("training.coaching", {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: ALL, Role.TRAINER: TAKE,
                               Role.TRAINEE: READ})
# A trainee keeps their own profile (phone, experience, sectors) up to date.
register("training.trainee", {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: ALL, Role.TRAINER: READ_EXPORT,
                              Role.TRAINEE: {"view", "change"}})
register("training.enrolment", {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: ALL, Role.TRAINER: READ_EXPORT,
                                Role.TRAINEE: READ})
# A trainee adds only their own attendance, by the class's QR code (services say how).
register("training.attendance", {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: ALL, Role.TRAINER: TAKE,
                                 Role.TRAINEE: {"view", "add"}})
# A trainee uploads, and may replace until it is graded, their own field report.
register("training.fieldreport", {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: {"view", "export", "delete"},
                                  Role.TRAINER: READ_EXPORT, Role.TRAINEE: {"view", "add", "change"}})
register("training.grade", {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: ALL, Role.TRAINER: TAKE, Role.TRAINEE: READ})
# Feedback is the trainee's opinion: managers read it, trainers only the averages (selectors).
register("training.feedback", {Role.ADMIN: READ_EXPORT, Role.PROGRAMME_MANAGER: READ_EXPORT,
                               Role.TRAINEE: {"view", "add"}})
# "change" on a certificate is revoking it; nobody edits what a certificate says.
register("training.certificate", {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: {"view", "add", "change", "export"},
                                  Role.TRAINER: READ, Role.TRAINEE: READ})
