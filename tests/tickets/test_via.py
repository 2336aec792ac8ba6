from cspdesk.tickets.choices import Channel, Via


def test_every_channel_is_a_way_in():
    """A requester's message names its channel as the way the change came in (workflows.hooks)."""
    assert set(Channel.values) <= set(Via.values)
    assert Via(Channel.PHONE) == Via.PHONE
