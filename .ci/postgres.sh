#!/usr/bin/env bash
# Start the local PostgreSQL server if it is installed but not answering.
# Tests that need it skip with a visible reason when no server can be had.
set -u
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for v in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$v" main start >/dev/null 2>&1 || true
  done
  for _ in $(seq 1 20); do
    pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
    sleep 0.5
  done
fi
echo "postgres: no server on 127.0.0.1:5432; PostgreSQL tests will be skipped" >&2
exit 0
