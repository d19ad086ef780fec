#!/bin/sh
# Run once by the postgres image when it initialises its data: let the replica service stream
# WAL with the database user's password (the user is a superuser, so it may replicate).
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
