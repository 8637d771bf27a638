from allauth.account.adapter import DefaultAccountAdapter
from post_office import mail

from klynge.mail.sender import AUTOMATIC


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People are added by their cluster's coordinator or by the secretariat.
        return False

    def get_login_stages(self):
        # A broker login that vouched for two factors is not asked for a second one again.
        return [
            "klynge.accounts.broker.AuthenticateStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def send_mail(self, template_prefix, email, context):
        """Log-in codes and password resets go through the outbox too, sent at once."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"),
            None,
        )
        mail.send(
            recipients=message.to,
            sender=message.from_email,
            subject=message.subject,
            message=message.body,
            html_message=html,
            headers=dict(AUTOMATIC),
            priority="now",
        )
