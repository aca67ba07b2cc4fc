"""BI5 kept by the database itself (migration step 6): triggers on SQLite and PostgreSQL refuse
what no code path of billing may do, so that neither a bug nor a hand-typed UPDATE can change
what was issued. Every refusal is an integrity error whose message starts with "BI5".

- An issued (paid, void) invoice keeps its number, amounts, currency, buyer and dates; what may
  still change is its settlement: status issued -> paid or void, paid_minor, paid_at,
  credited_minor, reminders_sent. It cannot be deleted, and its lines cannot be added to,
  changed or deleted.
- A credit note and its lines are never changed nor deleted; a credit note line is refused
  when it would credit more of an invoice line than remains of it (net or VAT), or when it
  credits a line of another invoice, or of an invoice that is not issued.
- A number sequence only ever counts up by one (no gap, no reuse).
"""
from services.common.db import is_postgres

from .models import CreditNote, CreditNoteLine, InvoiceLine

LINE, NOTE, NOTE_LINE = (model._meta.table_name for model in (InvoiceLine, CreditNote, CreditNoteLine))

# The invoice columns frozen once it is issued; the others (SETTLEMENT) record its payment.
FROZEN = ("id", "organization_id", "number", "year", "currency", "net_minor", "vat_minor", "total_minor",
          "buyer", "country", "order_id", "qr_reference", "created_at", "issued_at", "due_on")
SETTLEMENT = ("status", "paid_minor", "paid_at", "credited_minor", "reminders_sent")
STATUS_CHANGE_ALLOWED = "(NEW.status = OLD.status OR (OLD.status = 'issued' AND NEW.status IN ('paid', 'void')))"
ISSUED_INVOICE = "BI5: an issued invoice is immutable; correct it with a credit note"
ISSUED_LINES = "BI5: the lines of an issued invoice are immutable"
CREDIT_NOTE = "BI5: a credit note is immutable"
CREDIT_TOO_LARGE = "BI5: a credit note line credits more than remains of its invoice line, or belongs to another invoice"
SEQUENCE = "BI5: a number sequence only counts up by one"

# One condition, in SQL both engines speak: NEW (a credit_note_line) is not a valid credit.
_BAD_CREDIT = f"""(
  SELECT i.status NOT IN ('issued', 'paid')
      OR l.invoice_id <> (SELECT n.invoice_id FROM {NOTE} n WHERE n.id = NEW.credit_note_id)
      OR NEW.net_minor = 0 OR (NEW.net_minor > 0) <> (l.net_minor > 0)
      OR abs(NEW.net_minor + (SELECT coalesce(sum(c.net_minor), 0) FROM {NOTE_LINE} c
                              WHERE c.invoice_line_id = NEW.invoice_line_id)) > abs(l.net_minor)
      OR abs(NEW.vat_minor + (SELECT coalesce(sum(c.vat_minor), 0) FROM {NOTE_LINE} c
                              WHERE c.invoice_line_id = NEW.invoice_line_id)) > abs(l.vat_minor)
  FROM {LINE} l JOIN invoice i ON i.id = l.invoice_id WHERE l.id = NEW.invoice_line_id)"""


def install(db):
    (_postgres if is_postgres(db) else _sqlite)(db)


def _sqlite(db):
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in FROZEN)

    def trigger(name, when, table, condition, message):
        db.execute_sql(f"CREATE TRIGGER {name} BEFORE {when} ON {table} FOR EACH ROW WHEN {condition} "
                       f"BEGIN SELECT RAISE(ABORT, '{message}'); END")

    trigger("invoice_issued_update", "UPDATE", "invoice",
            f"OLD.status <> 'draft' AND ({changed} OR NOT {STATUS_CHANGE_ALLOWED})", ISSUED_INVOICE)
    trigger("invoice_issued_delete", "DELETE", "invoice", "OLD.status <> 'draft'", ISSUED_INVOICE)
    parent = "(SELECT status FROM invoice WHERE id = {}.invoice_id) <> 'draft'"
    trigger("invoice_line_insert", "INSERT", LINE, parent.format("NEW"), ISSUED_LINES)
    trigger("invoice_line_update", "UPDATE", LINE,
            f"{parent.format('OLD')} OR {parent.format('NEW')}", ISSUED_LINES)
    trigger("invoice_line_delete", "DELETE", LINE, parent.format("OLD"), ISSUED_LINES)
    for table in (NOTE, NOTE_LINE):
        for when in ("UPDATE", "DELETE"):
            trigger(f"{table}_{when.lower()}", when, table, "1", CREDIT_NOTE)
    trigger("credit_note_line_insert", "INSERT", NOTE_LINE, f"coalesce({_BAD_CREDIT}, 1)", CREDIT_TOO_LARGE)
    trigger("number_sequence_update", "UPDATE", "number_sequence",
            "NEW.last_number <> OLD.last_number + 1 OR NEW.series <> OLD.series OR NEW.year <> OLD.year", SEQUENCE)
    trigger("number_sequence_delete", "DELETE", "number_sequence", "1", SEQUENCE)


def _postgres(db):
    def refuse(message):
        return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';"

    def trigger(name, when, table, body, condition=None):
        db.execute_sql(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                       f"BEGIN\n{body}\nIF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\nRETURN NEW;\nEND $$")
        where = f" WHEN ({condition})" if condition else ""
        db.execute_sql(f"CREATE TRIGGER {name} BEFORE {when} ON {table} FOR EACH ROW{where} EXECUTE FUNCTION {name}()")

    old, new = (", ".join(f"{row}.{column}" for column in FROZEN) for row in ("OLD", "NEW"))
    trigger("invoice_issued", "UPDATE OR DELETE", "invoice",
            f"IF TG_OP = 'DELETE' OR ({new}) IS DISTINCT FROM ({old}) OR NOT {STATUS_CHANGE_ALLOWED} THEN "
            f"{refuse(ISSUED_INVOICE)} END IF;", "OLD.status <> 'draft'")
    # FOR SHARE: an invoice being issued right now is waited for, then seen issued.
    parent = "(SELECT status FROM invoice WHERE id = {}.invoice_id FOR SHARE) <> 'draft'"
    trigger("invoice_line_of_issued", "INSERT OR UPDATE OR DELETE", LINE,
            f"IF TG_OP <> 'INSERT' THEN IF {parent.format('OLD')} THEN {refuse(ISSUED_LINES)} END IF; END IF;\n"
            f"IF TG_OP <> 'DELETE' THEN IF {parent.format('NEW')} THEN {refuse(ISSUED_LINES)} END IF; END IF;")
    for table in (NOTE, NOTE_LINE):
        trigger(f"{table}_immutable", "UPDATE OR DELETE", table, refuse(CREDIT_NOTE))
    trigger("credit_note_line_within", "INSERT", NOTE_LINE,
            f"IF coalesce({_BAD_CREDIT}, true) THEN {refuse(CREDIT_TOO_LARGE)} END IF;")
    trigger("number_sequence_counts", "UPDATE OR DELETE", "number_sequence",
            f"IF TG_OP = 'DELETE' OR NEW.last_number <> OLD.last_number + 1 OR NEW.series <> OLD.series "
            f"OR NEW.year <> OLD.year THEN {refuse(SEQUENCE)} END IF;")


def counts_up_by_one(db, table, key):
    """A number sequence table (`key`, year, last_number) that only ever counts up by one (BI5;
    PX5's branded series per partner: migration step 12)."""
    moved = f"NEW.last_number <> OLD.last_number + 1 OR NEW.{key} <> OLD.{key} OR NEW.year <> OLD.year"
    if not is_postgres(db):
        for when, condition in (("UPDATE", moved), ("DELETE", "1")):
            db.execute_sql(f"CREATE TRIGGER {table}_{when.lower()} BEFORE {when} ON {table} FOR EACH ROW "
                           f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{SEQUENCE}'); END")
        return
    db.execute_sql(f"CREATE OR REPLACE FUNCTION {table}_counts() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                   f"BEGIN\nIF TG_OP = 'DELETE' OR {moved} THEN RAISE EXCEPTION '{SEQUENCE}' "
                   f"USING ERRCODE = 'integrity_constraint_violation'; END IF;\nRETURN NEW;\nEND $$")
    db.execute_sql(f"CREATE TRIGGER {table}_counts BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW "
                   f"EXECUTE FUNCTION {table}_counts()")


BRANDED = "PX5: a branded invoice is immutable once issued"


def frozen(db, table, message):
    """`table`'s rows are never changed nor deleted once written (PX5's branded invoices and
    their lines, issued in the transaction that writes them: migration step 13)."""
    if not is_postgres(db):
        for when in ("UPDATE", "DELETE"):
            db.execute_sql(f"CREATE TRIGGER {table}_{when.lower()} BEFORE {when} ON {table} FOR EACH ROW "
                           f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
        return
    db.execute_sql(f"CREATE OR REPLACE FUNCTION {table}_frozen() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                   f"BEGIN\nRAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';\nEND $$")
    db.execute_sql(f"CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW "
                   f"EXECUTE FUNCTION {table}_frozen()")
