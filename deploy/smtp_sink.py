#!/usr/bin/python3
"""Cambio SMTP sink: accepts every message and stores it, byte for byte, as a Maildir file.

Run with Debian's /usr/bin/python3 (package python3-aiosmtpd):

    /usr/bin/python3 deploy/smtp_sink.py --port 2525 --maildir var/mail

Each accepted message becomes one file in <maildir>/new/ (written to tmp/ first, then
renamed, so a reader never sees half a file). File names start with the arrival time in
nanoseconds, so sorting them gives arrival order. The stored bytes are the DATA exactly as
received (CRLF line ends, dot-unstuffed), preceded by three envelope headers:

    X-Peer: 127.0.0.1
    X-MailFrom: <sender>
    X-RcptTo: <rcpt1>, <rcpt2>

Fault injection for mailer tests: while the file <maildir>/.fail exists, every RCPT TO is
answered with its first line (e.g. "451 4.3.0 Try again later" or "550 5.1.1 No such user");
an empty .fail file means "451 4.3.0 Sink told to fail".
"""

import argparse
import asyncio
import itertools
import os
import signal
import socket
import sys
import time

from aiosmtpd.smtp import SMTP, Envelope, Session


class MaildirHandler:
    """aiosmtpd handler writing each message to a Maildir."""

    def __init__(self, maildir: str):
        self.maildir = os.path.abspath(maildir)
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(self.maildir, sub), exist_ok=True)
        self.counter = itertools.count(1)
        self.host = socket.gethostname().replace("/", "_").replace(":", "_")

    def _fail_reply(self):
        try:
            with open(os.path.join(self.maildir, ".fail"), encoding="utf-8") as f:
                line = f.readline().strip()
        except FileNotFoundError:
            return None
        return line or "451 4.3.0 Sink told to fail"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list) -> str:
        fail = self._fail_reply()
        if fail:
            print(f"rejecting RCPT {address}: {fail}", flush=True)
            return fail
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        peer = session.peer[0] if isinstance(session.peer, tuple) else str(session.peer)
        head = (f"X-Peer: {peer}\r\n"
                f"X-MailFrom: {envelope.mail_from}\r\n"
                f"X-RcptTo: {', '.join(envelope.rcpt_tos)}\r\n").encode("utf-8")
        name = f"{time.time_ns()}.P{os.getpid()}Q{next(self.counter)}.{self.host}"
        tmp = os.path.join(self.maildir, "tmp", name)
        with open(tmp, "wb") as f:
            f.write(head + content)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, os.path.join(self.maildir, "new", name))
        print(f"stored mail from {envelope.mail_from} to {', '.join(envelope.rcpt_tos)} "
              f"as new/{name} ({len(content)} bytes)", flush=True)
        return f"250 2.0.0 OK queued as {name}"


async def serve(args: argparse.Namespace) -> None:
    handler = MaildirHandler(args.maildir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, enable_SMTPUTF8=True, hostname="cambio-smtp-sink"),
        host=args.host, port=args.port, reuse_address=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"SMTP sink listening on {args.host}:{args.port}, storing mail in {handler.maildir}/new",
          flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()
    print("SMTP sink stopped", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--maildir", required=True)
    args = parser.parse_args()
    try:
        asyncio.run(serve(args))
    except OSError as e:
        print(f"SMTP sink cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
