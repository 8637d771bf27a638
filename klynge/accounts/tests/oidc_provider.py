"""A small OpenID Connect provider on 127.0.0.1, standing in for a MitID Erhverv broker in the
tests: discovery, JWKS, authorize, token and user-info endpoints; the authorisation code flow
with PKCE (S256) and a client secret; ID tokens signed with RS256 (joserfc, Authlib's JOSE).

The person who "logs in" at the broker is whatever `person` says when /authorize is called:
`claims` go into the ID token, `userinfo` is the user-info answer.
"""

import base64
import functools
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

from klynge.lib.broker import LOA_CLAIM


@functools.cache
def signing_key() -> RSAKey:
    """One RSA key per test process: making one takes a noticeable part of a second."""
    return RSAKey.generate_key(2048, parameters={"kid": "test-1", "use": "sig", "alg": "RS256"})


class Person:
    def __init__(self, sub, email, email_verified=True, loa="Substantial", userinfo_loa=None):
        self.claims = {"email": email, "email_verified": email_verified}
        if loa is not None:
            self.claims[LOA_CLAIM] = loa
        self.sub = sub
        self.userinfo = {"email": email, "email_verified": email_verified, "name": "Fra Broker"}
        if userinfo_loa is not None:
            self.userinfo[LOA_CLAIM] = userinfo_loa


class Provider:
    def __init__(self, client_id="klynge-test", secret="broker-hemmelighed"):
        self.client_id = client_id
        self.secret = secret
        self.key = signing_key()
        self.person = Person("sub-0", "nobody@example.dk")
        self.codes = {}  # code -> what /authorize was asked and who logged in
        self.tokens = {}  # access token -> the person
        self.log = []  # (method, path) of every request, for the tests to read
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # A short poll so that shutdown() at the end of each test returns at once.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def discovery(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }

    def authorize(self, query: dict) -> tuple[int, dict, dict]:
        """The browser arrives: check the request, "log the person in", send it back."""
        redirect_uri = query.get("redirect_uri", "")
        problems = [
            query.get("client_id") != self.client_id,
            query.get("response_type") != "code",
            "openid" not in query.get("scope", "").split(),
            query.get("code_challenge_method") != "S256" or not query.get("code_challenge"),
            not redirect_uri,
        ]
        if any(problems):
            return 400, {"error": "invalid_request"}, {}
        code = secrets.token_urlsafe(24)
        self.codes[code] = {**query, "person": self.person}
        answer = {"code": code, "state": query.get("state", "")}
        return 302, {}, {"Location": f"{redirect_uri}?{urlencode(answer)}"}

    def token(self, form: dict, authorization: str) -> tuple[int, dict]:
        """The client exchanges the code: client secret, redirect URI and PKCE verifier."""
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        grant = self.codes.pop(form.get("code", ""), None)  # a code is good once
        if client_id != self.client_id or secret != self.secret:
            return 401, {"error": "invalid_client"}
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["code_challenge"]:
            return 400, {"error": "invalid_grant"}
        person = grant["person"]
        now = int(time.time())
        claims = {
            "iss": self.url,
            "sub": person.sub,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "auth_time": now,
            **person.claims,
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "test-1"}, claims, self.key)
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = person
        answer = {"access_token": access_token, "token_type": "Bearer", "expires_in": 300}
        return 200, {**answer, "id_token": id_token}

    def handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                provider.log.append(("GET", url.path))
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self.answer(200, provider.discovery())
                elif url.path == "/jwks":
                    self.answer(200, {"keys": [provider.key.as_dict(private=False)]})
                elif url.path == "/authorize":
                    self.answer(*provider.authorize(query))
                elif url.path == "/userinfo":
                    bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    person = provider.tokens.get(bearer)
                    if person is None:
                        self.answer(401, {"error": "invalid_token"})
                    else:
                        self.answer(200, {"sub": person.sub, **person.userinfo})
                else:
                    self.answer(404, {"error": "not_found"})

            def do_POST(self):
                provider.log.append(("POST", self.path))
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if self.path == "/token":
                    auth = self.headers.get("Authorization", "")
                    self.answer(*provider.token(form, auth))
                else:
                    self.answer(404, {"error": "not_found"})

            def answer(self, status, body, headers=None):
                data = json.dumps(body).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass  # quiet: the tests read `provider.log`

        return Handler
