from django.dispatch import Signal

# Sent by accounts.services.delete_account inside its transaction, with the
# keyword arguments `user` (already anonymised) and `old_emails` (the
# addresses it had): each app that holds personal data of the user removes
# or ends it there, so accounts needs to know none of them and a failure
# anywhere rolls the whole deletion back.
account_deleted = Signal()
