"""Demo data for the embedded setup: a partner agency, a client company, a person, and one of the
provider's staff (scope `staff`: reviews partner applications, PA1)."""
from .models import Account
from .signup import register_account
from .staff_cli import set_staff

DEMO_PASSWORD = "demo-password-2026"
DEMO_ACCOUNTS = [
    {"email": "anna.keller@alpine-web.example", "first_name": "Anna", "last_name": "Keller",
     "organization": {"kind": "company", "name": "Alpine Web Agency", "currency": "CHF"}},
    {"email": "marc.dubois@lac-leman.example", "first_name": "Marc", "last_name": "Dubois", "language": "fr",
     "organization": {"kind": "company", "name": "Lac Léman Fiduciaire", "currency": "CHF"}},
    {"email": "lea.martin@example.org", "first_name": "Léa", "last_name": "Martin",
     "organization": {"kind": "individual", "currency": "EUR"}},
    {"email": "staff@partner-portal.example", "first_name": "Sam", "last_name": "Staff", "staff": True,
     "organization": {"kind": "individual", "currency": "CHF"}},
]


def seed(config, args=None):
    """Create the demo accounts that do not exist yet; the events do the rest (ID3)."""
    for demo in DEMO_ACCOUNTS:
        if not Account.select().where(Account.email == demo["email"]).exists():
            fields = {name: value for name, value in demo.items() if name != "staff"}
            register_account(config, password=DEMO_PASSWORD, verified=True, **fields)
        if demo.get("staff"):
            set_staff(demo["email"], True)
    print("Demo logins (password for all: %s):" % DEMO_PASSWORD)
    for demo in DEMO_ACCOUNTS:
        language = f" (pages in {demo['language']})" if demo.get("language") else ""
        role = " - the provider's staff (reviews partner applications)" if demo.get("staff") else ""
        print(f"  {demo['email']:<34} {demo['organization'].get('name') or 'personal organization'}{language}{role}")
