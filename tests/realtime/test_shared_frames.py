"""A room's message is framed once for every recipient, and reads back as the same text."""
from __future__ import annotations

import sys
import threading

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Request, TextMessage

from forum.realtime import shared_frames

# Lengths in bytes around the three forms of a frame's length (7, 16 and 64 bits).
TEXTS = ["", "a", "x" * 125, "x" * 126, "💜" * 40, "y" * 65_535, "z" * 65_536, "é" * 40_000]


def connected_pair() -> tuple[WSConnection, WSConnection]:
    client, server = WSConnection(ConnectionType.CLIENT), WSConnection(ConnectionType.SERVER)
    server.receive_data(client.send(Request(host="forum.test", target="/")))
    assert isinstance(next(server.events()), Request)
    client.receive_data(server.send(AcceptConnection()))
    assert isinstance(next(client.events()), AcceptConnection)
    return client, server


@pytest.mark.parametrize("text", TEXTS, ids=lambda text: f"{len(text.encode())}-bytes")
def test_a_frame_is_the_one_wsproto_writes_and_a_client_reads_the_text_back(text):
    client, server = connected_pair()
    frame = shared_frames.text_frame(text)

    assert frame == bytes(server.send(TextMessage(data=text)))
    client.receive_data(frame)
    received = list(client.events())
    assert [(event.data, event.message_finished) for event in received] == [(text, True)]


def test_the_same_message_to_many_sockets_is_framed_once_and_each_gets_it_whole():
    message = '42["message",{"body":"one for everyone"}]'
    frames = [shared_frames._shared_frame(message) for _ in range(200)]

    assert all(frame is frames[0] for frame in frames)
    client, _ = connected_pair()
    client.receive_data(b"".join(frames))
    assert [event.data for event in client.events()] == [message] * 200


def test_many_messages_each_get_their_own_frame_and_what_is_remembered_stays_bounded():
    texts = [f'42["message",{n}]' for n in range(shared_frames.REMEMBERED_FRAMES * 3)]
    client, _ = connected_pair()
    for text in texts:
        client.receive_data(shared_frames._shared_frame(text))
        client.receive_data(shared_frames._shared_frame(text))  # the second socket's copy
    assert [event.data for event in client.events()] == [text for text in texts for _ in range(2)]
    assert len(shared_frames._frames) <= shared_frames.REMEMBERED_FRAMES


def test_a_large_message_is_framed_whole_without_being_remembered():
    history = '43[{"ok":true,"messages":["' + "words " * 20_000 + '"]}]'
    client, _ = connected_pair()
    client.receive_data(shared_frames._shared_frame(history))
    assert [event.data for event in client.events()] == [history]
    assert id(history) not in shared_frames._frames


def test_threads_framing_at_once_each_get_their_own_message():
    """The embedded server writes from one thread per socket: the remembered frames are shared by all."""
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to meet any race
    shared = [f'42["message",{{"n":{n}}}]' for n in range(8)]
    failures: list[str] = []

    def write(worker: int) -> None:
        try:
            for n in range(20_000):
                for text in (shared[n % 8], f"43{worker}-{n}[]"):
                    if shared_frames._shared_frame(text) != shared_frames.text_frame(text):
                        failures.append(text)
        except Exception as error:  # noqa: BLE001 - any error here would close a member's socket
            failures.append(repr(error))

    workers = [threading.Thread(target=write, args=(worker,)) for worker in range(8)]
    try:
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
    finally:
        sys.setswitchinterval(switch_interval)
    assert failures == []
