"""The in-memory scope decisions agree with the querysets' for every role, action and row."""

import pytest
from django.db.models import Q

from kcn.accounts.models import User
from kcn.core.choices import Action
from kcn.registry import scope
from kcn.registry.models import Board, Enterprise, Province, Zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_board(demo):
    province = Province.objects.get(code=31)
    board = Board.objects.create(name="Ban Quản lý Khu kinh tế Hải Phòng", province=province)
    zone = Zone.objects.create(board=board, code="HP-NV", name="KCN Nomura", province=province)
    Enterprise.objects.create(tax_code="0200000001", name="Công ty TNHH Hải Cảng", zone=zone, workforce=120)
    return board


def _outsiders():
    """A superuser whatever its role, and a board leader placed on no board."""
    return [User.objects.create(username="sieuquantri", role="enterprise", is_superuser=True),
            User.objects.create(username="khongvaitro", role="board_leader")]


def test_enterprise_reached_is_enterprise_q_in_memory(demo, second_board):
    users = list(User.objects.all()) + _outsiders()
    enterprises = list(Enterprise.objects.select_related("zone"))
    sizes = set()
    for user in users:
        for action in Action.values:
            condition = scope.enterprise_q(user, action)
            allowed = set(Enterprise.objects.filter(condition if condition is not None else Q())
                          .values_list("pk", flat=True))
            if user.is_superuser:
                allowed = {enterprise.pk for enterprise in enterprises}
            reached = {enterprise.pk for enterprise in enterprises
                       if scope.enterprise_reached(user, action, enterprise)}
            assert reached == allowed, (user.username, action)
            sizes.add(len(reached))
    assert 0 in sizes and len(enterprises) in sizes and len(sizes) > 3  # every kind of reach was tried


def test_board_reached_is_board_child_q_in_memory(demo, second_board):
    boards = list(Board.objects.all())
    assert len(boards) == 2
    seen = set()
    for user in list(User.objects.all()) + _outsiders():
        condition = scope.board_child_q(user, Action.VIEW, "board")
        allowed = set(Zone.objects.filter(condition if condition is not None else Q())
                      .values_list("board_id", flat=True))
        if user.is_superuser:
            allowed = {board.pk for board in boards}
        reached = {board.pk for board in boards if scope.board_reached(user, board.pk)}
        assert reached == allowed, user.username
        seen.add(len(reached))
    assert seen == {0, 1, 2}
