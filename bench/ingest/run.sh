#!/usr/bin/env bash
# Ingest benchmark, side by side with the peer (django-helpdesk) on the same generated messages.
# usage: bench/ingest/run.sh [N=1000] [ACKS=200]      (from the project root, after `make install`)
# Prints RESULT lines; see bench/README.md for what each means and the figures measured.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
N="${1:-1000}"; ACKS="${2:-200}"
PEER="$ROOT/../shared/bench/peer-django-helpdesk"
BENCH_HOME="${BENCH_HOME:-/tmp/cspdesk-bench}"
CSPDESK="$ROOT/.venv/bin/cspdesk"
[ -x "$CSPDESK" ] || { echo "run 'make install' first" >&2; exit 2; }
mkdir -p "$BENCH_HOME/mail"
SRC="$BENCH_HOME/mail/src-$N"
if [ ! -f "$SRC.manifest.json" ]; then   # the peer's generator, same seed: byte-identical messages
  rm -rf "$SRC"; python3 "$PEER/gen_emails.py" "$N" "$SRC" --seed 1 >/dev/null
fi

echo "== cspdesk: ingest-mail --process over $N messages (SQLite, one process, start-up included)"
RUN="$BENCH_HOME/ingest-$N"; rm -rf "$RUN"; mkdir -p "$RUN"
export CSPDESK_HOME="$RUN"
env -u CSPDESK_DATABASE_URL "$CSPDESK" migrate -v0
t0=$(date +%s.%N)
env -u CSPDESK_DATABASE_URL /usr/bin/time -v -o "$RUN/time.txt" "$CSPDESK" ingest-mail --process --batch 100 --quiet "$SRC"
t1=$(date +%s.%N)
wall=$(echo "$t1 - $t0" | bc -l)
rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$RUN/time.txt")
env -u CSPDESK_DATABASE_URL "$ROOT/.venv/bin/python" "$ROOT/bench/ingest/check_counts.py" "$SRC.manifest.json"
ours=$(echo "$N / $wall" | bc -l)
printf 'RESULT cspdesk_ingest_wall=%.2f s\nRESULT cspdesk_ingest_rate=%.1f msgs/s\nRESULT cspdesk_ingest_peak_rss=%.1f MiB\n' \
  "$wall" "$ours" "$(echo "$rss/1024" | bc -l)"
unset CSPDESK_HOME

echo "== peer: django-helpdesk get_email over the same $N messages"
[ -x "${DH_HOME:-/tmp/peer-dh}/venv/bin/python" ] || "$PEER/setup.sh"
peer=$("$PEER/run_ingest.sh" "$N" | tee "$BENCH_HOME/peer-$N.txt" | awk -F'[= ]' '/^RESULT ingest_rate=/{print $3}')
grep '^RESULT' "$BENCH_HOME/peer-$N.txt" | sed 's/^RESULT /RESULT peer_/'
printf 'RESULT ingest_ratio=%.1f x\n' "$(echo "$ours / $peer" | bc -l)"

echo "== cspdesk: acknowledgement latency, $ACKS messages by SMTP, one worker"
env -u CSPDESK_DATABASE_URL "$ROOT/.venv/bin/python" "$ROOT/bench/ingest/ack_latency.py" "$SRC" "$ACKS" "$BENCH_HOME/acks"
