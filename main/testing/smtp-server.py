# A private SMTP submission server for Popline's tests, on Debian's aiosmtpd: STARTTLS on one port
# (AUTH only after it), implicit TLS on another, a third with neither (AUTH in clear, for the
# insecure-password opt-in). Every accepted message goes to the spool folder as NNNNNN.eml (its
# exact bytes) and NNNNNN.json (envelope, login); the .json appears last, by rename.
# Usage: python3 smtp-server.py CONFIG.json   (prints "READY" once every port listens)
import json
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

config = json.load(open(sys.argv[1]))
users = {u["user"]: u["password"] for u in config["users"]}
refused = set(a.lower() for a in config.get("refuse", []))
spool = config["spool"]
counter = [0]


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and users.get(auth_data.login.decode("utf-8")) == auth_data.password.decode("utf-8")
    )
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


class Spool:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in refused:
            return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        counter[0] += 1
        name = "%06d-%d" % (counter[0], int(time.time() * 1000))
        with open(os.path.join(spool, name + ".eml"), "wb") as f:
            f.write(envelope.original_content)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "login": session.auth_data.login.decode("utf-8")
            if isinstance(session.auth_data, LoginPassword)
            else None,
            "tls": server.transport.get_extra_info("ssl_object") is not None,
        }
        tmp = os.path.join(spool, name + ".tmp")
        with open(tmp, "w") as f:
            json.dump(meta, f)
        os.rename(tmp, os.path.join(spool, name + ".json"))
        return "250 2.0.0 Ok: queued as %s" % name


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(config["cert"], config["key"])
common = dict(hostname="127.0.0.1", authenticator=authenticator, server_hostname="popline-test-smtp")

controllers = [
    Controller(Spool(), port=config["port"], tls_context=context, require_starttls=True, **common),
    # Implicit TLS: encrypted from the first byte, so AUTH needs no STARTTLS.
    Controller(Spool(), port=config["tlsPort"], ssl_context=context, auth_require_tls=False, **common),
    Controller(Spool(), port=config["plainPort"], auth_require_tls=False, **common),
]
for c in controllers:
    c.start()
print("READY", flush=True)
try:
    sys.stdin.read()
finally:
    for c in controllers:
        c.stop()
