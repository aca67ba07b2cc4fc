"""Nothing lost, nothing twice: crashes and outages at every step, on the real broker."""
import json

import pika
import requests

from services.common import topology

from .broker import rabbitmq
from .system import wait_until


def one_organization(system, account_id):
    organizations = wait_until(lambda: system.organizations_of(account_id), what="the organization")
    return organizations


def settle(system, account_id, seconds=1.5):
    """Give redeliveries time to happen, then read the final state."""
    import time
    time.sleep(seconds)
    return system.organizations_of(account_id)


def test_a_relay_dying_after_commit_before_publish_delivers_after_restart_once(system):
    system.start("identity", "orgs", workers=False)
    system.start_worker("orgs")
    system.start_worker("identity", FAILPOINTS="relay.before_publish")
    account = system.sign_up("a@relay-crash.example", verify=False)  # committed: account + outbox row
    assert system.wait_exit("identity-worker") == 86  # died holding the unpublished event
    assert system.organizations_of(account["id"]) == []

    system.start_worker("identity")
    assert len(one_organization(system, account["id"])) == 1
    assert len(settle(system, account["id"])) == 1


def test_a_relay_dying_after_publish_before_marking_sends_again_and_consumers_apply_once(system):
    system.start("identity", "orgs", workers=False)
    system.start_worker("orgs")
    system.start_worker("identity", FAILPOINTS="relay.after_publish")
    account = system.sign_up("b@relay-crash.example", verify=False)
    assert system.wait_exit("identity-worker") == 86  # published and confirmed, not marked sent
    system.start_worker("identity")
    wait_until(lambda: system.log("orgs-worker").count('"msg": "duplicate event ignored"') >= 1,
               what="the second copy to reach orgs")
    assert len(settle(system, account["id"])) == 1


def test_b_the_same_event_delivered_twice_changes_state_once(system, amqp_prefix):
    system.start("identity", "orgs")
    account = system.sign_up("c@twice.example")
    assert len(one_organization(system, account["id"])) == 1
    envelope = _outbox_envelope(system, "identity")
    connection = pika.BlockingConnection(pika.URLParameters(system.env["AMQP_URL"]))
    channel = connection.channel()
    channel.confirm_delivery()
    for _ in range(2):
        channel.basic_publish(topology.exchange({"AMQP_PREFIX": amqp_prefix}), envelope["type"],
                              json.dumps(envelope), pika.BasicProperties(message_id=envelope["id"]))
    connection.close()
    wait_until(lambda: system.log("orgs-worker").count('"msg": "duplicate event ignored"') >= 2,
               what="both copies to reach orgs")
    assert len(settle(system, account["id"], 0.5)) == 1


def test_c_an_always_failing_handler_ends_on_the_dead_letter_queue_and_replays_once(system):
    system.start("identity", "orgs", workers=False)
    system.start_worker("identity")
    system.start_worker("orgs", FAILPOINTS="handler.raise")
    account = system.sign_up("d@dead-letter.example", correlation_id="dlq-1")

    def parked():
        listed = system.cli("orgs", "dead-letters", "list")
        return [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]

    letters = wait_until(parked, what="the event to be parked")
    assert len(letters) == 1
    letter = letters[0]
    assert letter["type"] == "identity.account.registered" and letter["attempts"] == 3  # 1 + 2 retries
    assert "handler.raise" in letter["error"] and letter["correlation_id"] == "dlq-1"
    assert system.log("orgs-worker").count('"msg": "handler failed"') == 3
    shown = json.loads(system.cli("orgs", "dead-letters", "show", letter["message_id"]).stdout)
    assert json.loads(shown["body"])["data"]["account_id"] == account["id"]
    assert system.organizations_of(account["id"]) == []

    system.kill("orgs-worker")  # the cause is fixed: a worker without the fault
    system.start_worker("orgs")
    replayed = json.loads(system.cli("orgs", "dead-letters", "replay", letter["message_id"]).stdout)
    assert replayed == {"replayed": [letter["message_id"]]}
    assert len(one_organization(system, account["id"])) == 1
    assert json.loads(system.cli("orgs", "dead-letters", "replay").stdout) == {"replayed": []}
    assert parked() == []
    assert len(settle(system, account["id"])) == 1


def test_d_writes_continue_while_the_broker_is_down_and_every_event_arrives_after(system):
    system.start("identity", "orgs")
    rabbitmq("stop")
    try:
        ready = requests.get(system.url("identity") + "/readyz", timeout=10)
        assert ready.status_code == 503 and ready.json()["checks"]["broker"].startswith("unreachable")
        accounts = [system.sign_up(f"down{i}@outage.example") for i in range(12)]
    finally:
        rabbitmq("start")
    for account in accounts:
        assert len(wait_until(lambda: system.organizations_of(account["id"]), timeout=60,
                              what="events written during the outage")) == 1
    assert all(len(settle(system, a["id"], 0)) == 1 for a in accounts)
    assert requests.get(system.url("identity") + "/readyz", timeout=10).status_code == 200


def test_e_a_consumer_killed_mid_handler_loses_nothing(system):
    system.start("identity", "orgs", workers=False)
    system.start_worker("identity")
    system.start_worker("orgs", FAILPOINTS="consumer.before_commit")
    account = system.sign_up("e@killed.example")
    assert system.wait_exit("orgs-worker") == 86  # died inside the handler's transaction
    assert system.organizations_of(account["id"]) == []
    system.start_worker("orgs")
    assert len(one_organization(system, account["id"])) == 1
    assert len(settle(system, account["id"])) == 1


def _outbox_envelope(system, service):
    from services.common.db import open_database

    database = open_database(system.db_urls[service])
    row = database.execute_sql("SELECT envelope FROM outbox ORDER BY seq LIMIT 1").fetchone()
    database.close()
    return json.loads(row[0])
