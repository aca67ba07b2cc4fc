"""PX6: partner's worker hands the events partners subscribe to (webhooks.SOURCES) to the
webhooks' fan-out, in the consumer's transaction, after whatever else handles the same event
(the threshold's projection of links, the cashback's statements...)."""
from . import webhooks


def fanned_out(subscriptions):
    """`subscriptions` ({event type: handler}) with every webhook source also fanned out."""
    combined = dict(subscriptions)
    for event_type in webhooks.SOURCES:
        combined[event_type] = _then_fan_out(event_type, subscriptions.get(event_type))
    return combined


def _then_fan_out(event_type, first):
    def handle(data, envelope):
        if first is not None:
            first(data, envelope)
        webhooks.fan_out(event_type, envelope)

    handle.__name__ = f"webhooks_of_{event_type.replace('.', '_')}"
    return handle
