"""What happens to imported packages that other apps react to.

The inaproc app announces; the public statistics (`transparency`, above it)
recount their INAPROC channel from it (transparency/receivers.py). Sent inside
the writing transaction, so the totals commit or roll back with the packages.
"""

from django.dispatch import Signal

# Sent with no arguments after an import or a satker mapping changed packages
# or what they belong to.
packages_changed = Signal()
