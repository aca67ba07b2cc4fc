"""Issue 13's affiliate chain through the APIs over real RabbitMQ and the real workers, told twice:
once clean, once with the broker stopped while the referred company orders and pays and the
partner worker killed (SIGKILL) twice, right after the payment and right after the clock reached
the payout day. Both tellings must end with the same affiliate figures (dashboard, referrals,
commissions, payouts), the same prepaid account and exactly one payout issued and paid (PA15).

The story (figures in tests/browser/reach_support.py): Ada joins the affiliate programme; Rolf
signs up through her code (identity's registered event carries it, orgs' organization created
names its legal representative: partner attributes Rolf's company to Ada, first referral wins,
so Bea's code on his order attributes nothing); his company orders and pays 810.00 net of web
hosting: Ada earns 81.00; on the 1st of the next month the `affiliate-payouts` run pays her
81.00 once and billing credits her prepaid account once (kind "commission")."""
import signal

from tests.browser import money_support as story
from tests.browser import reach_support as reach
from tests.browser.money_support import chf
from tests.browser.partner_support import Person

from .broker import rabbitmq
from .telling import assert_nothing_parked, tell


def test_pa15_the_affiliate_chain_ends_with_the_same_figures_after_a_broker_restart_and_a_killed_worker(
        tmp_path, amqp_prefix):
    clean = tell(tmp_path / "clean", amqp_prefix + "c", _story, faults=False)
    faulty = tell(tmp_path / "faults", amqp_prefix + "f", _story, faults=True)
    for part in clean:
        assert faulty[part] == clean[part], part


def _restart_partner_worker(system):
    system.kill("partner-worker", signal.SIGKILL)
    system.start_worker("partner")


def _story(system, clock, faults):
    ada = reach.sign_up(system, reach.ADA)
    ada_org, code = reach.join(ada)
    bea = reach.sign_up(system, reach.BEA)
    _, bea_code = reach.join(bea)

    # PA15: Rolf signs up through Ada's link; his company is Ada's referral for 365 days
    rolf = reach.sign_up(system, reach.ROLF, "Rolf Bau", referral_code=code)
    rolf_org = rolf.organization_id()
    story.eventually(lambda: [(r["source"], r["converted"]) for r in reach.items(ada, ada_org, "referrals")],
                     [("signup", False)], what="Rolf's company attributed to Ada")

    # his order (carrying Bea's code: first referral wins) placed and paid while the broker is down
    if faults:
        rabbitmq("stop")
    try:
        invoice = reach.order(rolf, rolf_org, reach.HOSTING, referral_code=bea_code)
        reach.pay_by_card(rolf, rolf_org, invoice)
    finally:
        if faults:
            rabbitmq("start")
    if faults:
        _restart_partner_worker(system)
    reach.wait_commission(ada, ada_org)
    story.eventually(lambda: [(r["source"], r["converted"]) for r in reach.items(ada, ada_org, "referrals")],
                     [("signup", True)], what="Ada's referral converted")
    assert reach.items(bea, bea.organization_id(), "referrals") == []
    for other in (rolf, bea):  # the attribution is shown to the affiliate (and staff) only
        assert other.status("GET", "partner", f"/v1/affiliates/{ada_org}/referrals") == 404

    # the 1st of the next month: one payout of 81.00, credited once to Ada's prepaid account
    clock.to_next_month()
    if faults:
        _restart_partner_worker(system)  # the payout run may be half-way
    ada, bea, rolf = (Person(system, email) for email in (reach.ADA, reach.BEA, reach.ROLF))  # tokens expired
    story.eventually(lambda: reach.payouts(ada, ada_org), [(clock.month, reach.COMMISSION, "paid")], timeout=90,
                     what="one payout, issued and paid")
    story.eventually(lambda: reach.prepaid_entries(ada, ada_org), reach.PAID_OUT,
                     what="Ada's prepaid account credited once")

    story.settle()
    assert_nothing_parked(system)
    board = reach.dashboard(ada, ada_org)
    assert (board["status"], board["balance"], board["paid_total"]) == ("active", chf("0.00"), chf(reach.COMMISSION))
    assert (board["referrals"]["organizations"], board["referrals"]["converted"]) == (1, 1)
    issued = story.outbox(system, "partner", "partner.affiliate.payout_issued")
    assert [(e["data"]["month"], e["data"]["amount_minor"], e["data"]["currency"]) for e in issued] == [
        (clock.month, 8100, "CHF")]
    assert len(story.outbox(system, "partner", "partner.affiliate.payout_paid")) == 1
    return {
        "ada": reach.figures(ada, ada_org),
        "bea": reach.figures(bea, bea.organization_id()),
        "prepaid": story.stable(story.prepaid(ada, ada_org)),
        "payouts_issued": len(issued),
        "rolf_invoice": story.stable(rolf.call("GET", "billing", f"/v1/organizations/{rolf_org}/invoices/{invoice}")
                                     ["total"]),
    }
