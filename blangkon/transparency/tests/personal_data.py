"""Personal data planted on a vendor and the officials, which nothing public
may show (UU 27/2022): the register's and the open-data files' tests look for
every value and must not find one."""

from blangkon.accounts.models import User
from blangkon.vendors.models import Vendor

SECRETS = {
    "nik": "3325011205850003",
    "npwp": "0815230947120000",
    "bank_account_number": "7712093344",
    "phone": "081234567890",
    "email": "hartono.rahasia@example.com",
    "person_name": "Hartono Wiryawan",
    "bank_account_holder": "HARTONO WIRYAWAN",
}
OFFICIALS = {"pp.batang": ("Wulan", "Prameswari"), "ppk.batang": ("Gatot", "Subiyakto")}
FORBIDDEN = [*SECRETS.values(), *(name for pair in OFFICIALS.values() for name in pair)]


def plant_personal_data(vendor: Vendor) -> None:
    Vendor.objects.filter(pk=vendor.pk).update(**SECRETS)
    for username, (first, last) in OFFICIALS.items():
        User.objects.filter(username=username).update(first_name=first, last_name=last)
