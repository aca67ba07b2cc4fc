"""Operators create promotion codes and free vouchers (BI10): `python -m services.billing
promotions add ...` and `vouchers add ...`, checked before anything is written."""
import json
import os
import subprocess
import sys

import pytest

from services.billing import app as billing_app
from services.billing.models import PromotionCode, Voucher
from tests.conftest import service_config


@pytest.fixture
def billing_db(tmp_path, databases):
    app = billing_app.create_app(service_config(billing_app, tmp_path, databases, "billing"))
    yield app.config
    app.extensions["database"].close()


def billing_command(config, *argv):
    env = {**os.environ, "VAR_DIR": config["VAR_DIR"], "DATABASE_URL": config["DATABASE_URL"], "LOG_LEVEL": "WARNING"}
    return subprocess.run([sys.executable, "-m", "services.billing", *argv], env=env, capture_output=True, text=True,
                          timeout=60)


def test_bi10_operators_add_percent_and_amount_promotion_codes(billing_db):
    done = billing_command(billing_db, "promotions", "add", "--code", "spring-26", "--percent", "12.50",
                           "--from", "2026-03-01", "--until", "2026-05-31", "--max-uses", "100")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "SPRING-26"
    code = PromotionCode.get_by_id("SPRING-26")
    assert (code.percent, code.amount_minor, code.max_uses, code.valid_until.isoformat()) == ("12.5", None, 100,
                                                                                               "2026-05-31")
    fixed = billing_command(billing_db, "promotions", "add", "--amount", "20.00", "--currency", "EUR",
                            "--until", "2030-01-01")
    assert fixed.returncode == 0 and PromotionCode.get_by_id(fixed.stdout.strip()).amount_minor == 2000
    listed = [json.loads(line) for line in billing_command(billing_db, "promotions", "list").stdout.splitlines()]
    assert {c["code"] for c in listed} == {"SPRING-26", fixed.stdout.strip()}


@pytest.mark.parametrize("argv", [
    ["--percent", "10", "--amount", "5.00", "--currency", "CHF", "--until", "2030-01-01"],
    ["--percent", "150", "--until", "2030-01-01"],
    ["--amount", "5.005", "--currency", "CHF", "--until", "2030-01-01"],
    ["--percent", "10", "--from", "2030-01-02", "--until", "2030-01-01"],
    ["--percent", "10"],
    ["--code", "SPRING-26", "--percent", "10", "--until", "2030-01-01"],
])
def test_bi10_a_bad_promotion_code_is_refused_and_nothing_written(billing_db, argv):
    PromotionCode.create(code="SPRING-26", percent="5", valid_from="2026-01-01", valid_until="2026-12-31")
    done = billing_command(billing_db, "promotions", "add", *argv)
    assert done.returncode == 2 and done.stderr.strip()
    assert PromotionCode.select().count() == 1


def test_bi10_operators_add_vouchers_for_one_product_type(billing_db):
    done = billing_command(billing_db, "vouchers", "add", "--product-type", "domain-ch", "--until", "2030-01-01",
                           "--count", "3")
    assert done.returncode == 0, done.stderr
    assert len(set(done.stdout.split())) == 3
    assert Voucher.select().where(Voucher.product_type == "domain-ch").count() == 3
    for argv in (["--product-type", "radio", "--until", "2030-01-01"],
                 ["--product-type", "domain-ch", "--months", "1", "--until", "2030-01-01"]):
        refused = billing_command(billing_db, "vouchers", "add", *argv)
        assert refused.returncode == 2 and refused.stderr.strip()
    assert Voucher.select().count() == 3
