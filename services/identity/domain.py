"""Identity rules as plain functions: no Flask, no peewee, no pika."""
from services.common.errors import RuleViolation

# ID3: the organization a sign-up creates is named after the person, or the company.
def personal_organization(first_name, last_name, kind, company_name=None, currency="CHF"):
    if kind == "company":
        if not (company_name or "").strip():
            raise RuleViolation("ID3", "A company sign-up needs the company's name.")
        name = company_name.strip()
    else:
        name = f"{first_name.strip()} {last_name.strip()}"
    return {"kind": kind, "name": name, "currency": currency}


def normalize_email(email):
    """Addresses compare case-insensitively in practice; keep one spelling per account."""
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}".lower()


def audiences_for(scopes):
    """A token is meant for the services its scopes name: 'orgs:read' -> 'orgs'."""
    return sorted({scope.split(":", 1)[0] for scope in scopes})
