"""Start the forum as a real server process on a free port, migrated first.

`LiveServer` runs `python wsgi.py` (Flask-SocketIO's own runner, threading mode); `GunicornServer`
runs one process as deployed: `gunicorn -c deploy/gunicorn.conf.py wsgi:app` (gevent worker, one worker).
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Iterator

from tests.support.databases import throwaway_database

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask_command(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@dataclass
class LiveServer:
    """One forum server process; `restart()` stops it and starts it again on the same port and database."""

    command: ClassVar[list[str]] = [sys.executable, "wsgi.py"]
    # Seconds to wait for the process to end after SIGTERM before killing it.
    stop_timeout: ClassVar[float] = 10

    database_url: str
    log_path: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    _stopping: bool = field(default=False, init=False, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "FLASK_APP": "forum:create_app",
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": "live-server-test-secret",
            "ASYNC_MODE": "threading",
            "PORT": str(self.port),
            **self.extra_env,
        }

    def migrate(self) -> None:
        result = flask_command(["db", "upgrade"], self.env)
        assert result.returncode == 0, result.stderr

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """Start the process without waiting for it (see `wait_ready`): several can boot at once."""
        log = self.log_path.open("a")
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=log, stderr=log)
        log.close()  # the child holds its own copy

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Wait until the server answers HTTP; stop it and raise when it exits or does not answer in time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server exited early (code {self.process.returncode}); {self.log_path} ends:\n{self.log_tail()}"
                )
            try:
                urllib.request.urlopen(self.url + "/", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start within {timeout:.0f} s; {self.log_path} ends:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def signal_stop(self) -> None:
        """Ask the process to stop (SIGTERM) without waiting: stopping several at once is faster."""
        if self.process is not None and self.process.poll() is None and not self._stopping:
            self._stopping = True
            self.process.terminate()

    def _kill(self) -> None:
        self.process.kill()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.signal_stop()
            try:
                self.process.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                self._kill()
                self.process.wait(10)
        self._stopping = False
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@dataclass
class GunicornServer(LiveServer):
    """One forum process as deployed: gunicorn with deploy/gunicorn.conf.py, bound to its own free port.

    It runs in its own process group, so that a master that does not stop in time is killed together
    with its worker (by that group's id: only what this object started).
    """

    command: ClassVar[list[str]] = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"]
    # SIGTERM is gunicorn's graceful stop: open connections get deploy/gunicorn.conf.py's graceful_timeout (10 s).
    stop_timeout: ClassVar[float] = 15

    @property
    def env(self) -> dict[str, str]:
        return {**super().env, "ASYNC_MODE": "gevent", "BIND": f"127.0.0.1:{self.port}", **self.extra_env}

    def launch(self) -> None:
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
        )
        log.close()

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self) -> None:
        group = self.process.pid if self.process is not None else None
        super().stop()
        if group is not None:  # a worker whose master died without taking it along
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)


def start_all(servers: list[LiveServer]) -> None:
    """Start several servers at once and wait until every one answers; on failure none is left running."""
    try:
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_ready()
    except BaseException:
        stop_all(servers)
        raise


def stop_all(servers: list[LiveServer]) -> None:
    """Stop several servers at once: signal all, then wait for each."""
    for server in servers:
        server.signal_stop()
    for server in servers:
        server.stop()


@contextlib.contextmanager
def running_server(tmp_dir: Path) -> Iterator[LiveServer]:
    """A migrated forum server on a throwaway database, stopped and dropped afterwards.

    Rate limits are off: these tests send at full speed; the socket tests check the limits.
    """
    with throwaway_database(tmp_dir) as url:
        server = LiveServer(database_url=url, log_path=tmp_dir / "server.log", extra_env={"RATELIMIT_ENABLED": "false"})
        server.migrate()
        server.start()
        try:
            yield server
        finally:
            server.stop()
