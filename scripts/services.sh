#!/usr/bin/env bash
# Local services for the integration and browser tests, all bound to 127.0.0.1:
#   - S3: a single-node Ceph RADOS Gateway (one mon, one memstore OSD, one radosgw) on port 7480.
#     It checks SigV4 signatures, presigned URL expiry, CORS and multipart rules for real.
#   - Postgres 15: a throwaway cluster on port 55432 with trust auth.
# All state lives in .test-services/ in the project dir; nothing is written to /etc or /var/lib.
#
# PIXBUCKET_RIG_SLOT=N (0..7, default 0) moves every port by N*10 (S3 7480+, mon 3300+/6789-,
# Postgres 55432+N), so several checkouts on one machine can each run their own rig.
#
# Usage: scripts/services.sh start | stop | env | start-s3 | stop-s3 | start-pg | stop-pg
#   start     install missing Debian packages, start (or reuse) both services, create the test
#             bucket, write .test-services/env.sh
#   stop      stop everything and delete the service state (safe when nothing runs)
#   env       print the exports that .test-services/env.sh holds
#   stop-s3   stop only radosgw, so S3 requests fail (for "storage is down" tests)
#   start-s3  bring S3 back; the OSD keeps its data while it runs, so the bucket survives
#   stop-pg   stop only Postgres (fast shutdown: connected clients are cut off)
#   start-pg  start the same Postgres cluster again, its data kept
#   s3-bucket-quota BUCKET N|off
#             cap a bucket at N objects (RGW then answers QuotaExceeded), or lift the cap
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=$ROOT/.test-services
CEPH_DIR=$STATE_DIR/ceph
PG_DIR=$STATE_DIR/pg
ENV_FILE=$STATE_DIR/env.sh

RIG_SLOT=${PIXBUCKET_RIG_SLOT:-0}
[[ $RIG_SLOT =~ ^[0-7]$ ]] || { echo "rig: error: PIXBUCKET_RIG_SLOT must be 0..7 (got '$RIG_SLOT')" >&2; exit 2; }
S3_PORT=$((7480 + RIG_SLOT * 10))
MON_V2_PORT=$((3300 + RIG_SLOT * 10))
# Counts down: Ceph OSDs bind in 6800–7300, so 6789 + N*10 would collide with another slot's OSD.
MON_V1_PORT=$((6789 - RIG_SLOT * 10))
S3_ACCESS_KEY=pixbucket-test-key
S3_SECRET_KEY=pixbucket-test-secret-0123456789
S3_REGION=us-east-1
S3_BUCKET=pixbucket-test
PG_PORT=$((55432 + RIG_SLOT))
PG_BIN=/usr/lib/postgresql/15/bin
PACKAGES=(ceph-mon ceph-osd radosgw postgresql postgresql-contrib chromium curl nginx libheif-examples plasma-workspace-wallpapers awscli rclone docker-compose)

# Ceph daemons and the process names the kernel reports for them (used to verify a pid file).
CEPH_DAEMONS=("client.rgw.a:radosgw" "osd.0:ceph-osd" "mon.a:ceph-mon")

log() { echo "rig: $*"; }
fail() {
  echo "rig: error: $*" >&2
  exit 1
}
now() { echo "$EPOCHREALTIME"; }
seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

show_log_tail() {
  local file=$1
  if [[ -f $file ]]; then
    echo "---- last lines of $file ----" >&2
    tail -n 30 "$file" >&2
    echo "----" >&2
  else
    echo "(no log at $file)" >&2
  fi
}

# wait_for SECONDS WHAT LOGFILE COMMAND...: polls COMMAND every 0.1 s; on timeout shows the log and fails.
wait_for() {
  local seconds=$1 what=$2 logfile=$3
  shift 3
  local deadline
  deadline=$(awk -v t="$EPOCHREALTIME" -v s="$seconds" 'BEGIN { printf "%.0f", (t + s) * 1000 }')
  until "$@" >/dev/null 2>&1; do
    if (($(awk -v t="$EPOCHREALTIME" 'BEGIN { printf "%.0f", t * 1000 }') > deadline)); then
      show_log_tail "$logfile"
      fail "$what did not become ready within ${seconds}s"
    fi
    sleep 0.1
  done
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# Packages

install_packages() {
  local started missing=() pkg
  started=$(now)
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]} > 0)); then
    [[ $EUID -eq 0 ]] || fail "missing Debian packages (${missing[*]}); run this script as root or install them"
    log "installing ${missing[*]}"
    # The lock timeout lets a concurrent apt run finish instead of failing at once.
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends \
      "${PACKAGES[@]}" >"$STATE_DIR/apt.log" 2>&1 || {
      show_log_tail "$STATE_DIR/apt.log"
      fail "apt-get install failed"
    }
  fi
  log "installed in $(seconds_since "$started")s (${missing[*]:-nothing was missing})"
}

# ---------------------------------------------------------------------------------------------
# Ceph

ceph_conf() { echo "$CEPH_DIR/ceph.conf"; }

# Prints the pid of a daemon if its pid file names a live process of the right kind.
ceph_pid() {
  local name=${1%%:*} comm=${1##*:} file pid
  file=$CEPH_DIR/run/$name.pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ -n $pid && -r /proc/$pid/comm && $(</proc/"$pid"/comm) == "$comm" ]] && is_running "$pid" || return 1
  echo "$pid"
}

# Daemons started from a config in this dir whose pid file is gone (e.g. the dir was deleted).
orphan_ceph_pids() {
  local cmdline_file pid
  for cmdline_file in /proc/[0-9]*/cmdline; do
    pid=${cmdline_file#/proc/}
    pid=${pid%/cmdline}
    case $(cat "/proc/$pid/comm" 2>/dev/null) in ceph-mon | ceph-osd | radosgw) ;; *) continue ;; esac
    tr '\0' ' ' <"$cmdline_file" 2>/dev/null | grep -qF -- "-c $CEPH_DIR/ceph.conf" && echo "$pid"
  done
  return 0
}

# A zombie counts as gone: it has released its ports and files, and reaping it is up to its
# parent (for daemons that is pid 1, which in some containers reaps only every second or two).
is_running() { [[ -r /proc/$1/status ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# Stops processes: SIGTERM to all, up to GRACE seconds for them to exit, then SIGKILL.
stop_pids() {
  local grace=$1 pid i alive
  shift
  (($# > 0)) || return 0
  if ((grace > 0)); then kill -TERM "$@" 2>/dev/null || true; fi
  for ((i = 0; i < grace * 10 + 30; i++)); do
    alive=()
    for pid in "$@"; do is_running "$pid" && alive+=("$pid"); done
    ((${#alive[@]} > 0)) || return 0
    if ((i == grace * 10)); then kill -KILL "${alive[@]}" 2>/dev/null || true; fi
    sleep 0.1
  done
  echo "rig: warning: processes ${alive[*]} did not exit after SIGKILL" >&2
}

# A clean SIGTERM (~0.3 s) matters here: a killed radosgw leaves its watches on the cluster's
# metadata objects, and for the next ~30 s every bucket create or CORS change on the restarted
# one stalls 10 s waiting for the dead watcher to acknowledge.
stop_rgw() {
  local pid
  if pid=$(ceph_pid "${CEPH_DAEMONS[0]}"); then stop_pids 3 "$pid"; fi
  rm -f "$CEPH_DIR/run/client.rgw.a.pid" "$CEPH_DIR/run/ceph-client.rgw.a.asok"
}

# One at a time, in this order, so each finds the daemons it talks to on its way out: radosgw
# drops its watches through the OSD, and the OSD reports its shutdown to the mon (without a mon
# it waits ~5 s for that, and a radosgw without an OSD can hang on SIGTERM for minutes).
stop_ceph() {
  local daemon pid orphans=()
  for daemon in "${CEPH_DAEMONS[@]}"; do
    if pid=$(ceph_pid "$daemon"); then stop_pids 3 "$pid"; fi
  done
  mapfile -t orphans < <(orphan_ceph_pids)
  stop_pids 3 "${orphans[@]}"
  rm -rf "$CEPH_DIR"
}

rgw_answers() { curl -sf -m 2 -o /dev/null "http://127.0.0.1:$S3_PORT/"; }
ceph_cli() { timeout "$1" ceph -c "$(ceph_conf)" "${@:2}"; }
osd_is_up() { ceph_cli 5 osd stat 2>/dev/null | grep -q '1 up'; }

write_ceph_conf() {
  local fsid=$1
  # Auth is off (loopback only); single-replica pools; the paxos timings cut each pool or map
  # commit from about 1 s to a few ms, which brings a cold start from ~12 s to ~1 s.
  cat >"$(ceph_conf)" <<CONF
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$MON_V1_PORT]
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = false
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
mon data avail warn = 2
mon data avail crit = 1
run dir = $CEPH_DIR/run
admin socket = $CEPH_DIR/run/\$cluster-\$name.asok
pid file = $CEPH_DIR/run/\$name.pid
log file = $CEPH_DIR/log/\$name.log

[mon]
mon osd prime pg temp = false
paxos propose interval = 0.05
paxos min wait = 0.01

[mon.a]
mon data = $CEPH_DIR/mon

[osd.0]
osd data = $CEPH_DIR/osd
osd objectstore = memstore
# Memstore keeps every byte in RAM up to this cap; a full OSD makes every write hang. 8 GiB is
# a third of this machine's memory and several full test runs plus benches.
memstore device bytes = 8589934592

[client.rgw.a]
# radosgw defaults to "secure" mode towards the mon, which cannot work with auth = none: it would
# hang for client_mount_timeout (300 s).
ms mon client mode = crc secure
rgw frontends = beast endpoint=127.0.0.1:$S3_PORT
# 64 request threads instead of 512: plenty for tests, and lighter to start and stop.
rgw thread pool size = 64
rgw data = $CEPH_DIR/rgw
# RGW frees a deleted object's data only when its garbage collector runs (by default two hours
# later, hourly); benches and e2e tests delete gigabytes, so reclaim within seconds instead.
rgw gc obj min wait = 0
rgw gc processor period = 5
CONF
}

start_rgw() {
  local conf
  conf=$(ceph_conf)
  radosgw -c "$conf" -n client.rgw.a 9>&- >>"$CEPH_DIR/log/rgw-stderr.log" 2>&1 ||
    { show_log_tail "$CEPH_DIR/log/client.rgw.a.log"; fail "radosgw failed to start"; }
  # The first start also creates the RGW pools, so allow some time.
  wait_for 60 "radosgw on 127.0.0.1:$S3_PORT" "$CEPH_DIR/log/client.rgw.a.log" rgw_answers
}

bootstrap_ceph() {
  local conf fsid port
  stop_ceph
  for port in "$S3_PORT" "$MON_V2_PORT" "$MON_V1_PORT"; do
    port_in_use "$port" && fail "127.0.0.1:$port is in use by a process this script did not start; stop it first"
  done
  mkdir -p "$CEPH_DIR"/{mon,osd,run,log,rgw}
  conf=$(ceph_conf)
  fsid=$(uuidgen)
  write_ceph_conf "$fsid"

  monmaptool --create --addv a "[v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$MON_V1_PORT]" --fsid "$fsid" "$CEPH_DIR/monmap" \
    >"$CEPH_DIR/log/bootstrap.log" 2>&1 || { show_log_tail "$CEPH_DIR/log/bootstrap.log"; fail "monmaptool failed"; }
  ceph-mon -c "$conf" --mkfs -i a --monmap "$CEPH_DIR/monmap" >>"$CEPH_DIR/log/bootstrap.log" 2>&1 ||
    { show_log_tail "$CEPH_DIR/log/bootstrap.log"; fail "ceph-mon --mkfs failed"; }
  ceph-mon -c "$conf" -i a 9>&- >>"$CEPH_DIR/log/bootstrap.log" 2>&1 ||
    { show_log_tail "$CEPH_DIR/log/mon.a.log"; fail "ceph-mon failed to start"; }

  # Registers osd.0 with the mon; doubles as the mon readiness check.
  ceph_cli 30 osd create >>"$CEPH_DIR/log/bootstrap.log" 2>&1 ||
    { show_log_tail "$CEPH_DIR/log/mon.a.log"; fail "the Ceph mon did not answer within 30s"; }
  ceph-osd -c "$conf" -i 0 --mkfs >>"$CEPH_DIR/log/bootstrap.log" 2>&1 ||
    { show_log_tail "$CEPH_DIR/log/bootstrap.log"; fail "ceph-osd --mkfs failed"; }
  ceph-osd -c "$conf" -i 0 9>&- >>"$CEPH_DIR/log/bootstrap.log" 2>&1 ||
    { show_log_tail "$CEPH_DIR/log/osd.0.log"; fail "ceph-osd failed to start"; }
  wait_for 30 "the Ceph OSD" "$CEPH_DIR/log/osd.0.log" osd_is_up

  start_rgw
  timeout 30 radosgw-admin -c "$conf" user create --uid=pixbucket-test --display-name="Pixbucket tests" \
    --access-key="$S3_ACCESS_KEY" --secret-key="$S3_SECRET_KEY" >>"$CEPH_DIR/log/bootstrap.log" 2>&1 ||
    { show_log_tail "$CEPH_DIR/log/bootstrap.log"; fail "radosgw-admin user create failed"; }
}

# Sets CEPH_BOOTSTRAPPED=1 when the cluster was created from scratch (the bucket must be made again).
start_s3() {
  CEPH_BOOTSTRAPPED=0
  if ceph_pid "${CEPH_DAEMONS[2]}" >/dev/null && ceph_pid "${CEPH_DAEMONS[1]}" >/dev/null && osd_is_up; then
    if ceph_pid "${CEPH_DAEMONS[0]}" >/dev/null && rgw_answers; then
      log "reusing the running Ceph RGW on 127.0.0.1:$S3_PORT"
    else
      stop_rgw
      start_rgw
      log "restarted radosgw on 127.0.0.1:$S3_PORT (mon and OSD kept their data)"
    fi
  else
    bootstrap_ceph
    CEPH_BOOTSTRAPPED=1
    log "Ceph RGW ready on 127.0.0.1:$S3_PORT"
  fi
}

prepare_bucket() {
  [[ -d $ROOT/node_modules/@aws-sdk/client-s3 ]] || fail "node_modules is missing; run npm ci first"
  # shellcheck source=/dev/null
  (source "$ENV_FILE" && node "$ROOT/scripts/rig/prepare-bucket.mjs") >"$CEPH_DIR/log/prepare-bucket.log" 2>&1 || {
    show_log_tail "$CEPH_DIR/log/prepare-bucket.log"
    fail "could not create the test bucket $S3_BUCKET"
  }
}

# ---------------------------------------------------------------------------------------------
# Postgres

# The postgres user must reach its data dir. A checkout under a private home (e.g. /root) is not
# reachable, so the cluster then lives in /tmp and .test-services/pg is a link to it.
resolve_pg_dir() {
  if [[ -L $STATE_DIR/pg ]]; then
    PG_DIR=$(readlink "$STATE_DIR/pg")
  elif [[ $EUID -eq 0 ]] && ! runuser -u postgres -- test -x "$STATE_DIR" 2>/dev/null; then
    PG_DIR=/tmp/pixbucket-test-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)
    ln -sfn "$PG_DIR" "$STATE_DIR/pg"
  fi
}

as_postgres() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_answers() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }
pg_data_dir() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atqc 'show data_directory' 2>/dev/null; }

stop_pg() {
  local pid
  [[ -f $PG_DIR/data/postmaster.pid ]] || return 0
  pid=$(head -n 1 "$PG_DIR/data/postmaster.pid")
  if [[ -n $pid ]] && is_running "$pid"; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 15 stop >/dev/null 2>&1 || stop_pids 1 "$pid"
  fi
}

start_pg() {
  if pg_answers; then
    if [[ $(pg_data_dir) == "$PG_DIR/data" ]]; then
      log "reusing the running Postgres on 127.0.0.1:$PG_PORT"
      return
    fi
    fail "127.0.0.1:$PG_PORT answers but is not the cluster in $PG_DIR/data; stop it first"
  fi
  # Not running: start from a fresh cluster so no database from an earlier run lingers.
  stop_pg
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  [[ $EUID -eq 0 ]] && chown postgres:postgres "$PG_DIR"
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-instructions \
    >"$PG_DIR/initdb.log" 2>&1 || { show_log_tail "$PG_DIR/initdb.log"; fail "initdb failed"; }
  launch_pg
  log "Postgres ready on 127.0.0.1:$PG_PORT"
}

# Starts the cluster in $PG_DIR/data as it is (start_pg makes it fresh first; start-pg keeps its data).
launch_pg() {
  # Durability is pointless for a throwaway cluster; turning it off makes DDL-heavy test setup fast.
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 30 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start 9>&- >/dev/null 2>&1 || { show_log_tail "$PG_DIR/postgres.log"; fail "Postgres did not start within 30s"; }
  wait_for 10 "Postgres on 127.0.0.1:$PG_PORT" "$PG_DIR/postgres.log" pg_answers
}

# ---------------------------------------------------------------------------------------------
# Commands

print_env() {
  cat <<ENV
export TEST_S3_ENDPOINT=http://127.0.0.1:$S3_PORT
export TEST_S3_ACCESS_KEY_ID=$S3_ACCESS_KEY
export TEST_S3_SECRET_ACCESS_KEY=$S3_SECRET_KEY
export TEST_S3_REGION=$S3_REGION
export TEST_S3_BUCKET=$S3_BUCKET
export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres
export PIXBUCKET_RIG_SLOT=$RIG_SLOT
ENV
}

write_env_file() {
  print_env >"$ENV_FILE.tmp"
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

# One rig command at a time: two test runs starting services at once would race on the same dirs.
# Daemons are started with fd 9 closed (`9>&-`) so they do not inherit, and hold, the lock.
take_lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/lock"
  flock -w 300 9 || fail "another scripts/services.sh command has held the lock for 300s"
}

cmd_start() {
  local started
  take_lock
  install_packages
  started=$(now)
  start_s3
  resolve_pg_dir
  start_pg
  write_env_file
  prepare_bucket
  log "started in $(seconds_since "$started")s; exports in .test-services/env.sh"
}

cmd_stop() {
  local started
  take_lock
  started=$(now)
  stop_ceph
  resolve_pg_dir
  stop_pg
  rm -rf "$PG_DIR" "$STATE_DIR/pg" "$ENV_FILE"
  log "stopped in $(seconds_since "$started")s"
}

cmd_stop_s3() {
  local started
  take_lock
  started=$(now)
  stop_rgw
  log "s3 stopped in $(seconds_since "$started")s"
}

cmd_start_s3() {
  local started
  take_lock
  started=$(now)
  start_s3
  write_env_file
  ((CEPH_BOOTSTRAPPED)) && prepare_bucket
  log "s3 started in $(seconds_since "$started")s"
}

# For "the database restarted" tests: stop Postgres (fast shutdown, clients are cut off) and start
# the same cluster again, data kept.
cmd_stop_pg() {
  take_lock
  resolve_pg_dir
  stop_pg
  log "postgres stopped"
}

cmd_start_pg() {
  take_lock
  resolve_pg_dir
  [[ -d $PG_DIR/data ]] || fail "no Postgres cluster in $PG_DIR; run '$0 start' first"
  pg_answers || launch_pg
  log "postgres started (data kept)"
}

# A bucket quota, for "storage is full" tests: RGW enforces it on the next write.
cmd_s3_bucket_quota() {
  local bucket=${1:-} limit=${2:-}
  [[ -n $bucket && ( $limit == off || $limit =~ ^[0-9]+$ ) ]] || fail "usage: $0 s3-bucket-quota BUCKET N|off"
  if [[ $limit == off ]]; then
    timeout 30 radosgw-admin -c "$(ceph_conf)" quota disable --quota-scope=bucket --bucket="$bucket" >/dev/null
  else
    timeout 30 radosgw-admin -c "$(ceph_conf)" quota set --quota-scope=bucket --bucket="$bucket" --max-objects="$limit" >/dev/null
    timeout 30 radosgw-admin -c "$(ceph_conf)" quota enable --quota-scope=bucket --bucket="$bucket" >/dev/null
  fi
  log "bucket $bucket: object quota $limit"
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) print_env ;;
  start-s3) cmd_start_s3 ;;
  stop-s3) cmd_stop_s3 ;;
  start-pg) cmd_start_pg ;;
  stop-pg) cmd_stop_pg ;;
  s3-bucket-quota) cmd_s3_bucket_quota "${@:2}" ;;
  *)
    echo "usage: $0 start|stop|env|start-s3|stop-s3|start-pg|stop-pg|s3-bucket-quota BUCKET N|off" >&2
    exit 2
    ;;
esac
