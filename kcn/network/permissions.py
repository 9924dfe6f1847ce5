"""What each role may attempt on the network's models (rows narrowed by each model's scope_q).

The directory, workshops and the library are the network's public face inside KCN: every
signed-in role reads them (a board looking for a consultant, an enterprise for a guide). The
follow-up of graduates (activities, quarterly updates, evaluations) is between the graduate,
their programme's managers and their trainers.
"""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

ALL = {"view", "add", "change", "delete", "export", "import"}
EVERY_ROLE = [Role.BOARD_LEADER, Role.DEPARTMENT_HEAD, Role.DEPARTMENT_OFFICER, Role.ENTERPRISE, Role.OBSERVER,
              Role.TRAINER, Role.TRAINEE]

# "indicators": reading the network's indicators (aggregates, no person): the programme managers
# (their programmes), and the administrator, board leaders and provincial observers (all).
register("network.consultant", {**{role: {"view"} for role in EVERY_ROLE},
                                Role.BOARD_LEADER: {"view", "indicators"}, Role.OBSERVER: {"view", "indicators"},
                                Role.ADMIN: {"view", "export", "indicators"},
                                Role.PROGRAMME_MANAGER: {"view", "export", "indicators"}})
for label in ("network.workshop", "network.agendaitem", "network.workshoporganisation", "network.fieldvisit",
              "network.document"):
    register(label, {**{role: {"view"} for role in EVERY_ROLE}, Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: ALL})
register("network.workshopparticipant", {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: ALL, Role.TRAINER: {"view"},
                                         Role.TRAINEE: {"view"}})
_FOLLOW_UP = {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: {"view", "add", "change", "delete", "export"},
              Role.TRAINER: {"view"}, Role.TRAINEE: {"view", "add", "change"}}
register("network.cpactivity", _FOLLOW_UP)
register("network.activityupdate", _FOLLOW_UP)
register("network.evaluation", {Role.ADMIN: ALL, Role.PROGRAMME_MANAGER: {"view", "add", "change", "delete", "export"},
                                 Role.TRAINER: {"view", "add", "change"}, Role.TRAINEE: {"view"}})
