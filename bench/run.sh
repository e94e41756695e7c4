#!/usr/bin/env bash
# Undertide benchmark harness. Usage: bash bench/run.sh   (see bench/README.md)
#
# Env options:
#   VARIANTS   space-separated subset of: tomcat-mvc jetty-mvc undertide-mvc netty-webflux
#              undertide-webflux undertow-bare undertide-bare   (default: all, in that order)
#   DURATION   seconds per measured wrk run (default 10; QUICK=1: 3)
#   ROUNDS     measured rounds; each runs every row on every server in turn, and a row shows the median
#              of its rounds (default 3; QUICK=1: 1)
#   WARMUP     least warm-up seconds per server, in rounds over the 4 endpoints (default 60; QUICK=1: 4)
#   WARMUP_MAX most warm-up seconds: rounds go on until the JIT is quiet and /plaintext and /json are steady
#              (default 420; QUICK=1: 4)
#   WARMUP_ROUND  seconds per endpoint and round (default 5; QUICK=1: 1); WARMUP_TOLERANCE  steady within %
#              (default 10); WARMUP_JIT_QUIET  most % of a round the JIT may spend compiling (default 5)
#   STARTUP_ROUNDS  rounds of starting every variant in turn before the load runs; the table shows each
#              variant's median start-up (default 5; QUICK=1: 1; 0: the start of its own run only)
#   QUICK=1    short smoke run
#   IDLE_CONNS idle keep-alive connections to open (default 10000)
#   SLOW_CLIENTS  concurrent 32 MiB downloads read at SLOW_RATE while QUICK_GETS (10) are timed (default 200;
#              QUICK=1: 50); SLOW_RATE curl --limit-rate value (default 1M); 0 clients skips the phase
#   JAVA       java launcher for servers and the idle client (default: java on PATH)
#   JVM_FLAGS  JVM options given to every server, space-separated (default: -Xms512m -Xmx512m)
#   MEMORY_JVM_FLAGS  JVM options for the small-heap phase: every server started again, loaded for
#              MEMORY_LOAD seconds (default 10; QUICK=1: 3), then holding IDLE_CONNS idle connections
#              (default: -Xms16m -Xmx64m -XX:TrimNativeHeapInterval=2000; empty: no such phase)
#   SKIP_BUILD=1  reuse the jars already in bench/apps/*/target (no mvn at all)
#   PROJECT_ROOT  Undertide project root whose starter gets `mvn install`ed (default: bench/..)
#   BASE_PORT  first server port (default 18080; each variant gets its own port)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_ROOT=${PROJECT_ROOT:-$(dirname "$BENCH_DIR")}
APPS_DIR=$BENCH_DIR/apps
RESULTS_DIR=$BENCH_DIR/results

ALL_VARIANTS="tomcat-mvc jetty-mvc undertide-mvc netty-webflux undertide-webflux undertow-bare undertide-bare"
VARIANTS=${VARIANTS:-$ALL_VARIANTS}
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
	DURATION=${DURATION:-3}
	ROUNDS=${ROUNDS:-1}
	WARMUP=${WARMUP:-4}
	WARMUP_MAX=${WARMUP_MAX:-4}
	WARMUP_ROUND=${WARMUP_ROUND:-1}
	IDLE_SETTLE=${IDLE_SETTLE:-2}
	STARTUP_ROUNDS=${STARTUP_ROUNDS:-1}
else
	DURATION=${DURATION:-10}
	ROUNDS=${ROUNDS:-3}
	WARMUP=${WARMUP:-60}
	WARMUP_MAX=${WARMUP_MAX:-420}
	WARMUP_ROUND=${WARMUP_ROUND:-5}
	IDLE_SETTLE=${IDLE_SETTLE:-5}
	STARTUP_ROUNDS=${STARTUP_ROUNDS:-5}
fi
WARMUP_TOLERANCE=${WARMUP_TOLERANCE:-10}
WARMUP_JIT_QUIET=${WARMUP_JIT_QUIET:-5}
IDLE_CONNS=${IDLE_CONNS:-10000}
if [[ $QUICK == 1 ]]; then SLOW_CLIENTS=${SLOW_CLIENTS:-50}; else SLOW_CLIENTS=${SLOW_CLIENTS:-200}; fi
SLOW_RATE=${SLOW_RATE:-1M}
SLOW_SETTLE=${SLOW_SETTLE:-5} # seconds for every download to be under way before the quick GETs
QUICK_GETS=${QUICK_GETS:-10}
IDLE_OPEN_TIMEOUT=${IDLE_OPEN_TIMEOUT:-60} # seconds to open the idle connections, at most
IDLE_MAX_HOLD=${IDLE_MAX_HOLD:-60}         # the idle client closes everything after this anyway
IDLE_CLOSE_TIMEOUT=${IDLE_CLOSE_TIMEOUT:-60} # seconds for the server to close them after the client did
CONNS=${CONNS:-64}
MANY_CONNS=${MANY_CONNS:-1000}
START_TIMEOUT=${START_TIMEOUT:-120}
STOP_TIMEOUT=${STOP_TIMEOUT:-20}
BASE_PORT=${BASE_PORT:-18080}
JAVA=${JAVA:-java}
SKIP_BUILD=${SKIP_BUILD:-0}
SERVER_CPU=0
CLIENT_CPU=1
HOST=127.0.0.1
read -r -a JVM_FLAGS <<<"${JVM_FLAGS:--Xms512m -Xmx512m}" # the same for every server; default GC
read -r -a MEMORY_JVM_FLAGS <<<"${MEMORY_JVM_FLAGS--Xms16m -Xmx64m -XX:TrimNativeHeapInterval=2000}"
if [[ $QUICK == 1 ]]; then MEMORY_LOAD=${MEMORY_LOAD:-3}; else MEMORY_LOAD=${MEMORY_LOAD:-10}; fi
ENDPOINTS="plaintext json big stream"
declare -A EXPECTED_BYTES=([plaintext]=13 [json]=27 [big]=1048576 [stream]=10240)

for v in $VARIANTS; do
	[[ " $ALL_VARIANTS " == *" $v "* ]] || { echo "unknown variant '$v' (known: $ALL_VARIANTS)" >&2; exit 2; }
done
[[ $STARTUP_ROUNDS =~ ^[0-9]+$ ]] || { echo "STARTUP_ROUNDS must be a whole number (got '$STARTUP_ROUNDS')" >&2; exit 2; }
for n in DURATION ROUNDS MEMORY_LOAD WARMUP WARMUP_MAX WARMUP_ROUND WARMUP_TOLERANCE WARMUP_JIT_QUIET IDLE_CONNS IDLE_SETTLE CONNS MANY_CONNS BASE_PORT; do
	[[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || { echo "$n must be a positive integer (got '${!n}')" >&2; exit 2; }
done

STAMP=$(date +%Y%m%d-%H%M%S)
RUN_DIR=$RESULTS_DIR/$STAMP
mkdir -p "$RUN_DIR"
RESULTS_TSV=$RUN_DIR/results.tsv
ROUNDS_TSV=$RUN_DIR/rounds.tsv
IDLE_TSV=$RUN_DIR/idle.tsv
MEMORY_TSV=$RUN_DIR/memory.tsv
SLOW_TSV=$RUN_DIR/slow.tsv
STARTUP_TSV=$RUN_DIR/startup.tsv
NOTES=$RUN_DIR/notes.txt
: >"$RESULTS_TSV"
: >"$ROUNDS_TSV"
: >"$IDLE_TSV"
: >"$MEMORY_TSV"
: >"$SLOW_TSV"
: >"$STARTUP_TSV"
: >"$NOTES"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
note() { log "$*"; printf '%s\n' "$*" >>"$NOTES"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# --- processes we started (only these are ever signalled, by PID) ------------------------------
declare -A SERVER_PIDS=() # the servers running, as keys
CLIENT_PID=""
cleanup() {
	local pid
	if [[ -n $CLIENT_PID ]] && kill -0 "$CLIENT_PID" 2>/dev/null; then kill -TERM "$CLIENT_PID" 2>/dev/null || true; fi
	((${#SERVER_PIDS[@]} > 0)) || return 0
	for pid in "${!SERVER_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	sleep 2
	for pid in "${!SERVER_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites -------------------------------------------------------------------------------
apt_install() {
	local sudo=""
	[[ $(id -u) == 0 ]] || sudo="sudo"
	log "installing $* with apt-get"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
command -v taskset >/dev/null || need+=(util-linux)
command -v timeout >/dev/null || need+=(coreutils)
command -v ss >/dev/null || need+=(iproute2)
((${#need[@]} == 0)) || apt_install "${need[@]}"
command -v "$JAVA" >/dev/null || { echo "java launcher '$JAVA' not found" >&2; exit 1; }
command -v mvn >/dev/null || [[ $SKIP_BUILD == 1 ]] || { echo "mvn not found" >&2; exit 1; }

CPUS=$(nproc --all)
if ((CPUS < 2)); then
	echo "needs at least 2 CPUs (server on CPU $SERVER_CPU, load generator on CPU $CLIENT_CPU); this machine has $CPUS" >&2
	exit 1
fi

# file descriptors: 10k idle connections + 1k wrk connections on each side
want_fds=$((IDLE_CONNS + MANY_CONNS + 1024))
if (($(ulimit -n) < want_fds)); then
	ulimit -n "$want_fds" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi
if (($(ulimit -n) < IDLE_CONNS + 512)); then
	IDLE_CONNS=$(($(ulimit -n) - 512))
	note "note: open-file limit is $(ulimit -n); idle connections reduced to $IDLE_CONNS"
fi
if (($(ulimit -n) < MANY_CONNS + 256)); then
	MANY_CONNS=$(($(ulimit -n) - 256))
	note "note: open-file limit is $(ulimit -n); many-connections run reduced to $MANY_CONNS connections"
fi

# --- build ---------------------------------------------------------------------------------------
jar_of() {
	echo "$APPS_DIR/$1/target/$1.jar"
}
RUN_VARIANTS=()
wanted_undertide=0
for v in $VARIANTS; do [[ $v == undertide-* ]] && wanted_undertide=1; done

if [[ $SKIP_BUILD != 1 ]]; then
	undertide_ok=0
	if ((wanted_undertide)); then
		log "building the Undertide project: mvn -q -DskipTests install in $PROJECT_ROOT"
		if (cd "$PROJECT_ROOT" && timeout 1200 mvn -q -B -DskipTests install) >"$RUN_DIR/build-undertide.log" 2>&1; then
			undertide_ok=1
		else
			for v in $VARIANTS; do
				[[ $v == undertide-* ]] && note "skipped $v: project does not build (mvn -DskipTests install at $PROJECT_ROOT failed; see bench/${RUN_DIR#"$BENCH_DIR"/}/build-undertide.log)"
			done
		fi
	fi
	modules=()
	for v in $VARIANTS; do
		if [[ $v == undertide-* && $undertide_ok == 0 ]]; then continue; fi
		modules+=("$v")
		rm -f "$(jar_of "$v")" # never benchmark a stale jar
	done
	if ((${#modules[@]} > 0)); then
		profile=()
		((undertide_ok)) && profile=(-Pundertide)
		log "building bench apps: ${modules[*]}"
		(IFS=,; timeout 1200 mvn -q -B -fae -f "$APPS_DIR/pom.xml" "${profile[@]}" -pl "${modules[*]}" clean package) \
			>"$RUN_DIR/build-apps.log" 2>&1 || log "bench apps build reported errors (see bench/${RUN_DIR#"$BENCH_DIR"/}/build-apps.log)"
	fi
	for v in "${modules[@]}"; do
		if [[ -f $(jar_of "$v") ]]; then
			RUN_VARIANTS+=("$v")
		else
			note "skipped $v: its jar did not build (see bench/${RUN_DIR#"$BENCH_DIR"/}/build-apps.log)"
		fi
	done
else
	for v in $VARIANTS; do
		if [[ -f $(jar_of "$v") ]]; then RUN_VARIANTS+=("$v"); else note "skipped $v: no jar at $(jar_of "$v") (SKIP_BUILD=1)"; fi
	done
fi

# --- measuring helpers ---------------------------------------------------------------------------
proc_field() { # PID FIELD -> value from /proc/PID/status (VmRSS in kB, Threads)
	awk -v f="$2:" '$1 == f { print $2; exit }' "/proc/$1/status" 2>/dev/null || true
}

server_connections() { # PORT -> sockets of the server's port the server has not closed yet
	ss -Htn state established state close-wait "( sport = :$1 )" 2>/dev/null | wc -l
}

# await_connections_closed VARIANT PORT: the next phase starts once the server has closed the connections
# the client closed, so that it does not measure the end of this one (at most IDLE_CLOSE_TIMEOUT seconds)
await_connections_closed() {
	local v=$1 port=$2 start left
	start=$(now_ms)
	while left=$(server_connections "$port") && ((left > 0)); do
		if (($(now_ms) - start > IDLE_CLOSE_TIMEOUT * 1000)); then
			note "warning $v: $left connections still open ${IDLE_CLOSE_TIMEOUT}s after the idle client closed them"
			return
		fi
		sleep 0.1
	done
	note "$v: closed the idle connections $(($(now_ms) - start)) ms after the client did"
}

# run_wrk PORT PATH CONNECTIONS SECONDS OUTFILE -> prints the BENCH line (or nothing on failure)
run_wrk() {
	local port=$1 path=$2 conns=$3 secs=$4 out=$5
	timeout $((secs + 60)) taskset -c "$CLIENT_CPU" wrk -t1 -c"$conns" -d"${secs}s" --latency \
		-s "$BENCH_DIR/lib/report.lua" "http://$HOST:$port/$path" >"$out" 2>&1 || true
	grep -m1 '^BENCH ' "$out" || true
}
kv() { # LINE KEY -> value of KEY=value in LINE
	sed -n "s/.*[[:space:]]$2=\\([^[:space:]]*\\).*/\\1/p" <<<"$1"
}

# Rounds over every endpoint until the JIT has compiled the hot paths: on one CPU a server's rate keeps
# climbing for minutes (up to 12x between its first and fourth minute), so a fixed short warm-up would measure
# how fast each server compiles, not how fast it serves. Rates alone are a poor sign of that: a server can sit
# on a plateau for a round or two while its compiler works through a backlog. Steady: the JIT spent at most
# WARMUP_JIT_QUIET % of the last round compiling (from jstat, beside $JAVA), and /plaintext and /json are each
# within WARMUP_TOLERANCE % of the previous round. At least WARMUP seconds, at most WARMUP_MAX.
JSTAT=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jstat
[[ -x $JSTAT ]] || { JSTAT=""; note "note: no jstat beside $JAVA (a JRE?): the warm-up goes by rates alone"; }
jit_seconds() { # PID -> seconds the JIT has spent compiling so far ("" when jstat cannot tell)
	[[ -n $JSTAT ]] && "$JSTAT" -compiler "$1" 2>/dev/null | awk 'NR == 2 { print $4 }'
}
warm_up() { # VARIANT PORT PID
	local v=$1 port=$2 pid=$3 per=$WARMUP_ROUND spent=0 round=0 ep line rps prev steady jit jit_prev jit_round=""
	declare -A last=()
	log "$v: warming up (${per}s per endpoint and round, ${WARMUP}-${WARMUP_MAX}s)"
	jit_prev=$(jit_seconds "$pid")
	while true; do
		round=$((round + 1))
		steady=1
		for ep in $ENDPOINTS; do
			line=$(run_wrk "$port" "$ep" "$CONNS" "$per" "$RUN_DIR/$v.warmup-$ep.txt")
			rps=$(kv "$line" rps)
			rps=${rps%.*}
			if [[ $ep == plaintext || $ep == json ]]; then
				prev=${last[$ep]:-}
				if [[ -z $prev || -z $rps ]] || ((100 * (rps > prev ? rps - prev : prev - rps) > WARMUP_TOLERANCE * prev)); then
					steady=0
				fi
				last[$ep]=${rps:-0}
			fi
		done
		spent=$((spent + 4 * per))
		jit=$(jit_seconds "$pid")
		if [[ -n $jit && -n $jit_prev ]]; then
			jit_round=$(awk -v a="$jit_prev" -v b="$jit" 'BEGIN { printf "%.1f", b - a }')
			if awk -v d="$jit_round" -v r=$((4 * per)) -v q="$WARMUP_JIT_QUIET" 'BEGIN { exit !(100 * d > q * r) }'; then
				steady=0
			fi
		fi
		jit_prev=$jit
		if ((spent >= WARMUP && steady)); then
			note "$v: warm-up steady after ${spent}s ($round rounds; JIT compiled for ${jit_round:-?}s of the last round's $((4 * per))s)"
			return
		fi
		if ((spent >= WARMUP_MAX)); then
			if ((WARMUP_MAX > WARMUP)); then
				note "$v: warm-up stopped at WARMUP_MAX=${WARMUP_MAX}s, still moving (JIT compiled for ${jit_round:-?}s of the last round's $((4 * per))s; rates within ${WARMUP_TOLERANCE}%: $( ((steady)) && echo yes || echo no))"
			fi
			return
		fi
	done
}

stop_server() {
	local pid=$1 waited=0
	kill -TERM "$pid" 2>/dev/null || true
	while kill -0 "$pid" 2>/dev/null && ((waited < STOP_TIMEOUT * 5)); do sleep 0.2; waited=$((waited + 1)); done
	if kill -0 "$pid" 2>/dev/null; then
		log "server $pid did not stop within ${STOP_TIMEOUT}s: SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
	unset "SERVER_PIDS[$pid]"
}

record_failure() { # VARIANT REASON
	printf '%s\t-\t-\t-\t-\t%s\t-\t-\n' "$1" "$2" >>"$RESULTS_TSV"
}

# slow_clients VARIANT PORT PID: SLOW_CLIENTS downloads of /download (32 MiB) read at SLOW_RATE, and
# meanwhile QUICK_GETS requests for /plaintext one after another, each timed, 5 s at most
slow_clients() {
	local v=$1 port=$2 pid=$3 i got
	local -a downloads=()
	log "$v: $SLOW_CLIENTS downloads of 32 MiB read at $SLOW_RATE/s"
	for ((i = 0; i < SLOW_CLIENTS; i++)); do
		taskset -c "$CLIENT_CPU" curl -s -o /dev/null --limit-rate "$SLOW_RATE" --max-time 120 \
			"http://$HOST:$port/download" &
		downloads+=($!)
	done
	sleep "$SLOW_SETTLE"
	local times="" failed=0 each=$RUN_DIR/$v.quick-gets.tsv
	printf 'get\tstatus\tconnected_s\tfirst_byte_s\ttotal_s\n' >"$each"
	for ((i = 0; i < QUICK_GETS; i++)); do
		got=$(taskset -c "$CLIENT_CPU" curl -s -o /dev/null --max-time 5 \
			-w '%{http_code} %{time_connect} %{time_starttransfer} %{time_total}' \
			"http://$HOST:$port/plaintext" || true)
		read -r -a got <<<"${got:-000}"
		printf '%s\t%s\t%s\t%s\t%s\n' $((i + 1)) "${got[0]}" "${got[1]:--}" "${got[2]:--}" "${got[3]:--}" >>"$each"
		if [[ ${got[0]} == 200 ]]; then times+="${got[3]} "; else failed=$((failed + 1)); fi
	done
	local threads rss running=0
	threads=$(proc_field "$pid" Threads)
	rss=$(proc_field "$pid" VmRSS)
	for i in "${downloads[@]}"; do kill -0 "$i" 2>/dev/null && running=$((running + 1)); done
	kill "${downloads[@]}" 2>/dev/null || true
	wait "${downloads[@]}" 2>/dev/null || true
	# seconds -> ms; p50 and max of the quick GETs that were answered
	local stats
	stats=$(tr ' ' '\n' <<<"$times" | awk 'NF { t[++n] = $1 * 1000 } END {
		if (!n) { print "-\t-"; exit }
		for (i = 2; i <= n; i++) for (j = i; j > 1 && t[j - 1] > t[j]; j--) { x = t[j]; t[j] = t[j - 1]; t[j - 1] = x }
		printf "%.1f\t%.1f\n", t[int((n + 1) / 2)], t[n] }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$SLOW_CLIENTS" "$running" "$stats" "$failed" "${threads:--}" \
		"${rss:--}" >>"$SLOW_TSV"
}

# start_server VARIANT PORT [FLAGS]: launches the variant with the JVM options in the array named FLAGS
# (default JVM_FLAGS) on SERVER_CPU and waits for its first 200 from /plaintext;
# sets pid (and adds it to SERVER_PIDS), startup_ms and slog in the caller's scope. Fails with a note, and the reason in
# start_failure, when something else has the port, or the server exits or does not answer within START_TIMEOUT.
start_server() {
	local v=$1 port=$2 t0 jar
	local -n flags=${3:-JVM_FLAGS}
	jar=$(jar_of "$v")
	slog="$RUN_DIR/$v.server.log"
	if curl -s -o /dev/null --max-time 1 "http://$HOST:$port/" 2>/dev/null; then
		note "skipped $v: something already listens on $HOST:$port"
		start_failure="port $port taken"
		return 1
	fi
	t0=$(now_ms)
	taskset -c "$SERVER_CPU" "$JAVA" "${flags[@]}" -Dserver.port="$port" -Dserver.address="$HOST" -jar "$jar" \
		>>"$slog" 2>&1 &
	pid=$!
	SERVER_PIDS[$pid]=1
	while :; do
		if taskset -c "$CLIENT_CPU" curl -sf -o /dev/null --max-time 2 "http://$HOST:$port/plaintext" 2>/dev/null; then
			break
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null || true
			unset "SERVER_PIDS[$pid]"
			note "failed $v: server exited before answering (see bench/${slog#"$BENCH_DIR"/})"
			start_failure="server exited at start-up"
			return 1
		fi
		if (($(now_ms) - t0 > START_TIMEOUT * 1000)); then
			note "failed $v: no successful response within ${START_TIMEOUT}s (see bench/${slog#"$BENCH_DIR"/})"
			stop_server "$pid"
			start_failure="no response in ${START_TIMEOUT}s"
			return 1
		fi
		sleep 0.01
	done
	startup_ms=$(($(now_ms) - t0))
}

# Start-up times, before any load: STARTUP_ROUNDS rounds, each starting every variant once in turn, so that
# no variant is always the one started after another's heavy phases (a single start varies by 10-15%).
# Records every start in STARTUP_TSV. A variant that fails to start is left out of the later rounds; its own
# run below tries again and reports the failure.
measure_startups() {
	local round v i pid startup_ms slog start_failure
	declare -A failed=()
	for ((round = 1; round <= STARTUP_ROUNDS; round++)); do
		i=0
		for v in "${RUN_VARIANTS[@]}"; do
			i=$((i + 1))
			[[ -z ${failed[$v]:-} ]] || continue
			if ! start_server "$v" $((BASE_PORT + i - 1)); then
				failed[$v]=1
				continue
			fi
			log "$v: start-up round $round of $STARTUP_ROUNDS: first response after ${startup_ms} ms"
			printf '%s\t%s\n' "$v" "$startup_ms" >>"$STARTUP_TSV"
			stop_server "$pid"
		done
	done
}

# awk functions: sorted(LIST, A) puts the space-separated numbers of LIST into A in ascending order and
# returns how many there are; median(LIST) is their median
AWK_NUMBERS='
	function sorted(list, a,    n, i, j, x) {
		n = split(list, a, " ")
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { x = a[j]; a[j] = a[j - 1]; a[j - 1] = x }
		return n
	}
	function median(list,    a, n) {
		n = sorted(list, a)
		return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}'

# startup_summary -> per variant, in the order of their first start: VARIANT MEDIAN MIN MAX EVERY-START...
startup_summary() {
	awk -F'\t' "$AWK_NUMBERS"'
		{ if (!($1 in starts)) order[++nv] = $1; starts[$1] = starts[$1] " " $2 }
		END {
			for (o = 1; o <= nv; o++) {
				v = order[o]; k = sorted(starts[v], a)
				print v, int(median(starts[v])), a[1], a[k] starts[v]
			}
		}' "$STARTUP_TSV"
}

declare -A PORTS=() PIDS=() STARTUPS=() RSS_LOAD=() THREADS_LOAD=()
READY=() # the variants started and warmed up, in order

# prepare_variant VARIANT PORT: starts the server, checks every endpoint and warms it up; it stays up for
# the measured rounds
prepare_variant() {
	local v=$1 port=$2 pid startup_ms slog start_failure median
	log "$v: starting on CPU $SERVER_CPU, port $port"
	if ! start_server "$v" "$port"; then
		record_failure "$v" "$start_failure"
		return
	fi
	log "$v: first response after ${startup_ms} ms"
	median=$(startup_summary | awk -v v="$v" '$1 == v { print $2 }')
	[[ -z $median ]] || startup_ms=$median

	# sanity check: status and body size of every endpoint
	local ep got
	for ep in $ENDPOINTS; do
		got=$(curl -s -o /dev/null --max-time 10 -w '%{http_code} %{size_download}' "http://$HOST:$port/$ep" || true)
		if [[ $got != "200 ${EXPECTED_BYTES[$ep]}" ]]; then
			note "warning $v: GET /$ep gave '${got:-no response}' (expected '200 ${EXPECTED_BYTES[$ep]}' = status, bytes)"
		fi
	done

	warm_up "$v" "$port" "$pid"
	PORTS[$v]=$port
	PIDS[$v]=$pid
	STARTUPS[$v]=$startup_ms
	READY+=("$v")
}

# await_settled PORT: the next run starts once the server on PORT has closed the connections of its last
# run (10 s at most), so that a server's closing of 1,000 connections is not charged to the next server
await_settled() {
	local start
	start=$(now_ms)
	while (($(server_connections "$1") > 0 && $(now_ms) - start < 10000)); do sleep 0.05; done
}

# The measured runs, in rounds. Each round runs every row on every server in turn, so the servers compared
# in a row are measured within a minute of each other, not twenty minutes apart while the machine's speed
# drifts (between two runs of the script, one server's /plaintext rate moved by 27%, another's by 6% the
# other way).
# Every run goes to ROUNDS_TSV: variant, row, round, req/s, p50, p99 (us), then wrk's error counts.
measure_rounds() {
	local round key path conns v line k n counts
	for ((round = 1; round <= ROUNDS; round++)); do
		for key in $ENDPOINTS plaintext-many; do
			path=${key%-many}
			conns=$CONNS
			[[ $key == *-many ]] && conns=$MANY_CONNS
			for v in "${READY[@]}"; do
				log "$v: round $round of $ROUNDS: /$path with $conns connections for ${DURATION}s"
				line=$(run_wrk "${PORTS[$v]}" "$path" "$conns" "$DURATION" "$RUN_DIR/$v.$key.r$round.txt")
				if [[ -z $line ]]; then
					note "warning $v: wrk gave no result for /$path c=$conns in round $round (see bench/${RUN_DIR#"$BENCH_DIR"/}/$v.$key.r$round.txt)"
				else
					counts=""
					for k in status connect read write timeout; do
						n=$(kv "$line" "$k")
						counts+="	${n:-0}"
					done
					printf '%s\t%s\t%s\t%s\t%s\t%s%s\n' "$v" "$key" "$round" "$(kv "$line" rps)" "$(kv "$line" p50_us)" \
						"$(kv "$line" p99_us)" "$counts" >>"$ROUNDS_TSV"
				fi
				await_settled "${PORTS[$v]}"
			done
		done
	done
	for v in "${READY[@]}"; do
		RSS_LOAD[$v]=$(proc_field "${PIDS[$v]}" VmRSS)
		THREADS_LOAD[$v]=$(proc_field "${PIDS[$v]}" Threads)
	done
}

# summarise_rounds -> RESULTS_TSV rows: per variant and row, the medians of req/s, p50 and p99 over its
# rounds and the errors of all of them, then RSS after load and start-up
summarise_rounds() {
	local v rows row
	for v in "${READY[@]}"; do
		rows=$(awk -F'\t' -v v="$v" -v keys="$ENDPOINTS plaintext-many" "$AWK_NUMBERS"'
			$1 == v {
				runs[$2]++; rps[$2] = rps[$2] " " $4; p50[$2] = p50[$2] " " $5; p99[$2] = p99[$2] " " $6
				for (i = 7; i <= 11; i++) errors[$2, i] += $i
			}
			END {
				split("non2xx connect read write timeout", name, " ")
				n = split(keys, key, " ")
				for (k = 1; k <= n; k++) {
					r = key[k]
					if (!runs[r]) { printf "%s\t%s\t-\t-\t-\twrk failed\n", v, r; continue }
					total = 0; detail = ""
					for (i = 7; i <= 11; i++) if (errors[r, i] > 0) { total += errors[r, i]; detail = detail (detail == "" ? "" : " ") name[i - 6] " " errors[r, i] }
					if (detail != "") total = total " (" detail ")"
					printf "%s\t%s\t%.1f\t%.0f\t%.0f\t%s\n", v, r, median(rps[r]), median(p50[r]), median(p99[r]), total
				}
			}' "$ROUNDS_TSV")
		while IFS= read -r row; do
			printf '%s\t%s\t%s\n' "$row" "${RSS_LOAD[$v]:--}" "${STARTUPS[$v]}" >>"$RESULTS_TSV"
		done <<<"$rows"
	done
}

# hold_idle_connections VARIANT PORT PID: opens IDLE_CONNS idle keep-alive connections to the server, samples
# its RSS and threads after IDLE_SETTLE seconds, closes them and waits for the server to close its side; sets
# established, open_ms, still (open when the client closed them), rss_idle (kB) and threads_idle in the
# caller's scope
hold_idle_connections() {
	local v=$1 port=$2 pid=$3
	log "$v: opening $IDLE_CONNS idle keep-alive connections"
	local ready="$RUN_DIR/$v.idle.ready" release="$RUN_DIR/$v.idle.release" iout="$RUN_DIR/$v.idle.txt"
	rm -f "$ready" "$release"
	timeout $((IDLE_OPEN_TIMEOUT + IDLE_MAX_HOLD + 60)) taskset -c "$CLIENT_CPU" "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 \
		"$BENCH_DIR/lib/IdleConnections.java" "$HOST" "$port" "$IDLE_CONNS" "$IDLE_OPEN_TIMEOUT" "$IDLE_MAX_HOLD" \
		"$ready" "$release" /plaintext >"$iout" 2>&1 &
	CLIENT_PID=$!
	local waited=0 limit=$(((IDLE_OPEN_TIMEOUT + 40) * 5)) ready_line
	while [[ ! -f $ready ]] && kill -0 "$CLIENT_PID" 2>/dev/null && ((waited < limit)); do
		sleep 0.2
		waited=$((waited + 1))
	done
	rss_idle="-" threads_idle="-" established="-" open_ms="-" still="-"
	if [[ -f $ready ]]; then
		sleep "$IDLE_SETTLE"
		if kill -0 "$pid" 2>/dev/null; then
			rss_idle=$(proc_field "$pid" VmRSS)
			threads_idle=$(proc_field "$pid" Threads)
		fi
		ready_line=$(grep -m1 '^READY ' "$iout" || true)
		established=$(kv " $ready_line" established)
		open_ms=$(kv " $ready_line" open_ms)
	else
		note "warning $v: idle-connection client did not get ready (see bench/${iout#"$BENCH_DIR"/})"
	fi
	touch "$release"
	wait "$CLIENT_PID" 2>/dev/null || true
	CLIENT_PID=""
	still=$(kv " $(grep -m1 '^DONE ' "$iout" || true)" still_open)
	await_connections_closed "$v" "$port"
}

# finish_variant VARIANT: the idle-connection and slow-client phases, then stops the server
finish_variant() {
	local v=$1 port=${PORTS[$1]} pid=${PIDS[$1]} slog=$RUN_DIR/$1.server.log
	local established open_ms still rss_idle threads_idle
	hold_idle_connections "$v" "$port" "$pid"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$IDLE_CONNS" "${established:--}" "${still:--}" \
		"${RSS_LOAD[$v]:--}" "${THREADS_LOAD[$v]:--}" "${rss_idle:--}" "${threads_idle:--}" "${open_ms:--}" >>"$IDLE_TSV"

	# slow clients: only the Spring variants serve /download
	if ((SLOW_CLIENTS > 0)) && [[ $v != *-bare ]]; then
		slow_clients "$v" "$port" "$pid"
	fi

	if ! kill -0 "$pid" 2>/dev/null; then
		note "warning $v: server died during the run (see bench/${slog#"$BENCH_DIR"/})"
	fi
	log "$v: stopping"
	stop_server "$pid"
	sleep 1
}

# small_heap VARIANT: the server started again with MEMORY_JVM_FLAGS, MEMORY_LOAD seconds of /plaintext at
# CONNS connections, then IDLE_CONNS idle connections: what holding them takes when the heap is no larger
# than the application needs, rather than the 512 MiB the load runs are given
small_heap() {
	local v=$1 port=${PORTS[$1]} pid startup_ms slog start_failure
	local established open_ms still rss_idle threads_idle
	log "$v: small heap: starting with ${MEMORY_JVM_FLAGS[*]}"
	if ! start_server "$v" "$port" MEMORY_JVM_FLAGS; then
		printf '%s\t%s\t-\t-\t-\t-\t%s\n' "$v" "$IDLE_CONNS" "$start_failure" >>"$MEMORY_TSV"
		return
	fi
	run_wrk "$port" plaintext "$CONNS" "$MEMORY_LOAD" "$RUN_DIR/$v.small-heap-load.txt" >/dev/null
	hold_idle_connections "$v.small-heap" "$port" "$pid"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t\n' "$v" "$IDLE_CONNS" "${established:--}" "${rss_idle:--}" "${threads_idle:--}" \
		"${open_ms:--}" >>"$MEMORY_TSV"
	stop_server "$pid"
	sleep 1
}

# --- run -----------------------------------------------------------------------------------------
GC_NAME=$(taskset -c "$SERVER_CPU" "$JAVA" "${JVM_FLAGS[@]}" -XX:+PrintFlagsFinal -version 2>/dev/null |
	awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC$/ && $4 == "true" { sub(/^Use/, "", $2); print $2 }' | head -1 || true)
JAVA_VERSION=$("$JAVA" -version 2>&1 | head -1)
WRK_VERSION=$(wrk -v 2>&1 | head -1 | awk '{print $1, $2}' || true)
START_MS=$(now_ms)

measure_startups
i=0
for v in "${RUN_VARIANTS[@]}"; do
	prepare_variant "$v" $((BASE_PORT + i))
	i=$((i + 1))
done
measure_rounds
summarise_rounds
for v in "${READY[@]}"; do
	finish_variant "$v"
done
if ((${#MEMORY_JVM_FLAGS[@]} > 0)); then
	if "$JAVA" "${MEMORY_JVM_FLAGS[@]}" -version >/dev/null 2>&1; then
		for v in "${READY[@]}"; do
			small_heap "$v"
		done
	else
		note "skipped the small-heap phase: $JAVA does not start with MEMORY_JVM_FLAGS='${MEMORY_JVM_FLAGS[*]}'"
	fi
fi
ELAPSED_S=$((($(now_ms) - START_MS) / 1000))

# --- report --------------------------------------------------------------------------------------
report() {
	echo "# Undertide benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "- machine: $CPUS CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r)"
	echo "- server: CPU $SERVER_CPU (taskset), \`$JAVA_VERSION\`, JVM flags \`${JVM_FLAGS[*]}\` (default GC, which with one visible CPU is ${GC_NAME:-?})"
	echo "- load: $WRK_VERSION on CPU $CLIENT_CPU, \`wrk -t1 -c$CONNS -d${DURATION}s --latency\`, in $ROUNDS rounds that each run every row on every server in turn (all servers up at once, each idle while another is measured); req/s, p50 and p99 are each the median of a row's $ROUNDS runs; warm-up in rounds of ${WARMUP_ROUND}s per endpoint until the JIT compiled for at most ${WARMUP_JIT_QUIET}% of the round and /plaintext and /json are within ${WARMUP_TOLERANCE}% of the previous round (${WARMUP}-${WARMUP_MAX}s per server; time taken in the notes); idle test: $IDLE_CONNS connections"
	echo "- benchmark time: ${ELAPSED_S}s; raw output: bench/results/$STAMP/"
	[[ $QUICK == 1 ]] && echo "- **QUICK=1 smoke run: numbers are indicative only**"
	if [[ -s $NOTES ]]; then
		echo
		sed 's/^/- /' "$NOTES"
	fi
	echo
	echo "## Throughput and latency"
	echo
	awk -F'\t' -v many="$MANY_CONNS" '
		function ms(us) {
			if (us == "-" || us == "") return "-"
			us = us / 1000
			if (us < 1) return sprintf("%.3f", us)
			if (us < 10) return sprintf("%.2f", us)
			return sprintf("%.1f", us)
		}
		function mib(kb) { return (kb == "-" || kb == "") ? "-" : sprintf("%.0f", kb / 1024) }
		function ep(k) { return (k == "-") ? "(all)" : (k == "plaintext-many") ? "/plaintext c=" many : "/" k }
		BEGIN {
			print "| server | endpoint | req/s | p50 (ms) | p99 (ms) | errors | RSS after load (MiB) | start-up (ms) |"
			print "|---|---|---:|---:|---:|---|---:|---:|"
		}
		{
			rps = ($3 == "-") ? "-" : sprintf("%.0f", $3)
			printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, ep($2), rps, ms($4), ms($5), $6, mib($7), $8
		}' "$RESULTS_TSV"
	echo
	echo "## Ratios"
	echo
	awk -F'\t' -v many="$MANY_CONNS" '
		function ep(k) { return (k == "plaintext-many") ? "/plaintext c=" many : "/" k }
		$3 != "-" { ran[$1] = 1; rps[$1, $2] = $3; p99[$1, $2] = $5 }
		function pair(a, b, keys,    n, k, i, r, p) {
			if (!(a in ran) || !(b in ran)) {
				missing[++nm] = sprintf("- %s / %s: not available (%s did not run)", a, b, (a in ran) ? b : a)
				return
			}
			n = split(keys, k, " ")
			for (i = 1; i <= n; i++) {
				if (!((a, k[i]) in rps) || !((b, k[i]) in rps) || rps[b, k[i]] == 0) {
					rows[++nr] = sprintf("| %s / %s | %s | - | - |", a, b, ep(k[i])); continue
				}
				r = sprintf("%.2f", rps[a, k[i]] / rps[b, k[i]])
				p = (p99[b, k[i]] > 0) ? sprintf("%.2f", p99[a, k[i]] / p99[b, k[i]]) : "-"
				rows[++nr] = sprintf("| %s / %s | %s | %s | %s |", a, b, ep(k[i]), r, p)
			}
		}
		END {
			all = "plaintext json big stream plaintext-many"
			pair("undertide-mvc", "tomcat-mvc", all)
			pair("undertide-mvc", "jetty-mvc", all)
			pair("undertide-webflux", "netty-webflux", all)
			pair("undertide-mvc", "undertow-bare", "plaintext plaintext-many")
			pair("undertide-webflux", "undertow-bare", "plaintext plaintext-many")
			pair("undertide-bare", "undertow-bare", all)
			if (nr) {
				print "req/s ratio > 1 and p99 ratio < 1 mean Undertide is better."
				print ""
				print "| pair | endpoint | req/s ratio | p99 ratio |"
				print "|---|---|---:|---:|"
				for (i = 1; i <= nr; i++) print rows[i]
				if (nm) print ""
			}
			for (i = 1; i <= nm; i++) print missing[i]
		}' "$RESULTS_TSV"
	if [[ -s $STARTUP_TSV ]]; then
		echo
		echo "## Start-up"
		echo
		echo "Launch to the first 200 from /plaintext, over $STARTUP_ROUNDS rounds that each start every variant once in turn, before any load."
		echo
		startup_summary | awk '
			{ v[NR] = $1; m[$1] = $2; row[NR] = $0 }
			END {
				print "| server | median (ms) | min | max | ÷ tomcat-mvc | every start (ms) |"
				print "|---|---:|---:|---:|---:|---|"
				for (i = 1; i <= NR; i++) {
					split(row[i], f, " ")
					starts = ""
					for (k = 5; k in f; k++) starts = starts " " f[k]
					r = (m["tomcat-mvc"] > 0) ? sprintf("%.2f", m[v[i]] / m["tomcat-mvc"]) : "-"
					printf "| %s | %d | %d | %d | %s |%s |\n", v[i], f[2], f[3], f[4], r, starts
				}
			}'
	fi
	echo
	echo "## Idle keep-alive connections"
	echo
	awk -F'\t' '
		function mib(kb) { return (kb == "-" || kb == "") ? "-" : sprintf("%.0f", kb / 1024) }
		BEGIN {
			print "| server | established / requested | still open at close | RSS after load (MiB) | threads after load | RSS with idle conns (MiB) | threads with idle conns | RSS delta (MiB) | open time (ms) |"
			print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
		}
		{
			delta = ($5 == "-" || $7 == "-") ? "-" : sprintf("%+.0f", ($7 - $5) / 1024)
			printf "| %s | %s / %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $3, $2, $4, mib($5), $6, mib($7), $8, delta, $9
		}' "$IDLE_TSV"
	if [[ -s $MEMORY_TSV ]]; then
		echo
		echo "## Idle keep-alive connections on a small heap"
		echo
		echo "Every server started again with \`${MEMORY_JVM_FLAGS[*]}\`, ${MEMORY_LOAD}s of /plaintext at $CONNS connections, then $IDLE_CONNS idle keep-alive connections, RSS and threads sampled after ${IDLE_SETTLE}s."
		echo
		awk -F'\t' '
			function mib(kb) { return (kb == "-" || kb == "") ? "-" : sprintf("%.0f", kb / 1024) }
			BEGIN {
				print "| server | established / requested | RSS with idle conns (MiB) | threads with idle conns | open time (ms) |"
				print "|---|---:|---:|---:|---:|"
			}
			{
				if ($7 != "") { printf "| %s | %s | - | - | - |\n", $1, $7; next }
				printf "| %s | %s / %s | %s | %s | %s |\n", $1, $3, $2, mib($4), $5, $6
			}' "$MEMORY_TSV"
	fi
	if [[ -s $SLOW_TSV ]]; then
		echo
		echo "## Slow clients"
		echo
		echo "$SLOW_CLIENTS downloads of 32 MiB, each read at $SLOW_RATE/s by curl, then $QUICK_GETS requests for /plaintext one after another (5 s at most each)."
		echo
		awk -F'\t' '
			function mib(kb) { return (kb == "-" || kb == "") ? "-" : sprintf("%.0f", kb / 1024) }
			BEGIN {
				print "| server | downloads still running | quick GET p50 (ms) | quick GET max (ms) | quick GETs failed | threads | RSS (MiB) |"
				print "|---|---:|---:|---:|---:|---:|---:|"
			}
			{ printf "| %s | %s / %s | %s | %s | %s / %s | %s | %s |\n", $1, $3, $2, $4, $5, $6, "'"$QUICK_GETS"'", $7, mib($8) }' "$SLOW_TSV"
	fi
}

report >"$RUN_DIR/report.md"
cp "$RUN_DIR/report.md" "$RESULTS_DIR/latest.md"
echo
cat "$RUN_DIR/report.md"
echo
log "report written to bench/results/latest.md (raw data in bench/results/$STAMP/)"
