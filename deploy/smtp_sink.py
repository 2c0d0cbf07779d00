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

TLS and AUTH, to stand in for a real relay (all optional; without them the sink is plaintext,
offers neither STARTTLS nor AUTH, and stores the three headers above, as it always did):

    --tls-cert FILE --tls-key FILE   PEM certificate (chain) and key: STARTTLS is offered
    --require-tls                    with --tls-cert: every command but EHLO/HELO/NOOP/RSET/QUIT/
                                     STARTTLS is refused before STARTTLS ("530 Must issue a
                                     STARTTLS command first"), so no mail is taken in clear
    --smtps                          with --tls-cert: TLS from the first byte on the port
                                     (implicit TLS, like port 465); no STARTTLS inside it
    --auth USER:PASSWORD             AUTH PLAIN and LOGIN are offered, and required before MAIL
                                     ("530 5.7.0 Authentication required"); wrong credentials get
                                     "535 5.7.8 Authentication credentials invalid". AUTH is only
                                     offered and accepted over TLS: after STARTTLS, or at once
                                     under --smtps (aiosmtpd's auth_require_tls; in clear "538
                                     5.7.11 Encryption required"), so --auth needs --tls-cert

e.g. what a submission relay (port 587) asks of a client:

    /usr/bin/python3 deploy/smtp_sink.py --port 2587 --maildir var/mail-tls \
        --tls-cert cert.pem --tls-key key.pem --require-tls --auth cambio:secret

With any of these options each stored file carries three more envelope headers after the first
three: X-TLS (the session's TLS version, or "none"), X-Auth (the authenticated user, or
"none") and X-Connection (the number of the connection, counted from 1 since the sink started:
mails that share a number came over one connection).
"""

import argparse
import asyncio
import itertools
import logging
import os
import signal
import socket
import ssl
import sys
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


class MaildirHandler:
    """aiosmtpd handler writing each message to a Maildir."""

    def __init__(self, maildir: str, secure_headers: bool = False):
        self.maildir = os.path.abspath(maildir)
        self.secure_headers = secure_headers
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
                f"X-RcptTo: {', '.join(envelope.rcpt_tos)}\r\n")
        if self.secure_headers:
            ssl_object = server.transport.get_extra_info("ssl_object") if server.transport else None
            user = session.auth_data.login.decode("utf-8", "replace") \
                if session.authenticated and isinstance(session.auth_data, LoginPassword) else None
            head += (f"X-TLS: {ssl_object.version() if ssl_object else 'none'}\r\n"
                     f"X-Auth: {user or 'none'}\r\n"
                     f"X-Connection: {getattr(server, 'cambio_connection', 0)}\r\n")
        head = head.encode("utf-8")
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


class Credentials:
    """aiosmtpd authenticator accepting one user and password (AUTH PLAIN and LOGIN)."""

    def __init__(self, user_password: str):
        user, _, password = user_password.partition(":")
        self.user = user.encode("utf-8")
        self.password = password.encode("utf-8")

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                 auth_data) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            print(f"AUTH {mechanism}: refused", flush=True)
            return AuthResult(success=False, handled=False)
        ok = auth_data.login == self.user and auth_data.password == self.password
        user = auth_data.login.decode("utf-8", "replace")
        print(f"AUTH {mechanism} as {user}: {'accepted' if ok else 'refused'}", flush=True)
        # handled=False: aiosmtpd answers "535 5.7.8 Authentication credentials invalid"
        return AuthResult(success=ok, handled=ok, auth_data=auth_data if ok else None)


def tls_context(args: argparse.Namespace):
    if not args.tls_cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)  # no client certificates
    context.load_cert_chain(args.tls_cert, args.tls_key)
    return context


def smtp_factory(args: argparse.Namespace, handler: MaildirHandler, context):
    connections = itertools.count(1)
    authenticator = Credentials(args.auth) if args.auth else None

    def make() -> SMTP:
        smtp = SMTP(handler, enable_SMTPUTF8=True, hostname="cambio-smtp-sink",
                    # STARTTLS is offered inside plaintext sessions only: under --smtps every
                    # session is TLS already (the listening socket's context)
                    tls_context=None if args.smtps else context,
                    require_starttls=bool(args.require_tls and not args.smtps),
                    authenticator=authenticator,
                    auth_required=authenticator is not None,
                    # aiosmtpd 1.4 only sees STARTTLS as TLS; under --smtps every session is TLS
                    auth_require_tls=not args.smtps)
        smtp.cambio_connection = next(connections)
        return smtp

    return make


async def serve(args: argparse.Namespace, context) -> None:
    secure = bool(args.tls_cert or args.auth)
    handler = MaildirHandler(args.maildir, secure_headers=secure)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        smtp_factory(args, handler, context), host=args.host, port=args.port, reuse_address=True,
        ssl=context if args.smtps else None)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    mode = ""
    if secure:
        tls = ("implicit TLS (SMTPS)" if args.smtps
               else "STARTTLS required" if args.require_tls
               else "STARTTLS offered" if context else "no TLS")
        mode = f" ({tls}, AUTH {'required' if args.auth else 'off'})"
    print(f"SMTP sink listening on {args.host}:{args.port}{mode}, storing mail in "
          f"{handler.maildir}/new", flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()
    print("SMTP sink stopped", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--tls-cert", metavar="FILE", help="PEM certificate (chain): offer STARTTLS")
    parser.add_argument("--tls-key", metavar="FILE", help="PEM private key of --tls-cert")
    parser.add_argument("--require-tls", action="store_true",
                        help="refuse every mail command before STARTTLS")
    parser.add_argument("--smtps", action="store_true", help="implicit TLS on the port")
    parser.add_argument("--auth", metavar="USER:PASSWORD",
                        help="require AUTH PLAIN/LOGIN with these credentials (over TLS)")
    args = parser.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if (args.require_tls or args.smtps) and not args.tls_cert:
        parser.error("--require-tls and --smtps need --tls-cert and --tls-key")
    if args.require_tls and args.smtps:
        parser.error("--require-tls is for STARTTLS; under --smtps every session is TLS")
    if args.auth is not None and (":" not in args.auth or not args.auth.partition(":")[0]):
        parser.error("--auth takes USER:PASSWORD")
    if args.auth and not args.tls_cert:
        parser.error("--auth needs --tls-cert: AUTH is only accepted over TLS")
    try:
        context = tls_context(args)
    except (OSError, ValueError) as e:  # ssl.SSLError is an OSError
        print(f"SMTP sink cannot use --tls-cert {args.tls_cert} --tls-key {args.tls_key}: {e}",
              file=sys.stderr)
        return 1
    if args.auth:
        # aiosmtpd warns on every successful AUTH that Session.login_data is deprecated (it sets
        # it itself): keep its log to errors.
        logging.getLogger("mail.log").setLevel(logging.ERROR)
    if args.smtps:
        # It warns that AUTH is required without TLS: it does not see implicit TLS as TLS.
        warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    try:
        asyncio.run(serve(args, context))
    except OSError as e:
        print(f"SMTP sink cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
