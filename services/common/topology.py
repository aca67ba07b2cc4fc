"""Names and declarations of the exchange and queues, shared by relays, consumers and the CLI.

One durable topic exchange `<prefix>.events`. Each service has a durable queue
`<prefix>.<service>` bound to the event types it handles, one delay queue per retry
step (`<prefix>.<service>.retry.<ms>`: messages wait there for their TTL, then the
broker dead-letters them back into the service's queue), and a parking queue
`<prefix>.<service>.dead` for events that failed every attempt.
"""
import pika


def exchange(config):
    return f"{config['AMQP_PREFIX']}.events"


def queue(config, service):
    return f"{config['AMQP_PREFIX']}.{service}"


def retry_queue(config, service, delay_ms):
    return f"{queue(config, service)}.retry.{delay_ms}"


def dead_queue(config, service):
    return f"{queue(config, service)}.dead"


def connection_parameters(config, **kwargs):
    params = pika.URLParameters(config["AMQP_URL"])
    params.heartbeat = kwargs.get("heartbeat", 30)
    params.blocked_connection_timeout = kwargs.get("blocked_connection_timeout", 30)
    params.socket_timeout = kwargs.get("socket_timeout", 5)
    params.connection_attempts = 1
    params.client_properties = {"connection_name": kwargs.get("name", config["SERVICE_NAME"])}
    return params


def queue_arguments(config):
    return {"x-queue-type": config["AMQP_QUEUE_TYPE"]}


def declare_service(channel, config, service, event_types):
    """Declare (idempotently) one service's queues and bindings."""
    args = queue_arguments(config)
    channel.exchange_declare(exchange(config), exchange_type="topic", durable=True)
    main = queue(config, service)
    channel.queue_declare(main, durable=True, arguments=args)
    for event_type in sorted(event_types):
        channel.queue_bind(main, exchange(config), routing_key=event_type)
    for delay in config["RETRY_DELAYS_MS"]:
        channel.queue_declare(
            retry_queue(config, service, delay),
            durable=True,
            arguments={
                **args,
                "x-message-ttl": delay,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": main,
            },
        )
    channel.queue_declare(dead_queue(config, service), durable=True, arguments=args)


def subscriptions():
    """Event types each service consumes, read from the services' handler tables."""
    from importlib import import_module

    from services import SERVICES

    return {name: sorted(import_module(f"services.{name}.handlers").HANDLERS) for name in SERVICES}


def declare_all(channel, config):
    """Every service's queues: a relay declares them all, so no event finds its queue missing."""
    for service, event_types in subscriptions().items():
        declare_service(channel, config, service, event_types)
