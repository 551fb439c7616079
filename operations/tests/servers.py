"""Real servers for the operations tests: gunicorn serving the portal, a private redis-server, and a TCP proxy to
PostgreSQL that a test can cut. Their fixtures are in conftest.py."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

from operations import nginx_recipe

BASE_DIR = Path(__file__).resolve().parents[2]


# OPERATIONS_TEST_PORTS=18700-18799 keeps the servers of a test run within a range of its own (a shared machine).
PORT_RANGE = os.environ.get("OPERATIONS_TEST_PORTS", "")
last_port = [0]


def free_port():
    """A loopback port nothing listens on: any, or the next free one in OPERATIONS_TEST_PORTS, taken in turn so
    that a port handed out but not yet bound is not handed out again at once."""
    candidates = [0]
    if PORT_RANGE:
        first, last = (int(port) for port in PORT_RANGE.split("-"))
        ports = list(range(first, last + 1))
        start = ports.index(last_port[0]) + 1 if last_port[0] in ports else 0
        candidates = ports[start:] + ports[:start]
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            last_port[0] = probe.getsockname()[1]
            return last_port[0]
    raise OSError(f"no free port in {PORT_RANGE}")


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s: {what}")


POOL_TIMEOUT = 2  # seconds a request waits for a database connection in the test servers


class CuttableProxy:
    """Forwards a local port to the real PostgreSQL until `cut()`; `restore()` listens on the same port again."""

    def __init__(self, host, port):
        self.target = (host, port)
        self.port = free_port()
        self.lock = threading.Lock()
        self.open_sockets = set()
        self.listening = None
        self.restore()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self.listening = threading.Event()
        self.listening.set()
        threading.Thread(target=self._accept, args=(listener, self.listening), daemon=True).start()

    def cut(self):
        self.listening.clear()
        with self.lock:
            sockets, self.open_sockets = self.open_sockets, set()
        for sock in sockets:
            self._close(sock)
        time.sleep(0.3)  # the accept loop has noticed and closed the listening socket

    def _accept(self, listener, listening):
        with listener:
            while listening.is_set():
                try:
                    client, _address = listener.accept()
                except TimeoutError:
                    continue
                try:
                    upstream = socket.create_connection(self.target, timeout=5)
                except OSError:
                    client.close()
                    continue
                for sock in (client, upstream):
                    sock.settimeout(None)
                with self.lock:
                    self.open_sockets |= {client, upstream}
                threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
                threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        self._close(source)
        self._close(sink)

    @staticmethod
    def _close(sock):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


class PrivateRedis:
    """A redis-server of the test's own on a free port, without persistence."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self.answers, 10, "redis-server starts")

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case a test left it hung
            self.process.terminate()
            self.process.wait(timeout=10)


class Gunicorn:
    """The portal served by a real gunicorn with two workers."""

    def __init__(self, database_url, settings_module="operations.tests.outage_settings", options=None, log=None, **env):
        """`options`: gunicorn's command-line options (default: two workers, 20 s timeout), e.g. `--config` a file;
        `log`: a file for its stderr, with the request log (one JSON line per request)."""
        self.address = f"127.0.0.1:{free_port()}"
        self.base = f"http://{self.address}"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": database_url,
            "DATABASE_POOL_TIMEOUT": str(POOL_TIMEOUT),
            "LOG_LEVEL": "INFO" if log else "WARNING",
            **env,
        }
        # Production settings redirect plain http: the proxy in front says the request came by https.
        self.headers = {"X-Forwarded-Proto": "https"} if "SECURE_PROXY_SSL_HEADER" in env else {}
        if "REDIS_URL" not in env:
            environment.pop("REDIS_URL", None)  # the local-memory cache
        options = ["--workers", "2", "--timeout", "20"] if options is None else options
        command = [str(Path(sys.executable).parent / "gunicorn"), *options, "--bind", self.address, "portal.wsgi"]
        self.log = log
        self.process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=environment,
            start_new_session=True,
            stderr=open(log, "ab") if log else subprocess.DEVNULL,  # noqa: SIM115 - the child keeps it open
        )
        wait_until(lambda: self.get("/robots.txt")[0] == 200, 30, "gunicorn starts")

    def get(self, path, headers=None):
        """(status, headers, body) of an anonymous request."""
        request = urllib.request.Request(f"{self.base}{path}", headers=headers or self.headers)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()
        except OSError:
            return None, {}, ""

    def requests_logged(self):
        """The request log's lines (operations/request_log.py) written so far."""
        lines = [json.loads(line) for line in Path(self.log).read_text().splitlines() if line.startswith("{")]
        return [line for line in lines if line.get("logger") == "portal.request"]

    def health(self):
        status, _headers, body = self.get("/healthz")
        return status, json.loads(body)

    def workers(self):
        """The pids of the master's worker processes."""
        pids = set()
        for entry in Path("/proc").iterdir():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.process.pid:
                pids.add(int(entry.name))
        return pids

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=15)


def database_url(port=None):
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@127.0.0.1:{port or settings['PORT']}/{settings['NAME']}"


SHIPPED_GUNICORN_CONFIG = BASE_DIR / "deploy" / "gunicorn.conf.py"
NGINX = "/usr/sbin/nginx"


class Nginx:
    """The shipped nginx site in front of `upstream`, run by the test itself (operations/nginx_recipe.py): its own
    prefix, config, pid, logs and temp paths in `directory`, in the foreground, on free loopback ports."""

    def __init__(self, directory, upstream, var_dir):
        self.directory = Path(directory)
        self.http_port, self.https_port = free_port(), free_port()
        self.certificate = nginx_recipe.write(directory, upstream, var_dir, self.http_port, self.https_port)
        command = [NGINX, "-p", str(self.directory), "-c", str(self.directory / "nginx.conf")]
        subprocess.run([*command, "-t", "-q"], check=True)
        self.process = subprocess.Popen(command, stderr=open(self.directory / "stderr.log", "ab"))  # noqa: SIM115
        wait_until(self.listening, 10, "nginx listens")

    def listening(self):
        try:
            socket.create_connection(("127.0.0.1", self.https_port), timeout=1).close()
            return True
        except OSError:
            return False

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=15)
