"""ISO 20022 camt.054 (bank-to-customer debit/credit notification), read with the stdlib's
ElementTree: the booked credits of a bank file, one per transaction (a batch booking lists
several under one entry). Versions camt.054.001.02 to .10 share the elements read here; .04
and .08 differ in the debtor's place (RltdPties/Dbtr/Nm against RltdPties/Dbtr/Pty/Nm) and in
the entry's status (Sts against Sts/Cd), both handled. Plain Python: no framework.
"""
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import date

from services.common.money import Money

NAMESPACE = re.compile(r"^\{urn:iso:std:iso:20022:tech:xsd:camt\.054\.001\.(0[2-9]|10)\}Document$")


class CamtError(ValueError):
    pass


@dataclass(frozen=True)
class Credit:
    entry_reference: str  # the bank's own reference of the transaction: unique, so a re-import adds nothing
    amount: Money
    booked_on: date
    reference: str  # the structured creditor reference (QR reference), or ""
    text: str  # the unstructured remittance information, or ""
    debtor: str


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _find(element, path):
    """The first descendant along `path` ("A/B/C", local names), namespaces ignored."""
    for name in path.split("/"):
        if element is None:
            return None
        element = next((child for child in element if _local(child.tag) == name), None)
    return element


def _text(element, path):
    found = _find(element, path)
    return (found.text or "").strip() if found is not None else ""


def _all(element, name):
    return [child for child in element if _local(child.tag) == name]


def _amount(element):
    if element is None or not element.get("Ccy"):
        return None
    try:
        return Money.of(element.text.strip(), element.get("Ccy"))
    except (ValueError, AttributeError, TypeError) as error:
        raise CamtError(f"an amount is not a decimal in its currency: {element.text!r}") from error


def parse(data):
    """The booked credits of a camt.054 document (bytes); CamtError when it is not one."""
    if b"<!DOCTYPE" in data[:2048].upper():
        raise CamtError("a camt.054 file has no DOCTYPE (entities are not read)")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise CamtError(f"not well-formed XML: {error}") from error
    if not NAMESPACE.match(root.tag):
        raise CamtError(f"not a camt.054 document (root {root.tag})")
    notification = _find(root, "BkToCstmrDbtCdtNtfctn")
    if notification is None:
        raise CamtError("no BkToCstmrDbtCdtNtfctn")
    credits = []
    for ntfctn in _all(notification, "Ntfctn"):
        for entry in _all(ntfctn, "Ntry"):
            credits += _entry_credits(entry)
    return credits


def _entry_credits(entry):
    status = _text(entry, "Sts/Cd") or _text(entry, "Sts")
    if _text(entry, "CdtDbtInd") != "CRDT" or status != "BOOK" or _text(entry, "RvslInd") == "true":
        return []
    booked = _text(entry, "BookgDt/Dt") or _text(entry, "BookgDt/DtTm")[:10]
    try:
        booked_on = date.fromisoformat(booked)
    except ValueError as error:
        raise CamtError(f"an entry's booking date is not a date: {booked!r}") from error
    entry_reference = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
    transactions = [tx for details in _all(entry, "NtryDtls") for tx in _all(details, "TxDtls")] or [None]
    credits = []
    for index, tx in enumerate(transactions, 1):
        amount = (_amount(_find(tx, "Amt")) or _amount(_find(tx, "AmtDtls/TxAmt/Amt"))) if tx is not None else None
        if amount is None and len(transactions) == 1:
            amount = _amount(_find(entry, "Amt"))
        reference = (_text(tx, "Refs/AcctSvcrRef") if tx is not None else "") or (
            f"{entry_reference}/{index}" if entry_reference else "")
        if amount is None or not reference:
            raise CamtError(f"a credit without amount or bank reference (entry {entry_reference or '?'})")
        if tx is not None and _text(tx, "CdtDbtInd") == "DBIT":
            continue
        remittance = _find(tx, "RmtInf") if tx is not None else None
        credits.append(Credit(
            entry_reference=reference[:100], amount=amount, booked_on=booked_on,
            reference=re.sub(r"\s+", "", _text(remittance, "Strd/CdtrRefInf/Ref")) if remittance is not None else "",
            text=" ".join((u.text or "").strip() for u in _all(remittance, "Ustrd")) if remittance is not None else "",
            debtor=(_text(tx, "RltdPties/Dbtr/Nm") or _text(tx, "RltdPties/Dbtr/Pty/Nm")) if tx is not None else ""))
    return credits
