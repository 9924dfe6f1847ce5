"""Real servers on the loopback interface: an SMTP server (aiosmtpd) and a fake Zalo OA API."""

import json
import socket
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

ZALO_PATH = "/v3.0/oa/message/cs"
ZALO_TOKEN = "kcn-test-access-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """aiosmtpd handler that keeps every message it accepts, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free loopback port, with Django's SMTP backend pointed at it."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield mailbox
    controller.stop()


class FakeZaloOA(BaseHTTPRequestHandler):
    """Answers like openapi.zalo.me after checking the request the way Zalo would."""

    def do_POST(self):  # noqa: N802 - http.server's hook name
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        record = {"method": "POST", "path": self.path, "headers": self._headers(), "raw": raw}
        self.server.requests.append(record)
        if self.path != ZALO_PATH:
            return self._answer({"error": -201, "message": "Path is invalid"}, status=404)
        if self.headers.get("access_token") != self.server.token:
            return self._answer({"error": -216, "message": "Access token is invalid"})
        try:
            body = json.loads(raw.decode("utf-8"))
            user_id = body["recipient"]["user_id"]
            text = body["message"]["text"]
        except (ValueError, KeyError, TypeError):
            return self._answer({"error": -201, "message": "Parameters are invalid"})
        if not isinstance(user_id, str) or not isinstance(text, str) or not text:
            return self._answer({"error": -201, "message": "Parameters are invalid"})
        record["json"] = body
        message_id = f"msg-{len(self.server.requests)}"
        return self._answer({"error": 0, "message": "Success", "data": {"message_id": message_id, "user_id": user_id}})

    def do_GET(self):  # noqa: N802
        self.server.requests.append({"method": "GET", "path": self.path, "headers": self._headers()})
        self._answer({"error": -201, "message": "Method is not supported"}, status=405)

    def _headers(self):
        # Header names are case-insensitive; urllib sends "Access_token", Zalo's examples "access_token".
        return {name.lower(): value for name, value in self.headers.items()}

    def _answer(self, payload, status=200):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # keep the test output clean
        pass


@pytest.fixture
def zalo_server(settings):
    """A fake Zalo OA API on a free loopback port; ``.requests`` lists what it received."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeZaloOA)
    server.requests = []
    server.token = ZALO_TOKEN
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.KCN_ZALO_OA_URL = f"http://127.0.0.1:{server.server_port}{ZALO_PATH}"
    settings.KCN_ZALO_OA_TOKEN = ZALO_TOKEN
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
