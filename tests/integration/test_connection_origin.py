"""The Engine.IO origin check, which only a real server applies: foreign pages cannot open a socket."""
import pytest
import socketio

from tests.integration.conftest import seed_room

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("foreign", [False, True])
def test_a_socket_from_another_origin_is_refused(server, foreign):
    token = seed_room(server.database_url, f"origin-{'foreign' if foreign else 'own'}", 1)[0]
    origin = "http://evil.example" if foreign else server.url
    client = socketio.Client(reconnection=False, websocket_extra_options={"origin": origin})
    try:
        client.connect(server.url, transports=["websocket"], auth={"token": token}, wait_timeout=5)
    except socketio.exceptions.ConnectionError:
        pass
    try:
        assert client.connected is not foreign
    finally:
        client.disconnect()
