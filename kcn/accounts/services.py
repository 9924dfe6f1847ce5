from django.db import transaction
from rest_framework.authtoken.models import Token

from kcn.core.services import scoped_save

from .models import User


def user_save(*, user, instance=None, data):
    """Create or update a user (administrators only); a new password is hashed, never stored."""
    data = dict(data)
    password = data.pop("password", None)
    with transaction.atomic():
        account = scoped_save(user=user, model=User, instance=instance, data=data)
        if password:
            account.set_password(password)
            account.save(update_fields=["password"])
    return account


def user_set_language(*, user, language):
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def user_rotate_token(*, user):
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)
