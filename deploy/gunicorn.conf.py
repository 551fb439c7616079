"""gunicorn for the portal, as the README's Deploying section runs it: `gunicorn --config deploy/gunicorn.conf.py`.

Always behind nginx (deploy/nginx/portal.conf), never on a public port. nginx reads each request whole before it
passes it on and takes each response at once, so a sync worker is busy only while Django works on a request: slow,
idle or garbage-sending clients wait in nginx, which holds thousands of connections cheaply, and never in one of
these few workers. Exposed directly, two connections that never finish their request header hold both workers.

GUNICORN_BIND (default 127.0.0.1:8000, the upstream in portal.conf) and WEB_CONCURRENCY (default 2) are read from the
environment; a command-line option overrides any setting here.
"""

import os

wsgi_app = "portal.wsgi"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # loopback only: nginx is the sole client
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"  # safe here because nginx buffers requests and responses

# A request Django has not finished in 30 s: the worker is killed and replaced. Keep DATABASE_POOL_TIMEOUT (5 s)
# well below it, and nginx's proxy_read_timeout (35 s) above it.
timeout = 30
graceful_timeout = 30

# The same limits as nginx's large_client_header_buffers, a second line behind it.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# A fresh worker now and then, so that slow memory growth never accumulates.
max_requests = 5000
max_requests_jitter = 500

# The scheme and client address come from nginx on the loopback: Django reads X-Forwarded-Proto through
# SECURE_PROXY_SSL_HEADER and the address through TRUSTED_PROXY_COUNT=1.
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "portal"
