#!/usr/bin/env bash
# Makes PostgreSQL (5432) and Redis (6379) reachable and builds the development Kafka broker.
# Uses what is configured (DATABASE_ADMIN_URL, REDIS_URL) or already running; on a Debian machine,
# as root, installs and starts what is missing. Kafka: KAFKA_BROKERS names a real cluster; without
# it, tests, benchmarks and `pnpm start` launch tools/kafka-mock (librdkafka's mock cluster).
set -euo pipefail
LEXFIN_ROOT="${LEXFIN_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$LEXFIN_ROOT"

say() { echo "lexfin infra: $*" >&2; }
die() { echo "lexfin infra: $*" >&2; exit 1; }

apt_updated=""
apt_install() {
  [ "$(id -u)" = "0" ] || die "$1 is missing and installing it needs root: run 'sudo apt-get install -y $*' and try again"
  command -v apt-get >/dev/null 2>&1 || die "$1 is missing and this is not a Debian/Ubuntu machine: install $* yourself, or set the URL to a running server"
  if [ -z "$apt_updated" ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null || die "apt-get update failed"
    apt_updated=1
  fi
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >/dev/null || die "apt-get install $* failed"
}

url_host() { node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$1"; }
url_port() { node -e 'const u=new URL(process.argv[1]);console.log(u.port||process.argv[2])' "$1" "$2"; }

postgres_up() {
  local url="${DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  local host port
  host="$(url_host "$url")"; port="$(url_port "$url" 5432)"
  command -v pg_isready >/dev/null 2>&1 || [ -n "${DATABASE_ADMIN_URL:-}" ] || apt_install postgresql
  if pg_isready -q -h "$host" -p "$port" 2>/dev/null; then return 0; fi
  [ -z "${DATABASE_ADMIN_URL:-}" ] || die "PostgreSQL at $host:$port (DATABASE_ADMIN_URL) is not reachable: start it or fix the URL"
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then apt_install postgresql; fi
  local version
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)"
  if [ -z "$version" ]; then apt_install postgresql; version="$(ls /etc/postgresql | sort -V | tail -1)"; fi
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # A fresh Debian cluster asks for passwords over TCP; the development cluster trusts loopback.
  if [ -f "$hba" ] && ! grep -q '^# lexfin dev' "$hba"; then
    sed -i '1i # lexfin dev: trust loopback\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  say "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start \
    || die "PostgreSQL $version would not start; see /var/log/postgresql/"
  for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" && return 0; sleep 0.5; done
  die "PostgreSQL did not become ready on $host:$port"
}

redis_up() {
  local url="${REDIS_URL:-redis://127.0.0.1:6379}"
  local host port
  host="$(url_host "$url")"; port="$(url_port "$url" 6379)"
  if node -e '
    const s=require("net").connect(+process.argv[2],process.argv[1]);
    s.on("connect",()=>s.write("PING\r\n"));s.on("data",d=>process.exit(d.toString().startsWith("+PONG")?0:1));
    s.on("error",()=>process.exit(1));setTimeout(()=>process.exit(1),2000);' "$host" "$port"; then
    return 0
  fi
  [ -z "${REDIS_URL:-}" ] || die "Redis at $host:$port (REDIS_URL) is not reachable: start it or fix the URL"
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$port" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/lexfin.log >/dev/null || die "Redis would not start; see /var/log/redis/lexfin.log"
  for _ in $(seq 1 20); do redis-cli -h "$host" -p "$port" ping >/dev/null 2>&1 && return 0; sleep 0.25; done
  die "Redis did not become ready on $host:$port"
}

build_kafka_mock() {
  [ -z "${KAFKA_BROKERS:-}" ] || return 0
  local src=tools/kafka-mock/kafka_mock.c bin=tools/kafka-mock/build/kafka-mock
  [ -f /usr/include/librdkafka/rdkafka_mock.h ] || apt_install librdkafka-dev
  command -v gcc >/dev/null 2>&1 || apt_install gcc libc6-dev
  if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
    mkdir -p "$(dirname "$bin")"
    gcc -O2 -Wall -o "$bin" "$src" -lrdkafka || die "could not compile $src against librdkafka-dev"
  fi
}

# The sandbox test drives Debian's Chromium (playwright-core never downloads a browser of its own).
browser_up() {
  [ -x "${LEXFIN_CHROMIUM:-/usr/bin/chromium}" ] || apt_install chromium
}

# The alert rules Prometheus will load: promtool (Debian's prometheus package) checks them.
check_alerts() {
  command -v promtool >/dev/null 2>&1 || apt_install prometheus
  promtool check rules deploy/prometheus/alerts.yml >&2 || die "deploy/prometheus/alerts.yml: promtool found the problems above"
}

case "${1:-up}" in
  up) postgres_up; redis_up; build_kafka_mock ;;
  build-kafka-mock) build_kafka_mock ;;
  browser) browser_up ;;
  check-alerts) check_alerts ;;
  *) die "usage: infra.sh up|build-kafka-mock|browser|check-alerts" ;;
esac
