"""The tax preview page's form: the shared preview form, with the price read
as a person types it ("Rp 10.000.000"), like every price field of the site."""

from blangkon.core.fields import RupiahField
from blangkon.taxes.preview import PRICE_HELP, PRICE_LABEL, TaxPreviewForm


class TaxPreviewPageForm(TaxPreviewForm):
    price = RupiahField(label=PRICE_LABEL, help_text=PRICE_HELP)
