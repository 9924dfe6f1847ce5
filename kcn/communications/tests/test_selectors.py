import pytest

from kcn.accounts.choices import Role
from kcn.communications.choices import ChannelName
from kcn.communications.models import Delivery, Notification
from kcn.communications.selectors import notification_list, notification_unread_count
from kcn.communications.services import notification_mark_read, notifications_mark_all_read, notify

USERNAMES = ["admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat", "quanlychuongtrinh",
             "giangvien", "hocvien"]


def test_every_role_has_a_login_in_this_matrix(demo, user_named):
    assert {user_named(name).role for name in USERNAMES} == set(Role)


@pytest.mark.parametrize("username", USERNAMES)
def test_each_role_sees_its_own_inbox_and_nobody_elses(demo, user_named, username):
    me = user_named(username)
    other = user_named("canbo" if username != "canbo" else "lanhdao")
    notify(recipients=[me, other], title="Họp giao ban tuần", channels=[ChannelName.IN_APP])

    mine = list(notification_list(user=me))
    assert [n.recipient_id for n in mine] == [me.pk]
    assert notification_unread_count(user=me) == 1
    assert list(Delivery.objects.restrict(me).values_list("notification__recipient", flat=True)) == [me.pk]
    notification_mark_read(user=me, notification_id=mine[0].pk)
    assert notification_unread_count(user=me) == 0
    assert notification_unread_count(user=other) == 1


def test_anonymous_sees_nothing(demo, user_named):
    from django.contrib.auth.models import AnonymousUser

    notify(recipients=[user_named("canbo")], title="Họp giao ban tuần", channels=[ChannelName.IN_APP])
    assert not Notification.objects.restrict(AnonymousUser()).exists()


def test_mark_all_read_and_the_inbox_query_count(demo, user_named, django_assert_num_queries):
    canbo = user_named("canbo")
    for week in range(5):
        notify(recipients=[canbo], title=f"Báo cáo tuần {week}", channels=[ChannelName.IN_APP])
    with django_assert_num_queries(2):  # the notifications and their deliveries
        inbox = list(notification_list(user=canbo, unread_only=True))
        assert all(n.channel_results == {"in_app": "sent"} for n in inbox)
    assert notifications_mark_all_read(user=canbo) == 5
    assert notification_list(user=canbo, unread_only=True).count() == 0
