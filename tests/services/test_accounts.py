import pytest

from forum.services import accounts
from forum.services.errors import Conflict, Invalid


@pytest.mark.real_hashing
def test_passwords_are_stored_with_scrypt_never_in_plain(ctx):
    user = accounts.register("river", "a long enough password")
    assert user.password_hash.startswith("scrypt:")
    assert "a long enough password" not in user.password_hash


def test_the_first_account_becomes_site_admin_and_later_ones_do_not(ctx):
    assert accounts.register("first", "a long enough password").is_site_admin
    assert not accounts.register("second", "a long enough password").is_site_admin


def test_usernames_are_unique_regardless_of_case(ctx):
    accounts.register("River", "a long enough password")
    with pytest.raises(Conflict):
        accounts.register("rIVER", "another long password")
    assert accounts.authenticate("RIVER", "a long enough password").username == "River"


@pytest.mark.parametrize("username", ["ab", "x" * 33, "has space", "<script>", "name\x00", ""])
def test_bad_usernames_are_refused(ctx, username):
    with pytest.raises(Invalid):
        accounts.register(username, "a long enough password")


def test_short_passwords_are_refused(ctx):
    with pytest.raises(Invalid):
        accounts.register("river", "short")


def test_authenticate_fails_alike_for_unknown_users_wrong_passwords_and_suspended_accounts(ctx):
    user = accounts.register("river", "a long enough password")
    assert accounts.authenticate("nobody", "a long enough password") is None
    assert accounts.authenticate("river", "the wrong password") is None
    user.is_suspended = True
    assert accounts.authenticate("river", "a long enough password") is None


def test_tokens_authenticate_until_revoked(ctx):
    user = accounts.register("river", "a long enough password")
    token, plaintext = accounts.create_token(user, "bot")
    assert token.token_hash != plaintext and plaintext not in token.token_hash
    assert accounts.user_for_token(plaintext) == user
    accounts.revoke_token(user, token.id)
    assert accounts.user_for_token(plaintext) is None
