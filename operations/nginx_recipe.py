"""The shipped nginx site, deploy/nginx/portal.conf, set up to run as an ordinary process on this machine: for the
slow-client test (operations/tests/test_slow_clients.py) and `make soak`, which must serve through the very recipe
the README gives operators.

    python -m operations.nginx_recipe DIRECTORY --upstream 127.0.0.1:8778 --http-port 8779 --https-port 8777 \
        --var-dir var/soak
    /usr/sbin/nginx -p DIRECTORY -c DIRECTORY/nginx.conf

Everything goes in DIRECTORY: nginx.conf (in the foreground, pid, logs and temp files there), the site with only
the installation's values replaced (ports on 127.0.0.1, certificate, upstream, /srv/portal/var), and a self-signed
certificate for portal.example.org (`cert.pem`, the one a client should trust).
"""

import argparse
import os
import subprocess
from pathlib import Path

SITE = Path(__file__).resolve().parents[1] / "deploy" / "nginx" / "portal.conf"
HOST_NAME = "portal.example.org"
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def render(text, replacements):
    """`text` with each key replaced; a key that is missing means the shipped file changed: fail, never run less."""
    for old, new in replacements.items():
        if old not in text:
            raise ValueError(f"{old!r} is no longer in {SITE}")
        text = text.replace(old, new)
    return text


def self_signed_certificate(directory):
    certificate, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2"]
        + ["-subj", f"/CN={HOST_NAME}", "-addext", f"subjectAltName=DNS:{HOST_NAME}"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    return certificate, key


def site(upstream, var_dir, http_port, https_port, certificate, key):
    return render(
        SITE.read_text(),
        {
            "listen [::]:80;": "",
            "listen [::]:443 ssl http2;": "",
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
            f"/etc/letsencrypt/live/{HOST_NAME}/fullchain.pem": str(certificate),
            f"/etc/letsencrypt/live/{HOST_NAME}/privkey.pem": str(key),
            "server 127.0.0.1:8000 ": f"server {upstream} ",
            "/srv/portal/var": str(Path(var_dir).resolve()),
        },
    )


def main_config(directory):
    """What /etc/nginx/nginx.conf provides around a site, with every path in `directory`."""
    temp_paths = "\n".join(f"    {kind}_temp_path {directory}/{kind};" for kind in TEMP_PATHS)
    user = "user root;" if os.geteuid() == 0 else ""  # as root nginx's workers would run as nobody
    return f"""daemon off;
{user}
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {directory}/access.log;
{temp_paths}
    include {directory}/portal.conf;
}}
"""


def write(directory, upstream, var_dir, http_port, https_port):
    """Write the configuration into `directory`; returns the certificate a client should trust."""
    directory = Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    certificate, key = self_signed_certificate(directory)
    (directory / "portal.conf").write_text(site(upstream, var_dir, http_port, https_port, certificate, key))
    (directory / "nginx.conf").write_text(main_config(directory))
    return certificate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--upstream", required=True, help="gunicorn's address, e.g. 127.0.0.1:8778")
    parser.add_argument("--var-dir", required=True, help="where static/ and media/ are (/srv/portal/var)")
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--https-port", type=int, required=True)
    arguments = parser.parse_args()
    write(arguments.directory, arguments.upstream, arguments.var_dir, arguments.http_port, arguments.https_port)


if __name__ == "__main__":
    main()
