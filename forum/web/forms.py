"""Flask-WTF forms. They only parse: the services validate, and their errors are shown per field."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from forum.models.goal import GOAL_KINDS
from forum.models.group import VISIBILITIES
from forum.models.safety import BLOCK, WATCH_ACTIONS
from forum.models.moderation import MODERATION_ACTIONS, REPORT_REASONS
from forum.models.technique import TECHNIQUE_TAGS
from forum.models.thread import RESPONSE_PREFERENCES
from forum.services.account_deletion import CONTENT_CHOICES as ACCOUNT_CONTENT_CHOICES
from forum.services.notifications import CHOICES as NOTIFICATION_CHOICES
from forum.themes import THEMES


def theme_checkboxes(label: str) -> SelectMultipleField:
    """Checkboxes, one per content theme (forum/themes.py)."""
    return SelectMultipleField(
        label, choices=[SelectChoice(value, text) for value, text in THEMES.items()], validate_choice=False,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
    )


class LoginForm(FlaskForm):
    username = StringField("Username")
    password = PasswordField("Password")


class RegisterForm(FlaskForm):
    username = StringField("Username")
    password = PasswordField("Password")
    email = StringField("Email (optional)")


class ProfileForm(FlaskForm):
    display_name = StringField("Display name")
    pronouns = StringField("Pronouns")
    bio = TextAreaField("About you")


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password")
    new_password = PasswordField("New password")


class TokenForm(FlaskForm):
    name = StringField("Token name")


class GroupForm(FlaskForm):
    slug = StringField("Address (slug)")
    name = StringField("Name")
    description = TextAreaField("Description")
    agreement = TextAreaField("Group agreement (Markdown)")
    visibility = RadioField(
        "Who can read it",
        choices=[SelectChoice(value, value.capitalize()) for value in VISIBILITIES],
        default="public",
        validate_choice=False,
    )


class JoinForm(FlaskForm):
    accept_agreement = BooleanField("I have read and accept the group agreement")


class AppointForm(FlaskForm):
    username = StringField("Username of the new moderator")


class ThreadForm(FlaskForm):
    title = StringField("Title")
    body = TextAreaField("What would you like to say? (Markdown)")
    response_preference = RadioField(
        "What kind of replies would you like?",
        choices=[SelectChoice(value, label) for value, label in RESPONSE_PREFERENCES.items()],
        default="open",
        validate_choice=False,
    )
    content_warning = StringField("Content warning (optional)")
    themes = theme_checkboxes("Themes it touches (optional)")


class PostForm(FlaskForm):
    body = TextAreaField("Your post")
    # set by the "Post anyway" button after an advice nudge (forum/services/advice.py)
    confirmed = BooleanField()


class ReplyForm(PostForm):
    body = TextAreaField("Your reply")
    parent_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    themes = theme_checkboxes("Themes it touches (optional)")


MOODS = {"": "Rather not say", "1": "1 · very low", "2": "2 · low", "3": "3 · okay", "4": "4 · good", "5": "5 · very good"}


class GoalForm(FlaskForm):
    title = StringField("Your goal")
    why = TextAreaField("Why it matters to you (optional)")
    kind = RadioField(
        "What kind of goal is it?",
        choices=[SelectChoice(value, label) for value, label in GOAL_KINDS.items()],
        default="plain",
        validate_choice=False,
    )
    streak_started_on = StringField("For a streak: the day it started (leave empty for today)")


class CheckInForm(FlaskForm):
    note = StringField("A short note")
    mood = RadioField(
        "How are you feeling?",
        choices=[SelectChoice(value, label) for value, label in MOODS.items()],
        default="",
        validate_choice=False,
    )


class NewStartForm(FlaskForm):
    started_on = StringField("The day of the new start (leave empty for today)")


class MilestoneForm(FlaskForm):
    """The groups to share with come as `share_with` checkboxes, one per group of the member."""

    title = StringField("Milestone")
    days = IntegerField(widget=HiddenInput(), validators=[Optional()])


class CongratulationForm(FlaskForm):
    body = StringField("Congratulate (a short note)")


class BlockForm(FlaskForm):
    username = StringField("Username of the member to block")


class WatchedWordForm(FlaskForm):
    pattern = StringField("Word or phrase")
    is_regex = BooleanField("This is a regular expression (site administrators only)")
    action = RadioField(
        "When someone writes it",
        choices=[SelectChoice(value, label) for value, label in WATCH_ACTIONS.items()],
        default=BLOCK,
        validate_choice=False,
    )


class ReportForm(FlaskForm):
    target_type = StringField(widget=HiddenInput())
    target_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    group = StringField(widget=HiddenInput())
    reason = RadioField(
        "What worries you?",
        choices=[SelectChoice(value, label) for value, label in REPORT_REASONS.items()],
        validate_choice=False,
    )
    note = TextAreaField("Anything the moderators should know? (required for “Something else”)")


class ResolveForm(FlaskForm):
    action = RadioField(
        "Decision",
        choices=[SelectChoice(value, value.capitalize()) for value in MODERATION_ACTIONS],
        default="dismiss",
        validate_choice=False,
    )
    reason = TextAreaField("Reason (the author is told this, except when dismissed)")
    minutes = IntegerField("Mute for how many minutes?", validators=[Optional()])


class RestoreForm(FlaskForm):
    reason = TextAreaField("Why restore it? (the author is told this)")


class TechniqueForm(FlaskForm):
    title = StringField("Name of the technique")
    steps = TextAreaField("The steps (Markdown)")
    when_it_helps = StringField("When it helps (optional)")
    tags = SelectMultipleField(
        "Tags", choices=[SelectChoice(value, label) for value, label in TECHNIQUE_TAGS.items()], validate_choice=False,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
    )


class NotificationSettingsForm(FlaskForm):
    """One checkbox per kind a member may turn off (forum/services/notifications.py CHOICES)."""

    reply = BooleanField(NOTIFICATION_CHOICES["reply"])
    reaction = BooleanField(NOTIFICATION_CHOICES["reaction"])
    milestone = BooleanField(NOTIFICATION_CHOICES["milestone"])
    mention = BooleanField(NOTIFICATION_CHOICES["mention"])


class DeleteAccountForm(FlaskForm):
    content = RadioField(
        "Your posts and room messages",
        choices=[SelectChoice(value, label) for value, label in ACCOUNT_CONTENT_CHOICES.items()],
        validate_choice=False,
    )
    password = PasswordField("Your password, to confirm")


class ReadingForm(FlaskForm):
    collapsed_themes = theme_checkboxes("Fold posts and messages about")
