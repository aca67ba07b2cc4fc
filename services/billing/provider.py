"""The payment provider, behind one adapter (BI7). The card processor is outside the system, so
this is the one fake: `SandboxProvider`, selected by PAYMENT_PROVIDER=sandbox (the default and,
today, the only one). A real provider gets a class with the same five methods.

The sandbox keeps no state: what a token does is written in it when it is issued, by rule.
Cards (Visa, Mastercard; any number with a valid check digit):
  4000000000000002, 5105105105105100  declined (card_declined)
  4000000000009995                    declined (insufficient_funds)
  4000000000003220, 5200000000001096  3-D Secure: the payment waits for the challenge page
  any other (4242424242424242, 5555555555554444, ...)  succeeds
PostFinance, PayPal and Twint profiles name an account (e-mail, phone...): one containing
"decline" is declined, one containing "3ds" asks for approval (the same challenge page), any
other succeeds. The challenge page (`/v1/payment-provider/sandbox/3ds/<reference>`) posts back
approve or fail, and billing completes the payment on that callback.
"""
import secrets
from dataclasses import dataclass

from . import payment_rules

DECLINING = {"4000000000000002": "card_declined", "5105105105105100": "card_declined",
             "4000000000009995": "insufficient_funds"}
CHALLENGING = {"4000000000003220", "5200000000001096"}
BEHAVIOURS = {"ok": None, "declined": "card_declined", "funds": "insufficient_funds", "3ds": None}
LABELS = {"postfinance": "PostFinance Card", "paypal": "PayPal", "twint": "TWINT"}


@dataclass(frozen=True)
class Tokenized:
    token: str
    label: str
    brand: str = None
    expires: str = None


@dataclass(frozen=True)
class Charge:
    status: str  # succeeded | failed | requires_action
    reference: str
    action_url: str = None
    failure: str = None


class SandboxProvider:
    name = "sandbox"

    def __init__(self, public_url):
        self.public_url = public_url.rstrip("/")

    def tokenize(self, method, card_number=None, expires=None, account=None, iban=None):
        """A token for what the payer entered; the caller has checked it (payment_rules)."""
        if method == "card":
            behaviour = ("3ds" if card_number in CHALLENGING else
                         "funds" if DECLINING.get(card_number) == "insufficient_funds" else
                         "declined" if card_number in DECLINING else "ok")
            brand = payment_rules.card_brand(card_number)
            return Tokenized(self._token(behaviour), f"{brand.title()} •••• {card_number[-4:]}", brand, expires)
        if method == "iban":
            return Tokenized(self._token("iban"), f"IBAN {payment_rules.masked_iban(iban)}")
        lowered = account.lower()
        behaviour = "declined" if "decline" in lowered else "3ds" if "3ds" in lowered else "ok"
        return Tokenized(self._token(behaviour), f"{LABELS[method]} {account}")

    def charge(self, token, amount, description):
        """Collect `amount` with the token: at once, or after the payer's challenge."""
        behaviour = token.split("_")[1] if token.count("_") >= 2 else "declined"
        reference = "sbx_pay_" + secrets.token_urlsafe(24)  # unguessable: the challenge page's only key
        if behaviour == "3ds":
            return Charge("requires_action", reference, f"{self.public_url}/v1/payment-provider/sandbox/3ds/{reference}")
        if behaviour == "ok":
            return Charge("succeeded", reference)
        return Charge("failed", reference, failure=BEHAVIOURS.get(behaviour) or "card_declined")

    def confirmation(self, reference, outcome):
        """What the challenge page's answer means for the payment `reference`."""
        if outcome == "approve":
            return Charge("succeeded", reference)
        return Charge("failed", reference, failure="authentication_failed")

    def refund(self, reference, amount, description):
        """Give `amount` of the payment `reference` back to its payer (BI11); the sandbox always
        refunds. Returns the refund's own reference."""
        return "sbx_ref_" + secrets.token_urlsafe(16)

    def payout(self, iban, amount, description):
        """Send `amount` to `iban` (a prepaid withdrawal); the sandbox always pays out."""
        return "sbx_out_" + secrets.token_urlsafe(16)

    @staticmethod
    def _token(behaviour):
        return f"sbx_{behaviour}_{secrets.token_hex(12)}"


PROVIDERS = {"sandbox": SandboxProvider}


def make_provider(config):
    name = config.get("PAYMENT_PROVIDER", "sandbox")
    if name not in PROVIDERS:
        raise ValueError(f"PAYMENT_PROVIDER={name!r}: one of {', '.join(PROVIDERS)}")
    return PROVIDERS[name](config.get("PAYMENT_PUBLIC_URL") or config["SERVICE_URLS"]["billing"])
