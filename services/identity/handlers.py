"""Events identity consumes: none yet (it is where accounts start)."""
SUBSCRIPTIONS = {}
