"""Room fan-out benchmark: N members in one live room on ONE server process, the forum against a bare server.

    python bench/room_fanout.py --members 200 --messages 2000 --rate 50 [--json out.json]

For each server (the forum as deployed, `gunicorn -c deploy/gunicorn.conf.py wsgi:app`;
bench/bare_server.py under the same gunicorn settings, as "bare", and as "stored", the bare server
plus a durable SQLite insert before each emit: the floor of any server that stores before it
broadcasts), one after the other in the same run:

1. start it on a free port (gevent worker, WORKER_CONNECTIONS above N). The forum gets a fresh SQLite
   database (or a throwaway PostgreSQL database on --database-url's server) migrated with
   `flask db upgrade`, seeded with N members holding API tokens (bench/seed.py), and its room rate
   limit switched off (RATELIMIT_ENABLED=false), so the limiter does not shape the test;
2. memory: the worker's VmRSS after a warm-up, after N idle connections, after they all `join`ed;
3. fixed rate: M messages at --rate msg/s from --senders members, every member receives each one;
4. burst: M messages as fast as the server acknowledges them (each sender keeps --window unacknowledged);
5. for each phase: delivered messages/s (deliveries: one message reaching one member), p50/p99 latency
   (the send time is in the body, read at every receiver), loss (expected - received), the
   server's CPU, and the CPU of this load generator (getrusage): when it is near a full core, the figure
   describes the generator, not the server.

The load generator is one asyncio process speaking Engine.IO 4 / Socket.IO 5 text framing over
websockets' Sans-I/O protocol (no python-socketio client, no task per message): it costs a few
microseconds per delivery. A connection the server corrupts or closes is counted by reason
(`drops`) and the run goes on: its missed deliveries are loss. Everything is bounded in count and
time, and every server this script started is stopped in `finally` (by its own process group,
never by name). Targets (issue 3) are reported, never asserted; results: docs/PERFORMANCE.md.

`--bare-whole-frames` runs the bare and stored servers with the forum's own frame writer
(forum/realtime/whole_frames.py, shared_frames.py and writer_wait.py), so the ratios compare like
with like: the price of the guarantees without the forum's cheaper frame writes.

Each phase also reports the server's garbage collections (bench/server_hooks/gc_pause_log.py): a
full collection holds the whole worker, so its pauses show up in the latency tail.

`--patch-sendall` is an experiment: both servers run with simple-websocket's send() replaced by
sendall() (bench/server_hooks/sendall_fix.py), to show the effect of its partial-write bug.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State
from websockets.uri import parse_uri

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CLK_TCK = os.sysconf("SC_CLK_TCK")
MARK = re.compile(rb"fanout:(\d+):(\d+):(\d+)")  # fanout:<phase>:<seq>:<send perf_counter_ns>
PHASE_FIXED, PHASE_BURST, PHASE_WARMUP = 1, 2, 9
# bare: join_room/emit only; stored: bare plus a durable SQLite insert before each emit (bench/bare_server.py)
SERVERS = ("bare", "stored", "forum")
TARGETS = {"throughput_ratio_min": 0.60, "p99_ratio_max": 2.0, "loss": 0, "memory_ratio_max": 1.20}
GENERATOR_BUSY = 0.85  # of one core: above this the generator, not the server, may set the figure


# ---------------------------------------------------------------------------------------------------
# Processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
    return found


def rss_kb(pid: int, key: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {key} for {pid}")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def machine_busy_seconds() -> float:
    """CPU seconds spent by everything on the machine (all cores), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / CLK_TCK


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Server:
    """One gunicorn process (master + one gevent worker) in its own process group."""

    name: str
    app: str
    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    worker: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def launch(self) -> None:
        env = {**self.env, "BIND": f"127.0.0.1:{self.port}", "ASYNC_MODE": "gevent"}
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                [PY, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", self.app],
                cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
            )

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} server exited early; see {self.log_path}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).read()
                workers = children_of(self.process.pid)
                if len(workers) == 1:
                    self.worker = workers[0]
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} server did not answer within {timeout:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process is None:
            return
        group = self.process.pid
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)  # this server's own group: a straggling worker, nothing else
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)
        self.process = None


def flask(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run([PY, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


# ---------------------------------------------------------------------------------------------------
# The load generator: one asyncio Protocol per socket, Socket.IO text framing over websockets' Sans-I/O


class Phase:
    """Counters of one message phase, shared by every connection."""

    def __init__(self, number: int, messages: int, members: int) -> None:
        self.number = number
        self.messages = messages
        self.members = members
        self.latencies_ms = array("d")
        self.received = 0
        self.message_bytes = 0  # Socket.IO text of the `message` events received
        self.duplicates = 0
        self.first_send_ns = 0
        self.last_receive_ns = 0
        self.sent = 0
        self.acked_ok = 0
        self.ack_errors: dict[str, int] = {}
        self.ack_ms = array("d")
        self.send_lag_ms = array("d")  # fixed rate: how late the generator sent each message
        self.send_offset_s = array("d", bytes(8 * messages))  # when each message was sent, from the first
        self.slowest_ms = array("d", bytes(8 * messages))  # each message's last delivery
        self.progress = asyncio.Event()


class Bench:
    def __init__(self) -> None:
        self.phase: Phase | None = None
        self.other_events = 0
        self.presence_events = 0
        self.bytes_received = 0
        self.drops: dict[str, int] = {}  # connections lost while the bench still used them, by reason


class SioConnection(asyncio.Protocol):
    def __init__(self, bench: Bench, index: int, port: int, auth: dict | None) -> None:
        self.bench = bench
        self.index = index
        self.auth = auth
        self.ws = ClientProtocol(parse_uri(f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket"),
                                 max_size=None)
        loop = asyncio.get_running_loop()
        self.ready = loop.create_future()
        self.closed = loop.create_future()
        self.transport: asyncio.Transport | None = None
        self.acks: dict[int, tuple[asyncio.Future, int]] = {}
        self.next_ack = 0
        self.seen: bytearray = bytearray()
        self.fragments: list[bytes] = []
        self.close_reason: str | None = None
        self.closing = False  # closed by this generator

    # -- transport
    def connection_made(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self.ws.send_request(self.ws.connect())
        self.flush()

    def flush(self) -> None:
        for chunk in self.ws.data_to_send():
            if chunk:
                self.transport.write(chunk)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.close_reason is None:
            ws = self.ws
            detail = ws.parser_exc or ws.close_rcvd or ws.close_sent or exc
            self.close_reason = f"{type(detail).__name__}: {detail}" if detail else "closed by peer (TCP)"
            if not self.closing:
                self.bench.drops[self.close_reason] = self.bench.drops.get(self.close_reason, 0) + 1
        if not self.closed.done():
            self.closed.set_result(exc)
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(f"socket {self.index} closed before connecting: {exc}"))
        for fut, _ in self.acks.values():
            if not fut.done():
                fut.set_exception(ConnectionError(f"socket {self.index} closed"))

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter_ns()  # every frame in this chunk arrived by now
        self.bench.bytes_received += len(data)
        ws = self.ws
        ws.receive_data(data)
        for event in ws.events_received():
            if type(event) is not Frame:  # the handshake response
                if ws.handshake_exc is not None and not self.ready.done():
                    self.ready.set_exception(ws.handshake_exc)
                continue
            if event.opcode is Opcode.TEXT or event.opcode is Opcode.CONT:
                if not event.fin:
                    self.fragments.append(event.data)
                    continue
                payload = event.data
                if self.fragments:
                    payload = b"".join([*self.fragments, payload])
                    self.fragments.clear()
                self.on_text(payload, now)
        self.flush()

    def eof_received(self) -> bool | None:
        self.ws.receive_eof()
        return None

    def send_text(self, text: bytes) -> None:
        if self.ws.state is not State.OPEN:
            raise ConnectionError(f"socket {self.index} is closed ({self.close_reason or self.ws.state.name})")
        self.ws.send_text(text)
        self.flush()

    # -- Engine.IO / Socket.IO
    def on_text(self, data: bytes, now: int) -> None:
        kind = data[:2]
        if kind == b'42':
            if data.startswith(b'42["message"'):
                self.on_message(data, now)
            elif data.startswith(b'42["presence"'):
                self.bench.presence_events += 1
            else:
                self.bench.other_events += 1
        elif kind == b'43':
            end = data.index(b"[")
            entry = self.acks.pop(int(data[2:end]), None)
            if entry is not None and not entry[0].done():
                entry[0].set_result((json.loads(data[end:])[0], now - entry[1]))
        elif data == b"2":
            self.send_text(b"3")
        elif kind == b"40":
            if not self.ready.done():
                self.ready.set_result(json.loads(data[2:] or b"{}"))
        elif kind == b"44":
            if not self.ready.done():
                self.ready.set_exception(ConnectionRefusedError(data.decode()))
        elif data[:1] == b"0":  # Engine.IO open: now connect the default namespace
            self.send_text(b"40" + (json.dumps(self.auth).encode() if self.auth else b""))
        elif data[:1] == b"1":
            self.close_reason = "Engine.IO close from the server"
            self.bench.drops[self.close_reason] = self.bench.drops.get(self.close_reason, 0) + 1
            self.transport.close()
        elif kind == b"41":
            self.close_reason = "Socket.IO disconnect from the server"
            self.bench.drops[self.close_reason] = self.bench.drops.get(self.close_reason, 0) + 1
            self.transport.close()

    def on_message(self, data: bytes, now: int) -> None:
        phase = self.bench.phase
        match = MARK.search(data)
        if phase is None or match is None or int(match[1]) != phase.number:
            self.bench.other_events += 1
            return
        seq = int(match[2])
        if self.seen[seq]:
            phase.duplicates += 1
            return
        self.seen[seq] = 1
        phase.received += 1
        phase.message_bytes += len(data)
        latency = (now - int(match[3])) / 1e6
        phase.latencies_ms.append(latency)
        if latency > phase.slowest_ms[seq]:
            phase.slowest_ms[seq] = latency
        phase.last_receive_ns = now
        if phase.received % 1000 == 0:
            phase.progress.set()

    def emit(self, event: str, payload: dict) -> asyncio.Future:
        """Send `42<id>[event, payload]`; the future gets (ack payload, ack latency ns)."""
        self.next_ack += 1
        fut = asyncio.get_running_loop().create_future()
        sent = time.perf_counter_ns()
        self.acks[self.next_ack] = (fut, sent)
        self.send_text(b"42%d" % self.next_ack + json.dumps([event, payload], separators=(",", ":")).encode())
        return fut

    def is_open(self) -> bool:
        return self.ws.state is State.OPEN and not self.transport.is_closing()

    def close(self) -> None:
        self.closing = True
        if self.transport is not None and not self.transport.is_closing():
            self.transport.abort()


async def open_connection(bench: Bench, index: int, port: int, auth: dict | None, timeout: float) -> SioConnection:
    loop = asyncio.get_running_loop()
    _, conn = await asyncio.wait_for(
        loop.create_connection(lambda: SioConnection(bench, index, port, auth), "127.0.0.1", port), timeout
    )
    try:
        await asyncio.wait_for(conn.ready, timeout)
    except BaseException:
        conn.close()
        raise
    return conn


async def bounded(coros, limit: int) -> list:
    """Run coroutines with at most `limit` at a time; results (or exceptions) in order."""
    semaphore = asyncio.Semaphore(limit)

    async def one(coro):
        async with semaphore:
            return await coro

    return await asyncio.gather(*(one(c) for c in coros), return_exceptions=True)


async def connect_all(bench: Bench, port: int, auths: list[dict | None], count: int, limit: int,
                      timeout: float) -> list[SioConnection]:
    """Open `count` connections; if any fails, close the others and raise the first failure."""
    results = await bounded([open_connection(bench, i, port, auths[i], timeout) for i in range(count)], limit)
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        for conn in results:
            if isinstance(conn, SioConnection):
                conn.close()
        raise RuntimeError(f"{len(failures)} of {count} connections failed, e.g. {failures[0]!r}")
    return results


# ---------------------------------------------------------------------------------------------------
# Measurements


def percentile(sorted_values, q: float) -> float | None:
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


class CpuWindow:
    """CPU used between start() and stop(): this generator, the server worker, the whole machine."""

    def __init__(self, worker: int) -> None:
        self.worker = worker

    def start(self) -> None:
        self.t0 = time.monotonic()
        self.own0, self.worker0, self.machine0 = own_cpu_seconds(), cpu_seconds(self.worker), machine_busy_seconds()

    def stop(self) -> dict:
        wall = time.monotonic() - self.t0
        own = own_cpu_seconds() - self.own0
        server = cpu_seconds(self.worker) - self.worker0
        machine = machine_busy_seconds() - self.machine0
        return {
            "wall_s": round(wall, 2),
            "generator_cpu_s": round(own, 2),
            "generator_cores": round(own / wall, 2),
            "server_cpu_s": round(server, 2),
            "server_cores": round(server / wall, 2),
            # everything else on the (shared) machine: other people's test runs, the database, the kernel
            "others_cores": round(max(0.0, machine - own - server) / wall, 2),
        }


async def run_phase(bench: Bench, conns: list[SioConnection], senders: list[SioConnection], slug: str,
                    number: int, messages: int, rate: float | None, window: int, drain_quiet: float,
                    time_limit: float, worker: int) -> dict:
    """Send `messages` (at `rate`/s, or as fast as acknowledged) and count what every member receives."""
    phase = Phase(number, messages, len(conns))
    for conn in conns:
        conn.seen = bytearray(messages)
    bench.phase = phase
    cpu = CpuWindow(worker)
    cpu.start()
    deadline = time.monotonic() + time_limit
    acks: list[asyncio.Future] = []

    def send(seq: int) -> asyncio.Future:
        sender = senders[seq % len(senders)]
        if not sender.is_open():  # its connection was dropped: another sender takes the message
            live = [conn for conn in senders if conn.is_open()]
            if not live:
                raise ConnectionError("every sender's connection is closed")
            sender = live[seq % len(live)]
        now = time.perf_counter_ns()
        if not phase.first_send_ns:
            phase.first_send_ns = now
        phase.send_offset_s[seq] = (now - phase.first_send_ns) / 1e9
        body = f"fanout:{number}:{seq}:{now}"
        fut = sender.emit("send", {"group": slug, "body": body, "client_id": str(uuid.uuid4())})
        phase.sent += 1
        fut.add_done_callback(on_ack)
        acks.append(fut)
        return fut

    def on_ack(fut: asyncio.Future) -> None:
        if fut.cancelled() or fut.exception() is not None:
            phase.ack_errors["no_ack"] = phase.ack_errors.get("no_ack", 0) + 1
            return
        answer, latency_ns = fut.result()
        phase.ack_ms.append(latency_ns / 1e6)
        if answer.get("ok"):
            phase.acked_ok += 1
        else:
            code = answer.get("error", "?")
            phase.ack_errors[code] = phase.ack_errors.get(code, 0) + 1

    send_stopped = "completed"
    if rate:
        start = time.perf_counter()
        for seq in range(messages):
            target = start + seq / rate
            delay = target - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            phase.send_lag_ms.append(max(0.0, time.perf_counter() - target) * 1e3)
            try:
                send(seq)
            except ConnectionError:
                send_stopped = "no live sender"
                break
            if time.monotonic() > deadline:
                send_stopped = "time limit"
                break
    else:
        next_seq = iter(range(messages))

        async def sender_loop(index: int) -> None:
            in_flight: set[asyncio.Future] = set()
            for seq in next_seq:  # shared iterator: each sender takes the next number
                if time.monotonic() > deadline:
                    return
                try:
                    fut = send(seq)
                except ConnectionError:
                    nonlocal send_stopped
                    send_stopped = "no live sender"
                    return
                in_flight.add(fut)
                fut.add_done_callback(in_flight.discard)
                if len(in_flight) >= window:
                    await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)

        await asyncio.gather(*(sender_loop(i) for i in range(len(senders))))
        if phase.sent < messages and send_stopped == "completed":
            send_stopped = "time limit"
    send_done = time.perf_counter_ns()

    # Drain: until every member has every message, or nothing arrived for `drain_quiet` s, or the deadline.
    # Every member should get every message; messages that could not even be sent (no sender left) count too.
    expected = (messages if send_stopped == "no live sender" else phase.sent) * len(conns)
    last_count, last_change = -1, time.monotonic()
    while phase.received < expected:
        now = time.monotonic()
        if phase.received != last_count:
            last_count, last_change = phase.received, now
        if now - last_change > drain_quiet or now > deadline + drain_quiet:
            break
        phase.progress.clear()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(phase.progress.wait(), 0.2)
    with contextlib.suppress(asyncio.TimeoutError):  # the last acks, for the error counts
        await asyncio.wait_for(asyncio.gather(*acks, return_exceptions=True), 5)
    cpu_use = cpu.stop()
    bench.phase = None
    # Robust to a noisy machine: what one second of the server's own CPU delivers.
    cpu_use["deliveries_per_server_cpu_s"] = round(phase.received / cpu_use["server_cpu_s"]) if cpu_use["server_cpu_s"] else None

    latencies = sorted(phase.latencies_ms)
    ack_ms = sorted(phase.ack_ms)
    span_s = max(1e-9, (phase.last_receive_ns - phase.first_send_ns) / 1e9) if phase.received else None
    return {
        "mode": f"fixed {rate:g}/s" if rate else f"burst (window {window} x {len(senders)} senders)",
        "messages_sent": phase.sent,
        "send_stopped": send_stopped,
        "send_seconds": round((send_done - phase.first_send_ns) / 1e9, 2),
        "acked_ok": phase.acked_ok,
        "ack_errors": phase.ack_errors,
        "expected_deliveries": expected,
        "delivered": phase.received,
        "loss": expected - phase.received,
        "duplicates": phase.duplicates,
        "span_s": round(span_s, 2) if span_s else None,
        "message_event_bytes": round(phase.message_bytes / phase.received) if phase.received else None,
        "deliveries_per_s": round(phase.received / span_s) if span_s else 0,
        "messages_per_s": round(phase.received / len(conns) / span_s, 1) if span_s else 0,
        "p50_ms": round(percentile(latencies, 0.50), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
        "max_ms": round(latencies[-1], 1) if latencies else None,
        "ack_p50_ms": round(percentile(ack_ms, 0.50), 1) if ack_ms else None,
        "ack_p99_ms": round(percentile(ack_ms, 0.99), 1) if ack_ms else None,
        "send_lag_p99_ms": round(percentile(sorted(phase.send_lag_ms), 0.99), 1) if phase.send_lag_ms else None,
        "send_lag_max_ms": round(max(phase.send_lag_ms), 1) if phase.send_lag_ms else None,
        # the 10 messages whose last delivery took longest: [seconds after the first send, ms]
        "slowest_messages": sorted(
            ([round(phase.send_offset_s[i], 2), round(phase.slowest_ms[i], 1)] for i in range(phase.sent)),
            key=lambda item: -item[1])[:10],
        **cpu_use,
    }


async def settle(seconds: float) -> None:
    await asyncio.sleep(seconds)


async def wait_quiet(read, quiet: float, limit: float) -> float:
    """Wait until read() stops changing for `quiet` seconds (at most `limit`); the seconds waited."""
    start = time.monotonic()
    last, changed = read(), time.monotonic()
    while time.monotonic() - start < limit:
        await asyncio.sleep(0.2)
        value = read()
        if value != last:
            last, changed = value, time.monotonic()
        elif time.monotonic() - changed >= quiet:
            break
    return time.monotonic() - start


async def bench_server(server: Server, auths: list[dict | None], slug: str, args: argparse.Namespace) -> dict:
    """Everything measured on one server: memory, join, the fixed-rate and the burst phases."""
    members = args.members
    bench = Bench()
    result: dict = {"server": server.name}
    conns: list[SioConnection] = []
    try:
        # Warm-up: members connect and join as many at once as the measured connect will, send,
        # receive and leave, so one-off imports, caches, the database pool and the memory of that many
        # handlers in flight at once (under gevent each one waiting on the database keeps its stack)
        # are paid before the baseline is read.
        warm_count = min(args.connect_concurrency, members)
        warm = await connect_all(bench, server.port, auths, warm_count, warm_count, args.connect_timeout)
        answers = await asyncio.wait_for(
            asyncio.gather(*(conn.emit("join", {"group": slug, "after": None}) for conn in warm)), 60)
        refused = [answer for answer, _ in answers if not answer.get("ok")]
        if refused:
            raise RuntimeError(f"{server.name}: warm-up join refused: {refused[0]}")
        bench.phase = Phase(PHASE_WARMUP, 20, len(warm))
        for conn in warm:
            conn.seen = bytearray(20)
        for seq in range(20):
            body = f"fanout:{PHASE_WARMUP}:{seq}:{time.perf_counter_ns()}"
            answer, _ = await asyncio.wait_for(
                warm[seq % len(warm)].emit("send", {"group": slug, "body": body, "client_id": str(uuid.uuid4())}), 30)
            if not answer.get("ok"):
                raise RuntimeError(f"{server.name}: warm-up send refused: {answer}")
        await settle(0.5)
        bench.phase = None
        for conn in warm:
            conn.close()
        await settle(2)

        # Memory: N idle connections, then the same N joined to the room.
        rss_base = rss_kb(server.worker)
        t0 = time.monotonic()
        cpu = CpuWindow(server.worker)
        cpu.start()
        conns.extend(await connect_all(bench, server.port, auths, members, args.connect_concurrency,
                                       args.connect_timeout))
        connect_s = time.monotonic() - t0
        log(f"{server.name}: {members} connected in {connect_s:.1f} s")
        connect_cpu = cpu.stop()
        await settle(2)
        rss_connected = rss_kb(server.worker)

        t0 = time.monotonic()
        cpu.start()
        presence_before, bytes_before = bench.presence_events, bench.bytes_received

        async def join(conn: SioConnection) -> dict:
            try:
                answer, _ = await asyncio.wait_for(conn.emit("join", {"group": slug, "after": None}),
                                                   args.join_timeout)
                return answer
            except (ConnectionError, asyncio.TimeoutError) as error:  # counted in drops, or as a refusal
                return {"ok": False, "error": type(error).__name__}

        joins = [answer if isinstance(answer, dict) else {"ok": False, "error": repr(answer)}
                 for answer in await bounded([join(conn) for conn in conns], args.connect_concurrency)]
        refused = [answer for answer in joins if not answer.get("ok")]
        if refused and all(answer.get("error") not in ("ConnectionError", "TimeoutError") for answer in refused):
            raise RuntimeError(f"{server.name}: {len(refused)} joins refused, e.g. {refused[0]}")
        join_acked_s = time.monotonic() - t0
        log(f"{server.name}: {members} joins acknowledged in {join_acked_s:.1f} s")
        # A newcomer is announced to everyone already in the room: wait until those broadcasts are all in.
        drained = await wait_quiet(lambda: (bench.presence_events, bench.bytes_received), 2, args.join_timeout)
        join_cpu = cpu.stop()
        log(f"{server.name}: room settled after {join_acked_s + drained:.1f} s; fixed-rate phase")
        rss_joined = rss_kb(server.worker)
        result["setup"] = {
            "connect_s": round(connect_s, 2),
            "connect_generator_cores": connect_cpu["generator_cores"],
            "join_acked_s": round(join_acked_s, 2),
            "join_settled_s": round(join_acked_s + drained, 2),
            "presence_events": bench.presence_events - presence_before,
            "join_mb_received": round((bench.bytes_received - bytes_before) / 1e6, 1),
            "join_generator_cores": join_cpu["generator_cores"],
            "join_server_cpu_s": join_cpu["server_cpu_s"],
            "join_others_cores": join_cpu["others_cores"],
            "joins_failed": len(refused),
            "drops_after_join": sum(bench.drops.values()),
        }
        result["memory"] = {
            "rss_base_mb": round(rss_base / 1024, 1),
            "rss_connected_mb": round(rss_connected / 1024, 1),
            "rss_joined_mb": round(rss_joined / 1024, 1),
            "kb_per_connection": round((rss_connected - rss_base) / members, 1),
            "kb_per_joined_member": round((rss_joined - rss_base) / members, 1),
        }

        senders = [conns[i * members // args.senders] for i in range(min(args.senders, members))]
        phases = {}
        phases["fixed"] = await observed_phase(server, args, "fixed", run_phase(
            bench, conns, senders, slug, PHASE_FIXED, args.messages, args.rate, args.window, args.drain_quiet,
            args.phase_limit, server.worker))
        if args.burst_messages:
            log(f"{server.name}: burst phase")
            await settle(1)
            phases["burst"] = await observed_phase(server, args, "burst", run_phase(
                bench, conns, senders, slug, PHASE_BURST, args.burst_messages, None, args.window, args.drain_quiet,
                args.phase_limit, server.worker))
        result["phases"] = phases
        result["memory"]["rss_end_mb"] = round(rss_kb(server.worker) / 1024, 1)
        result["memory"]["rss_peak_mb"] = round(rss_kb(server.worker, "VmHWM") / 1024, 1)
        result["dropped_connections"] = sum(1 for conn in conns if not conn.is_open())
        result["drops"] = bench.drops
        result["other_events"] = bench.other_events
        return result
    except Exception as error:
        error.drops = dict(bench.drops)
        raise
    finally:
        for conn in conns:
            conn.close()


async def observed_phase(server: Server, args: argparse.Namespace, phase: str, measuring) -> dict:
    """Await one phase's measurement, under py-spy when asked, and add the worker's garbage collections."""
    profiler = start_profiler(server, args, phase)
    started = time.time()
    try:
        result = await measuring
    finally:
        stop_profiler(profiler)
    return {**result, **gc_pauses(server, started, time.time())}


def gc_pauses(server: Server, start: float, end: float) -> dict:
    """The worker's garbage collections between two wall-clock times, from bench/server_hooks/gc_pause_log.py."""
    path = server.log_path.parent / "gc" / f"gc-{server.worker}.log"
    pauses = []
    for line in path.read_text().splitlines() if path.exists() else []:
        ended, generation, took_ms = line.split()
        if start <= float(ended) <= end:
            pauses.append((int(generation), float(took_ms)))
    return {
        "gc_collections": len(pauses),
        "gc_full_collections": sum(1 for generation, _ in pauses if generation == 2),
        "gc_pause_max_ms": round(max((took for _, took in pauses), default=0.0), 1),
        "gc_pause_total_ms": round(sum(took for _, took in pauses)),
    }


def start_profiler(server: Server, args: argparse.Namespace, phase: str) -> subprocess.Popen | None:
    """py-spy on the worker during `phase`, as --py-spy and --py-spy-servers/--py-spy-phase ask."""
    if not args.py_spy or server.name not in args.py_spy_servers.split(",") or phase != args.py_spy_phase:
        return None
    several = "," in args.py_spy_servers
    out = Path(f"{args.py_spy}.{server.name}" if several else args.py_spy)
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [shutil.which("py-spy") or str(Path(PY).parent / "py-spy"), "record", "--nonblocking", "--format", "raw",
         "-r", "50", "-p", str(server.worker), "-o", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def stop_profiler(profiler: subprocess.Popen | None) -> None:
    if profiler is None:
        return
    profiler.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
    try:
        profiler.wait(20)
    except subprocess.TimeoutExpired:
        profiler.kill()
        profiler.wait(5)


# ---------------------------------------------------------------------------------------------------
# Report


def ratio(ours, bare) -> float | None:
    if ours is None or bare in (None, 0):
        return None
    return round(ours / bare, 3)


def compare(results: dict, ours_name: str = "forum", base_name: str = "bare") -> dict:
    """`ours_name / base_name` per phase and for memory, each ratio against its target."""
    forum, bare = results.get(ours_name), results.get(base_name)
    if not forum or not bare or "phases" not in forum or "phases" not in bare:
        return {}
    out = {}
    for name, ours in forum["phases"].items():
        base = bare["phases"].get(name)
        if not base:
            continue
        throughput = ratio(ours["deliveries_per_s"], base["deliveries_per_s"])
        p99 = ratio(ours["p99_ms"], base["p99_ms"])
        per_cpu = ratio(ours.get("deliveries_per_server_cpu_s"), base.get("deliveries_per_server_cpu_s"))
        out[name] = {
            "throughput_ratio": throughput,
            "p99_ratio": p99,
            "per_server_cpu_ratio": per_cpu,
            "forum_loss": ours["loss"],
            "meets_throughput": throughput is not None and throughput >= TARGETS["throughput_ratio_min"],
            "meets_p99": p99 is not None and p99 < TARGETS["p99_ratio_max"],
            "meets_loss": ours["loss"] == 0 and not ours["ack_errors"],
            "generator_near_full_core": max(ours["generator_cores"], base["generator_cores"]) >= GENERATOR_BUSY,
        }
    memory = ratio(forum["memory"]["kb_per_connection"], bare["memory"]["kb_per_connection"])
    joined = ratio(forum["memory"]["kb_per_joined_member"], bare["memory"]["kb_per_joined_member"])
    out["memory"] = {
        "per_connection_ratio": memory,
        "per_joined_member_ratio": joined,
        "meets_memory": memory is not None and memory <= TARGETS["memory_ratio_max"],
        "meets_memory_joined": joined is not None and joined <= TARGETS["memory_ratio_max"],
    }
    return out


def fmt_ratio(value) -> str:
    return "-" if value is None else f"{value:.2f}"


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_report(report: dict) -> None:
    results = report["results"]
    servers = [name for name in SERVERS if name in results]
    print(f"\nRoom fan-out: {report['members']} members, one process each, {report['database']}")
    print(f"command: {report['command']}")
    if report.get("server_patch"):
        print(f"EXPERIMENT: {report['server_patch']}")
    if report["settings"].get("bare_whole_frames"):
        print("like with like: bare and stored write frames as the forum does (forum/realtime/whole_frames.py, shared_frames.py, writer_wait.py)")
    print()
    rows = [("", *servers)]
    for name in servers:
        if "error" in results[name]:
            print(f"{name}: FAILED: {results[name]['error']}")
    ok = [n for n in servers if "memory" in results[n]]
    mem_rows = [
        ("RSS after warm-up (MB)", "rss_base_mb"), ("RSS N connected (MB)", "rss_connected_mb"),
        ("RSS N joined (MB)", "rss_joined_mb"), ("KB per idle connection", "kb_per_connection"),
        ("KB per joined member", "kb_per_joined_member"), ("RSS peak (MB)", "rss_peak_mb"),
    ]
    rows = [("", *ok)]
    rows += [(label, *(fmt(results[n]["memory"].get(key)) for n in ok)) for label, key in mem_rows]
    setup_rows = [("connect N (s)", "connect_s"), ("join N, acked (s)", "join_acked_s"),
                  ("join N, presence settled (s)", "join_settled_s"), ("presence events received", "presence_events"),
                  ("MB received while joining", "join_mb_received"), ("generator cores, join", "join_generator_cores"),
                  ("others on the machine, join (cores)", "join_others_cores"),
                  ("joins failed", "joins_failed"), ("connections dropped by then", "drops_after_join")]
    rows += [(label, *(fmt(results[n]["setup"].get(key)) for n in ok)) for label, key in setup_rows]
    phase_rows = [
        ("messages sent", "messages_sent"), ("sending", "send_stopped"), ("acks ok", "acked_ok"), ("ack errors", "ack_errors"),
        ("deliveries expected", "expected_deliveries"), ("delivered", "delivered"), ("loss", "loss"),
        ("duplicates", "duplicates"), ("bytes per message event", "message_event_bytes"), ("deliveries/s", "deliveries_per_s"), ("messages/s (fully fanned out)",
                                                                             "messages_per_s"),
        ("p50 latency (ms)", "p50_ms"), ("p99 latency (ms)", "p99_ms"), ("max latency (ms)", "max_ms"),
        ("ack p50 / p99 (ms)", None), ("send lag p99 (ms)", "send_lag_p99_ms"), ("wall (s)", "wall_s"),
        ("server cores", "server_cores"), ("deliveries per server CPU-s", "deliveries_per_server_cpu_s"), ("generator cores", "generator_cores"),
        ("generator CPU (s)", "generator_cpu_s"), ("others on the machine (cores)", "others_cores"),
        ("garbage collections (full)", None), ("longest GC pause (ms)", "gc_pause_max_ms"),
        ("GC pauses in all (ms)", "gc_pause_total_ms"),
    ]
    for phase in ("fixed", "burst"):
        have = [n for n in ok if phase in results[n].get("phases", {})]
        if not have:
            continue
        rows.append((f"-- {results[have[0]]['phases'][phase]['mode']}", *("" for _ in ok)))
        for label, key in phase_rows:
            cells = []
            for n in ok:
                p = results[n].get("phases", {}).get(phase)
                if p is None:
                    cells.append("-")
                elif label.startswith("ack p50"):
                    cells.append(f"{fmt(p['ack_p50_ms'])} / {fmt(p['ack_p99_ms'])}")
                elif label.startswith("garbage collections"):
                    cells.append(f"{fmt(p.get('gc_collections'))} ({fmt(p.get('gc_full_collections'))})")
                elif key == "ack_errors":
                    cells.append(", ".join(f"{k}: {v}" for k, v in p[key].items()) or "0")
                else:
                    cells.append(fmt(p.get(key)))
            rows.append((label, *cells))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(str(cell).ljust(widths[0]) if i == 0 else str(cell).rjust(widths[i])
                        for i, cell in enumerate(row)))
    print_comparison("forum / bare (targets: throughput >= 0.60, p99 < 2.0, loss 0, memory <= 1.20; never asserted)",
                     report.get("comparison") or {})
    print_comparison("stored / bare (the floor: what storing each message before broadcasting it costs alone)",
                     report.get("stored_comparison") or {})
    for name in ok:
        if results[name].get("dropped_connections"):
            print(f"  {name}: {results[name]['dropped_connections']} of {report['members']} connections were dropped"
                  f" during the run: {results[name].get('drops')}")


def print_comparison(title: str, comparison: dict) -> None:
    if comparison:
        print(f"\n{title}")
        for name, c in comparison.items():
            if name == "memory":
                print(f"  memory: per idle connection {fmt_ratio(c['per_connection_ratio'])} "
                      f"({'meets' if c['meets_memory'] else 'MISSES'}), per joined member "
                      f"{fmt_ratio(c['per_joined_member_ratio'])} ({'meets' if c['meets_memory_joined'] else 'MISSES'})")
            else:
                print(f"  {name}: throughput {fmt_ratio(c['throughput_ratio'])} ({'meets' if c['meets_throughput'] else 'MISSES'}),"
                      f" p99 {fmt_ratio(c['p99_ratio'])} ({'meets' if c['meets_p99'] else 'MISSES'}),"
                      f" loss {c['forum_loss']} ({'meets' if c['meets_loss'] else 'MISSES'});"
                      f" deliveries per server CPU-s {fmt_ratio(c['per_server_cpu_ratio'])}"
                      + ("  [generator near a full core: figure may be the generator's]"
                         if c["generator_near_full_core"] else ""))


# ---------------------------------------------------------------------------------------------------
# Main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--members", type=int, default=200, help="sockets (members) in the room")
    parser.add_argument("--messages", type=int, default=2000, help="messages in the fixed-rate phase")
    parser.add_argument("--rate", type=float, default=50, help="messages per second in the fixed-rate phase")
    parser.add_argument("--burst-messages", type=int, default=None,
                        help="messages in the as-fast-as-possible phase (none given: as many as --messages; 0 skips it)")
    parser.add_argument("--senders", type=int, default=10, help="members who send (round robin)")
    parser.add_argument("--window", type=int, default=5, help="burst: unacknowledged sends each sender keeps")
    parser.add_argument("--servers", default="bare,stored,forum", help="which servers, in this order")
    parser.add_argument("--database-url", help="a PostgreSQL server URL: the forum gets a throwaway database on it "
                                              "(default: a fresh SQLite file)")
    parser.add_argument("--json", help="also write the report here")
    parser.add_argument("--py-spy", metavar="FILE", help="profile the forum worker during the burst (raw stacks)")
    parser.add_argument("--py-spy-servers", default="forum",
                        help="with --py-spy: which servers to profile (with several, each writes FILE.<server>)")
    parser.add_argument("--py-spy-phase", choices=("fixed", "burst"), default="burst", help="with --py-spy: which phase")
    parser.add_argument("--connect-concurrency", type=int, default=50)
    parser.add_argument("--connect-timeout", type=float, default=20)
    parser.add_argument("--join-timeout", type=float, default=120, help="bound on joining N and their presence")
    parser.add_argument("--phase-limit", type=float, default=90, help="seconds a message phase may send for")
    parser.add_argument("--drain-quiet", type=float, default=5, help="stop waiting after this long with no delivery")
    parser.add_argument("--patch-sendall", action="store_true",
                        help="EXPERIMENT: run both servers with simple-websocket's send() using sendall() "
                             "(bench/server_hooks/sendall_fix.py: the fix proposed in simple-websocket issue #45, not in 1.1.0)")
    parser.add_argument("--bare-whole-frames", action="store_true",
                        help="run bare and stored with the forum's frame writer (forum/realtime/whole_frames.py, shared_frames.py, writer_wait.py)")
    parser.add_argument("--keep-logs", action="store_true", help="keep the temporary directory with server logs")
    args = parser.parse_args(argv)
    if args.burst_messages is None:
        args.burst_messages = args.messages
    if args.members < 1 or args.messages < 1 or args.rate <= 0 or args.senders < 1 or args.window < 1:
        parser.error("members, messages, rate, senders and window must be positive")
    unknown = set(args.servers.split(",")) - set(SERVERS)
    if unknown:
        parser.error(f"--servers: unknown {', '.join(sorted(unknown))} (known: {', '.join(SERVERS)})")
    return args


def raise_fd_limit(members: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, members * 2 + 512))
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))  # servers started later inherit it
    if wanted < members + 256:
        raise SystemExit(f"open-file limit {hard} is too low for {members} members")


@contextlib.contextmanager
def forum_database(args: argparse.Namespace, tmp: Path):
    if not args.database_url:
        yield f"sqlite:///{tmp / 'forum.db'}"
        return
    sys.path.insert(0, str(ROOT))
    from tests.support.databases import throwaway_postgres_database

    with throwaway_postgres_database(args.database_url, prefix="bench_fanout") as url:
        yield url


async def run(args: argparse.Namespace) -> dict:
    raise_fd_limit(args.members)
    tmp = Path(tempfile.mkdtemp(prefix="room_fanout_"))
    names = [name.strip() for name in args.servers.split(",") if name.strip()]
    report: dict = {
        "command": "python " + " ".join([os.path.relpath(__file__, ROOT), *sys.argv[1:]]),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "members": args.members,
        "machine": {"cores": os.cpu_count(), "loadavg_start": Path("/proc/loadavg").read_text().split()[:3]},
        "database": "PostgreSQL" if args.database_url else "SQLite",
        "settings": {k: v for k, v in vars(args).items() if k not in ("json", "database_url")},
        "results": {},
    }
    servers: dict[str, Server] = {}
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SOCKETIO_MESSAGE_QUEUE")}
    base_env.update({"WORKER_CONNECTIONS": str(args.members * 2 + 100), "PYTHONUNBUFFERED": "1"})
    base_env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "bench" / "server_hooks"), os.environ.get("PYTHONPATH")]))
    (tmp / "gc").mkdir()
    base_env["GC_PAUSE_LOG"] = str(tmp / "gc")
    if args.patch_sendall:
        base_env["PATCH_SENDALL"] = "1"
        report["server_patch"] = "simple-websocket send() -> sendall() (bench/server_hooks/sendall_fix.py), both servers"
    try:
        with forum_database(args, tmp) as database_url:
            slug, auths = "bench-room", [None] * args.members
            forum_auths = auths
            if "forum" in names:
                forum_env = {**base_env, "FLASK_APP": "forum:create_app", "DATABASE_URL": database_url,
                             "SECRET_KEY": "room-fanout-bench", "RATELIMIT_ENABLED": "false",
                             "ROOM_SEND_LIMIT": "1000000 per second", "ASYNC_MODE": "threading"}
                t0 = time.monotonic()
                flask(["flask", "db", "upgrade"], forum_env)
                seeded = json.loads(flask(["bench.seed", str(args.members)], forum_env))
                report["forum_seed_s"] = round(time.monotonic() - t0, 1)
                slug, forum_auths = seeded["group"], [{"token": token} for token in seeded["tokens"]]
                servers["forum"] = Server("forum", "wsgi:app", forum_env, tmp / "forum.log")
            bare_env = {**base_env, "BARE_WHOLE_FRAMES": "1" if args.bare_whole_frames else "0"}
            if "bare" in names:
                servers["bare"] = Server("bare", "bench.bare_server:app", bare_env, tmp / "bare.log")
            if "stored" in names:
                servers["stored"] = Server("stored", "bench.bare_server:app",
                                           {**bare_env, "BARE_STORE": str(tmp / "stored.db")}, tmp / "stored.log")
            for server in servers.values():
                server.launch()
            for server in servers.values():
                server.wait_ready()
            log("servers ready: " + ", ".join(f"{s.name} {s.url}" for s in servers.values()))
            for name in names:
                server = servers[name]
                log(f"{name}: {args.members} members on {server.url} (worker pid {server.worker})")
                try:
                    report["results"][name] = await bench_server(
                        server, forum_auths if name == "forum" else auths, slug, args)
                except Exception as error:  # keep the other server's figures
                    report["results"][name] = {"server": name, "error": f"{type(error).__name__}: {error}",
                                               "drops": getattr(error, "drops", None)}
                    print(f"{name}: {type(error).__name__}: {error}", file=sys.stderr)
                t0 = time.monotonic()
                server.stop()
                log(f"{name}: stopped in {time.monotonic() - t0:.1f} s")
    finally:
        for server in servers.values():
            server.stop()
        report["machine"]["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
        if args.keep_logs or any("error" in r for r in report["results"].values()):
            report["logs"] = str(tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    report["comparison"] = compare(report["results"])
    report["stored_comparison"] = compare(report["results"], "stored")
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = asyncio.run(run(args))
    print_report(report)
    if report.get("logs"):
        print(f"\nserver logs: {report['logs']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
        print(f"JSON: {args.json}")
    return 0 if all("error" not in r for r in report["results"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
