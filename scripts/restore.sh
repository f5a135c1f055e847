#!/usr/bin/env bash
# Restore a backup (docs/backup.md). Stop the server first.
#
#   DATABASE_URL=sqlite://data/app.db scripts/restore.sh BACKUP
#
# SQLite: checks the backup (server verify-backup: PRAGMA integrity_check), moves the database
# and its -wal and -shm files aside to DATABASE.before-restore-TIME, and puts a copy of the
# backup in their place. SERVER names the server binary (default bin/server).
# MySQL/MariaDB: prints the mysql command that loads a mysqldump file.
set -euo pipefail

if [[ $# -ne 1 ]]; then
	echo "usage: DATABASE_URL=sqlite://PATH $0 BACKUP   (stop the server first)" >&2
	exit 2
fi
backup=$1
url=${DATABASE_URL:-sqlite://data/app.db}
server=${SERVER:-bin/server}

case $url in
sqlite://?*) db=${url#sqlite://} ;;
mysql://*)
	echo "MySQL/MariaDB: load the mysqldump file into an empty database, then start the server:" >&2
	echo "  mysql --host=HOST --port=PORT --user=USER -p DATABASE < $backup" >&2
	exit 2
	;;
*)
	echo "DATABASE_URL is neither sqlite://PATH nor mysql://DSN: $url" >&2
	exit 2
	;;
esac

# A running server holds the database open; fuser (psmisc) tells, where it is installed.
if command -v fuser >/dev/null && fuser -s "$db" "$db-wal" 2>/dev/null; then
	echo "$db is open in a running process: stop the server first" >&2
	exit 1
fi
"$server" verify-backup "$backup"

aside=$db.before-restore-$(date -u +%Y%m%dT%H%M%SZ)
moved=
for suffix in "" -wal -shm; do
	if [[ -e $db$suffix ]]; then
		mv "$db$suffix" "$aside$suffix"
		moved=$aside
	fi
done
mkdir -p "$(dirname "$db")"
cp "$backup" "$db.restoring"
mv "$db.restoring" "$db"
echo "restored $backup to $db${moved:+; the previous database is at $moved}"
