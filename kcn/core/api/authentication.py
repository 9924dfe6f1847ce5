"""API authentication: DRF's token scheme (``Authorization: Token <key>``), read in one plain
statement.

DRF's ``TokenAuthentication`` reads the token and its user through the ORM; an enterprise's
client authenticates on every request, and at a reporting deadline every enterprise of a
province does within the hour: building that join took the ORM longer than the database took to
answer it. Same answers, same messages, same ``request.auth`` (the Token).
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from kcn.core.rows import Columns


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        token_columns, user_columns = _columns()
        with connection.cursor() as cursor:
            cursor.execute(_sql(connection.vendor), [key])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = token_columns.instance(row, 0)
        user = user_columns.instance(row, len(token_columns))
        token.user = user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, token


@cache
def _columns():
    return Columns(Token, "t"), Columns(get_user_model(), "u")


@cache
def _sql(vendor: str) -> str:
    token_columns, user_columns = _columns()
    quote = connection.ops.quote_name
    return (f"SELECT {token_columns.sql()}, {user_columns.sql()} FROM {quote(Token._meta.db_table)} t "
            f"JOIN {quote(get_user_model()._meta.db_table)} u ON u.id = t.user_id WHERE t.{quote('key')} = %s")
