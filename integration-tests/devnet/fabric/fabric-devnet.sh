#!/usr/bin/env bash
# A Hyperledger Fabric development network of native processes on 127.0.0.1: one etcdraft orderer (OrdererMSP)
# and two peers (Org1MSP, Org2MSP), TLS on every endpoint, one application channel, chaincode as a service only
# (no Docker). Free ports are chosen at run time. Everything lives in one state folder.
#
# Usage: fabric-devnet.sh [--state DIR] COMMAND [ARGS]
#   up                          start the network (a no-op when it is already up and healthy) and wait until the
#                               peers see each other in gossip (the Gateway finds the other organisation's endorsers
#                               that way); prints the path of network.json, the machine-readable description of the
#                               running network
#   down                        stop the processes this network started (nodes and chaincode servers); keeps the
#                               state folder (logs)
#   status                      each node and chaincode server, its pid and health; exit status 0 iff every node
#                               is healthy and every chaincode server runs
#   deploy-ccaas NAME ADDRESS [--policy EXPR] [--label LABEL] [--version VERSION]
#                               package chaincode NAME as a service listening at ADDRESS (host:port, no TLS),
#                               install it on both peers, approve it for both orgs and commit it; prints the
#                               package id (the chaincode server's CORE_CHAINCODE_ID_NAME).
#                               EXPR defaults to AND('Org1MSP.peer','Org2MSP.peer')
#   deploy-htlc JAR [--name NAME] [--policy EXPR] [--no-tls]
#                               deploy the HTLC chaincode (NAME defaults to htlc) as a service: package it for a
#                               free port on 127.0.0.1, start the chaincode server from JAR (a process of this
#                               network like the nodes: nodes/cc-NAME/{pid,log}, stopped by down), install,
#                               approve and commit it with EXPR, wait until both peers answer a query through it,
#                               record it in network.json and print the package id. The peers reach the server over
#                               TLS: its key and certificate (for 127.0.0.1 and localhost, issued by Org1's TLS CA
#                               with openssl) are in nodes/cc-NAME/tls, connection.json holds tls_required and that
#                               CA as root_cert, and the shim serves TLS from CORE_TLS_CLIENT_KEY_FILE/CERT_FILE (no
#                               client authentication: the shim's server takes no client CA). --no-tls serves plain
#                               gRPC. Idempotent: with the server running from the same JAR content, EXPR and TLS
#                               choice it only checks that it answers; another JAR restarts the server under the
#                               same package, another EXPR commits the next sequence of the same package, another
#                               TLS choice deploys a new package on a new port. The JDK comes from scripts/jdk.sh; FABRIC_DEVNET_CC_JAVA_OPTS (default: a
#                               128 MB serial-GC heap, C1 only) and FABRIC_DEVNET_CC_LOGGING (the shim's log level,
#                               default WARNING) tune it.
#   stop-node NODE              stop one node of the running network (orderer, peer0.org1.example.com or
#                               peer0.org2.example.com), keeping its data, e.g. to test what clients do while it is
#                               down
#   start-node NODE             start a node stopped by stop-node again, on its ports and data, and wait until it is
#                               healthy; a no-op for a running node
#   channel-info ORG            `peer channel getinfo` on ORG's peer (org1 | org2), as JSON
#   peer ORG ARGS...            the peer CLI, as ORG's admin against ORG's peer, e.g.
#                               peer org1 lifecycle chaincode querycommitted -C xrelay -n NAME -O json
#
# The orderer and the peers accept only proposals and envelopes whose timestamp is within 60 s of their clock
# (Fabric's default is 15 min): the HTLC chaincode's time is the transaction timestamp its client chose.
# The state folder defaults to target/fabric-devnet in the repository; --state or FABRIC_DEVNET_STATE set it.
# The Fabric binaries come from scripts/fabric-tools.sh (built once, cached outside the repository), or from the
# folder in XRELAY_FABRIC_BIN. FABRIC_DEVNET_TIMEOUT (seconds, default 120) bounds each wait.
# Human-readable progress goes to stderr; stdout carries only the results named above.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
channel=xrelay
orgs=(org1 org2)
timeout=${FABRIC_DEVNET_TIMEOUT:-120}

log() { echo "fabric-devnet: $*" >&2; }
die() { echo "fabric-devnet: error: $*" >&2; exit 1; }

usage() {
  sed -n '/^# Usage:/,/^# Human-readable/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

state=${FABRIC_DEVNET_STATE:-$root/target/fabric-devnet}
while [ $# -gt 0 ]; do
  case $1 in
    --state) [ $# -ge 2 ] || die "--state needs a folder"; state=$2; shift 2 ;;
    --state=*) state=${1#--state=}; shift ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage
command=$1
shift
mkdir -p "$state"
state=$(cd "$state" && pwd)
# `up` wipes the state folder, so only an empty folder or one marked as made by this script is ever used.
if [ ! -f "$state/.fabric-devnet" ]; then
  [ -z "$(ls -A "$state")" ] || die "$state is not empty and is not a state folder of fabric-devnet.sh"
  echo "state folder of fabric-devnet.sh; 'up' wipes it" > "$state/.fabric-devnet"
fi
crypto=$state/crypto
ord_org=$crypto/ordererOrganizations/example.com
ord_node=$ord_org/orderers/orderer.example.com

# ---------------------------------------------------------------------------------------------------- helpers

fabric_bin() {
  if [ -n "${XRELAY_FABRIC_BIN:-}" ]; then
    echo "$XRELAY_FABRIC_BIN"
  else
    "$root/scripts/fabric-tools.sh"
  fi
}

now() { date +%s; }

# The start time of process $1 (clock ticks since boot), or nothing if there is no such live process. A pid file
# holds "pid start-time", so a pid reused by another process after ours exited is never taken for ours.
proc_start_time() {
  local stat
  if [ -r "/proc/$1/stat" ]; then
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    stat=${stat##*) }              # drop "pid (comm) "; comm may hold spaces
    set -- $stat                   # $1 = state, $20 = start time
    [ "$1" = Z ] || echo "${20}"
  else
    ps -o lstart= -p "$1" 2>/dev/null | tr -s ' ' '_' || true
  fi
}

# pid_of PIDFILE: the pid recorded there if that process still runs, else nothing.
pid_of() {
  local pid st
  [ -f "$1" ] || return 0
  read -r pid st < "$1" || return 0
  [ -n "$pid" ] && [ -n "$st" ] || return 0
  [ "$(proc_start_time "$pid")" = "$st" ] && echo "$pid"
  return 0
}

# stop_node PIDFILE: TERM the recorded process, wait for it to exit, KILL it if it does not within 20 s.
stop_node() {
  local pidfile=$1 pid name deadline
  name=$(basename "$(dirname "$pidfile")")
  pid=$(pid_of "$pidfile")
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$(( $(now) + 20 ))
    while [ -n "$(pid_of "$pidfile")" ] && [ "$(now)" -lt "$deadline" ]; do sleep 0.1; done
    if [ -n "$(pid_of "$pidfile")" ]; then
      log "$name (pid $pid) did not stop on TERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$(( $(now) + 10 ))
      while [ -n "$(pid_of "$pidfile")" ] && [ "$(now)" -lt "$deadline" ]; do sleep 0.1; done
      [ -z "$(pid_of "$pidfile")" ] || die "$name (pid $pid) is still running after KILL"
    fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
}

stop_all() {
  local f
  for f in "$state"/nodes/*/pid; do
    [ -e "$f" ] && stop_node "$f"
  done
  return 0
}

# pick_ports N: N distinct free TCP ports on 127.0.0.1 (the kernel's choice through python3 if it works, else
# random ports below the usual ephemeral range that nobody accepts connections on).
pick_ports() {
  local ports=() p
  if command -v python3 >/dev/null 2>&1; then
    read -r -a ports <<< "$(python3 - "$1" 2>/dev/null <<'PY' || true
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
)"
  fi
  if [ "${#ports[@]}" -ne "$1" ]; then
    ports=()
    while [ "${#ports[@]}" -lt "$1" ]; do
      p=$(( 20000 + RANDOM % 12000 ))
      case " ${ports[*]} " in *" $p "*) continue ;; esac
      if ! (exec 3<> "/dev/tcp/127.0.0.1/$p") 2>/dev/null; then ports+=("$p"); fi
    done
  fi
  echo "${ports[*]}"
}

json_str() { # a JSON string literal
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

org_msp() { case $1 in org1) echo Org1MSP ;; org2) echo Org2MSP ;; *) die "unknown org '$1' (org1 or org2)" ;; esac; }
org_dir() { echo "$crypto/peerOrganizations/$1.example.com"; }
peer_name() { echo "peer0.$1.example.com"; }

# Ports are kept in $state/ports.env once chosen: ORDERER_PORT ORDERER_ADMIN_PORT ORDERER_OPS_PORT and, per org,
# ORG1_PEER_PORT ORG1_CC_PORT ORG1_OPS_PORT ...
load_ports() {
  [ -f "$state/ports.env" ] || die "the network in $state was never started (no ports.env): run up first"
  # shellcheck disable=SC1091
  . "$state/ports.env"
}
peer_port() { local v; v=$(echo "$1" | tr a-z A-Z)_PEER_PORT; echo "${!v}"; }
cc_port() { local v; v=$(echo "$1" | tr a-z A-Z)_CC_PORT; echo "${!v}"; }
ops_port() { local v; v=$(echo "$1" | tr a-z A-Z)_OPS_PORT; echo "${!v}"; }

# healthz ADDRESS CAFILE: the operations endpoint answers 200 on /healthz.
healthz() {
  curl -sf --max-time 2 --cacert "$2" "https://$1/healthz" >/dev/null 2>&1
}

# ---------------------------------------------------------------------------------------------------- the peer CLI

# peer_cli ORG ARGS...: the peer command as ORG's admin, talking to ORG's peer over TLS.
peer_cli() {
  local org=$1
  shift
  local od
  od=$(org_dir "$org")
  (
    export FABRIC_CFG_PATH=$bin
    export FABRIC_LOGGING_SPEC=${FABRIC_LOGGING_SPEC:-warning}
    export CORE_PEER_LOCALMSPID=$(org_msp "$org")
    export CORE_PEER_MSPCONFIGPATH=$od/users/Admin@$org.example.com/msp
    export CORE_PEER_ADDRESS=127.0.0.1:$(peer_port "$org")
    export CORE_PEER_TLS_ENABLED=true
    export CORE_PEER_TLS_ROOTCERT_FILE=$od/tlsca/tlsca.$org.example.com-cert.pem
    exec "$bin/peer" "$@"
  )
}

orderer_flags() {
  echo "-o 127.0.0.1:$ORDERER_PORT --tls --cafile $ord_org/tlsca/tlsca.example.com-cert.pem"
}

# retry DESCRIPTION COMMAND...: run COMMAND until it succeeds or the deadline passes (its last output is shown).
retry() {
  local what=$1 deadline out
  shift
  deadline=$(( $(now) + timeout ))
  while :; do
    if out=$("$@" 2>&1); then
      return 0
    fi
    if [ "$(now)" -ge "$deadline" ]; then
      log "$what: still failing after ${timeout}s:"
      printf '%s\n' "$out" >&2
      return 1
    fi
    sleep 0.25
  done
}

# ---------------------------------------------------------------------------------------------------- generation

write_crypto_config() {
  cat > "$state/config/crypto-config.yaml" <<EOF
# cryptogen input of the xrelay Fabric devnet (generated by fabric-devnet.sh)
OrdererOrgs:
  - Name: Orderer
    Domain: example.com
    EnableNodeOUs: true
    Specs:
      - Hostname: orderer
        SANS: [localhost, 127.0.0.1]
PeerOrgs:
  - Name: Org1
    Domain: org1.example.com
    EnableNodeOUs: true
    Template:
      Count: 1
      SANS: [localhost, 127.0.0.1]
    Users:
      Count: 1
  - Name: Org2
    Domain: org2.example.com
    EnableNodeOUs: true
    Template:
      Count: 1
      SANS: [localhost, 127.0.0.1]
    Users:
      Count: 1
EOF
}

write_configtx() {
  local o1 o2
  o1=$(org_dir org1)
  o2=$(org_dir org2)
  cat > "$state/config/configtx.yaml" <<EOF
# configtxgen input of the xrelay Fabric devnet (generated by fabric-devnet.sh for the ports of this run)
Organizations:
  - &OrdererOrg
    Name: OrdererOrg
    ID: OrdererMSP
    MSPDir: $ord_org/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Writers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Admins: {Type: Signature, Rule: "OR('OrdererMSP.admin')"}
    OrdererEndpoints:
      - 127.0.0.1:$ORDERER_PORT
  - &Org1
    Name: Org1MSP
    ID: Org1MSP
    MSPDir: $o1/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('Org1MSP.admin', 'Org1MSP.peer', 'Org1MSP.client')"}
      Writers: {Type: Signature, Rule: "OR('Org1MSP.admin', 'Org1MSP.client')"}
      Admins: {Type: Signature, Rule: "OR('Org1MSP.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('Org1MSP.peer')"}
    AnchorPeers:
      - {Host: 127.0.0.1, Port: $ORG1_PEER_PORT}
  - &Org2
    Name: Org2MSP
    ID: Org2MSP
    MSPDir: $o2/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('Org2MSP.admin', 'Org2MSP.peer', 'Org2MSP.client')"}
      Writers: {Type: Signature, Rule: "OR('Org2MSP.admin', 'Org2MSP.client')"}
      Admins: {Type: Signature, Rule: "OR('Org2MSP.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('Org2MSP.peer')"}
    AnchorPeers:
      - {Host: 127.0.0.1, Port: $ORG2_PEER_PORT}

# Channel V3_0 is needed only for BFT ordering; with it the peers would also verify blocks the BFT way.
Capabilities:
  Channel: &ChannelCapabilities {V2_0: true}
  Orderer: &OrdererCapabilities {V2_0: true}
  Application: &ApplicationCapabilities {V2_5: true}

Application: &ApplicationDefaults
  Organizations:
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    LifecycleEndorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
    Endorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
  Capabilities: *ApplicationCapabilities

Orderer: &OrdererDefaults
  OrdererType: etcdraft
  EtcdRaft:
    Consenters:
      - Host: 127.0.0.1
        Port: $ORDERER_PORT
        ClientTLSCert: $ord_node/tls/server.crt
        ServerTLSCert: $ord_node/tls/server.crt
    Options:
      TickInterval: 200ms
      ElectionTick: 10
      HeartbeatTick: 1
      MaxInflightBlocks: 5
      SnapshotIntervalSize: 16 MB
  BatchTimeout: 500ms
  BatchSize:
    MaxMessageCount: 10
    AbsoluteMaxBytes: 99 MB
    PreferredMaxBytes: 512 KB
  Organizations:
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    BlockValidation: {Type: ImplicitMeta, Rule: "ANY Writers"}
  Capabilities: *OrdererCapabilities

Channel: &ChannelDefaults
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
  Capabilities: *ChannelCapabilities

Profiles:
  XrelayChannel:
    <<: *ChannelDefaults
    Orderer:
      <<: *OrdererDefaults
      Organizations: [*OrdererOrg]
    Application:
      <<: *ApplicationDefaults
      Organizations: [*Org1, *Org2]
EOF
}

write_orderer_env() {
  local d=$state/nodes/orderer tls=$ord_node/tls
  cat > "$d/env" <<EOF
FABRIC_CFG_PATH=$bin
FABRIC_LOGGING_SPEC=${FABRIC_DEVNET_LOGGING:-info}
ORDERER_GENERAL_LISTENADDRESS=127.0.0.1
ORDERER_GENERAL_LISTENPORT=$ORDERER_PORT
ORDERER_GENERAL_LOCALMSPID=OrdererMSP
ORDERER_GENERAL_LOCALMSPDIR=$ord_node/msp
ORDERER_GENERAL_TLS_ENABLED=true
ORDERER_GENERAL_TLS_PRIVATEKEY=$tls/server.key
ORDERER_GENERAL_TLS_CERTIFICATE=$tls/server.crt
ORDERER_GENERAL_TLS_ROOTCAS=[$tls/ca.crt]
ORDERER_GENERAL_BOOTSTRAPMETHOD=none
ORDERER_GENERAL_AUTHENTICATION_TIMEWINDOW=60s
ORDERER_CHANNELPARTICIPATION_ENABLED=true
ORDERER_FILELEDGER_LOCATION=$d/data/ledger
ORDERER_CONSENSUS_WALDIR=$d/data/etcdraft/wal
ORDERER_CONSENSUS_SNAPDIR=$d/data/etcdraft/snapshot
ORDERER_ADMIN_LISTENADDRESS=127.0.0.1:$ORDERER_ADMIN_PORT
ORDERER_ADMIN_TLS_ENABLED=true
ORDERER_ADMIN_TLS_CERTIFICATE=$tls/server.crt
ORDERER_ADMIN_TLS_PRIVATEKEY=$tls/server.key
ORDERER_ADMIN_TLS_ROOTCAS=[$tls/ca.crt]
ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true
ORDERER_ADMIN_TLS_CLIENTROOTCAS=[$tls/ca.crt]
ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:$ORDERER_OPS_PORT
ORDERER_OPERATIONS_TLS_ENABLED=true
ORDERER_OPERATIONS_TLS_CERTIFICATE=$tls/server.crt
ORDERER_OPERATIONS_TLS_PRIVATEKEY=$tls/server.key
ORDERER_OPERATIONS_TLS_CLIENTAUTHREQUIRED=false
ORDERER_OPERATIONS_TLS_CLIENTROOTCAS=[$tls/ca.crt]
ORDERER_METRICS_PROVIDER=prometheus
EOF
}

write_peer_env() {
  local org=$1 d=$state/nodes/$(peer_name "$1") pd tls
  pd=$(org_dir "$org")/peers/$(peer_name "$org")
  tls=$pd/tls
  cat > "$d/env" <<EOF
FABRIC_CFG_PATH=$bin
FABRIC_LOGGING_SPEC=${FABRIC_DEVNET_LOGGING:-info}
CORE_PEER_ID=$(peer_name "$org")
CORE_PEER_LOCALMSPID=$(org_msp "$org")
CORE_PEER_MSPCONFIGPATH=$pd/msp
CORE_PEER_LISTENADDRESS=127.0.0.1:$(peer_port "$org")
CORE_PEER_ADDRESS=127.0.0.1:$(peer_port "$org")
CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:$(cc_port "$org")
CORE_PEER_CHAINCODEADDRESS=127.0.0.1:$(cc_port "$org")
CORE_PEER_GOSSIP_BOOTSTRAP=127.0.0.1:$(peer_port "$org")
CORE_PEER_GOSSIP_EXTERNALENDPOINT=127.0.0.1:$(peer_port "$org")
CORE_PEER_GOSSIP_RECONNECTINTERVAL=1s
CORE_PEER_GOSSIP_DIALTIMEOUT=1s
CORE_PEER_GOSSIP_ALIVETIMEINTERVAL=2s
CORE_PEER_GOSSIP_MEMBERSHIPTRACKERINTERVAL=1s
CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL=1s
CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL=1s
CORE_PEER_TLS_ENABLED=true
CORE_PEER_TLS_CERT_FILE=$tls/server.crt
CORE_PEER_TLS_KEY_FILE=$tls/server.key
CORE_PEER_TLS_ROOTCERT_FILE=$tls/ca.crt
CORE_PEER_GATEWAY_ENABLED=true
CORE_PEER_AUTHENTICATION_TIMEWINDOW=60s
CORE_PEER_FILESYSTEMPATH=$d/data
CORE_LEDGER_STATE_STATEDATABASE=goleveldb
CORE_LEDGER_SNAPSHOTS_ROOTDIR=$d/data/snapshots
CORE_VM_ENDPOINT=
CORE_CHAINCODE_EXTERNALBUILDERS=[{name: ccaas, path: $root/tools/fabric/builders/ccaas}]
CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:$(ops_port "$org")
CORE_OPERATIONS_TLS_ENABLED=true
CORE_OPERATIONS_TLS_CERT_FILE=$tls/server.crt
CORE_OPERATIONS_TLS_KEY_FILE=$tls/server.key
CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED=false
CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES=$tls/ca.crt
CORE_METRICS_PROVIDER=prometheus
EOF
}

# start_node NAME BINARY ARGS...: runs BINARY (a Fabric command, or an absolute path) with the environment in
# nodes/NAME/env (NAME=VALUE lines, values unquoted), in its own session, logging to nodes/NAME/log; records
# "pid start-time" in nodes/NAME/pid.
start_node() {
  local name=$1 exe=$2 d=$state/nodes/$1 pid st i
  shift 2
  case $exe in /*) ;; *) exe=$bin/$exe ;; esac
  (
    while IFS= read -r line; do
      export "${line?}"
    done < "$d/env"
    cd "$d"
    exec 9>&-   # the state lock stays with this script
    exec setsid "$exe" "$@" < /dev/null > "$d/log" 2>&1
  ) &
  pid=$!
  for i in 1 2 3 4 5 6 7 8 9 10; do
    st=$(proc_start_time "$pid")
    [ -z "$st" ] || break
    sleep 0.05
  done
  [ -n "$st" ] || { log "$name exited at once; its log:"; tail -20 "$d/log" >&2; return 1; }
  echo "$pid $st" > "$d/pid"
  log "started $name (pid $pid)"
}

# wait_healthy NAME OPS_ADDRESS CAFILE: 0 when /healthz answers 200, 2 when the node died because a port was
# taken, 1 on any other death or on timeout.
wait_healthy() {
  local name=$1 d=$state/nodes/$1 deadline
  deadline=$(( $(now) + timeout ))
  while :; do
    if [ -z "$(pid_of "$d/pid")" ]; then
      if grep -q "address already in use" "$d/log"; then
        log "$name could not bind its port"
        return 2
      fi
      if grep -q "no non-loopback, IPv4 interface detected" "$d/log"; then
        log "$name needs an IPv4 address besides 127.0.0.1 on this host, even though it binds only 127.0.0.1;"
        log "one on the loopback device does: sudo ip addr add 10.255.255.1/32 dev lo"
      fi
      log "$name exited; the end of its log ($d/log):"
      tail -30 "$d/log" >&2
      return 1
    fi
    if healthz "$2" "$3"; then
      log "$name is healthy"
      return 0
    fi
    if [ "$(now)" -ge "$deadline" ]; then
      log "$name is not healthy after ${timeout}s; the end of its log ($d/log):"
      tail -30 "$d/log" >&2
      return 1
    fi
    sleep 0.1
  done
}

osnadmin_join() {
  local out
  out=$("$bin/osnadmin" channel join --channelID "$channel" --config-block "$state/config/$channel.block" \
    -o "127.0.0.1:$ORDERER_ADMIN_PORT" --ca-file "$ord_org/tlsca/tlsca.example.com-cert.pem" \
    --client-cert "$ord_org/users/Admin@example.com/tls/client.crt" \
    --client-key "$ord_org/users/Admin@example.com/tls/client.key" 2>&1) || { echo "$out"; return 1; }
  case $out in
    *"Status: 201"*|*"already exists"*) return 0 ;;
    *) echo "$out"; return 1 ;;
  esac
}

peer_join() {
  local out
  if out=$(peer_cli "$1" channel join -b "$state/config/$channel.block" 2>&1); then return 0; fi
  case $out in *"already exists"*) return 0 ;; esac
  echo "$out"
  return 1
}

# height ORG: the channel height ORG's peer reports.
height() {
  peer_cli "$1" channel getinfo -c "$channel" 2>/dev/null | sed -n 's/.*"height":\([0-9]*\).*/\1/p'
}

peer_has_channel() { local h; h=$(height "$1"); [ -n "$h" ] && [ "$h" -ge 1 ]; }

# sees_peer ORG OTHER: ORG's peer has OTHER's peer in its latest gossip membership view of the channel. The Gateway
# finds the endorsers of another organisation through that view (the operations endpoint has no gossip metrics, so
# the peer's log is where the view shows).
sees_peer() {
  grep -a 'Membership view has changed' "$state/nodes/$(peer_name "$1")/log" | tail -1 \
    | grep -Eq "current view: .*127\.0\.0\.1:$(peer_port "$2")[^0-9]"
}

# The orderer delivers blocks once Raft has elected its leader (it answers SERVICE_UNAVAILABLE until then).
orderer_delivers() {
  # shellcheck disable=SC2046
  peer_cli org1 channel fetch newest "$state/config/newest.block" -c "$channel" $(orderer_flags)
}

write_network_json() {
  local f=$state/network.json.tmp org od pd first=1 opid
  opid=$(pid_of "$state/nodes/orderer/pid")
  {
    echo "{"
    echo "  \"fabricVersion\": $(json_str "$(head -1 "$bin/VERSION")"),"
    echo "  \"stateDir\": $(json_str "$state"),"
    echo "  \"binDir\": $(json_str "$bin"),"
    echo "  \"channel\": $(json_str "$channel"),"
    echo "  \"orderer\": {"
    echo "    \"name\": \"orderer.example.com\","
    echo "    \"mspId\": \"OrdererMSP\","
    echo "    \"address\": \"127.0.0.1:$ORDERER_PORT\","
    echo "    \"adminAddress\": \"127.0.0.1:$ORDERER_ADMIN_PORT\","
    echo "    \"operationsAddress\": \"127.0.0.1:$ORDERER_OPS_PORT\","
    echo "    \"tlsCaFile\": $(json_str "$ord_org/tlsca/tlsca.example.com-cert.pem"),"
    echo "    \"adminClientCertFile\": $(json_str "$ord_org/users/Admin@example.com/tls/client.crt"),"
    echo "    \"adminClientKeyFile\": $(json_str "$ord_org/users/Admin@example.com/tls/client.key"),"
    echo "    \"mspDir\": $(json_str "$ord_org/msp"),"
    echo "    \"pid\": ${opid:-0},"
    echo "    \"logFile\": $(json_str "$state/nodes/orderer/log")"
    echo "  },"
    echo "  \"orgs\": ["
    for org in "${orgs[@]}"; do
      od=$(org_dir "$org")
      pd=$state/nodes/$(peer_name "$org")
      [ $first = 1 ] || echo "    },"
      first=0
      echo "    {"
      echo "      \"name\": \"$org\","
      echo "      \"mspId\": \"$(org_msp "$org")\","
      echo "      \"mspDir\": $(json_str "$od/msp"),"
      echo "      \"tlsCaFile\": $(json_str "$od/tlsca/tlsca.$org.example.com-cert.pem"),"
      echo "      \"peer\": {"
      echo "        \"name\": \"$(peer_name "$org")\","
      echo "        \"address\": \"127.0.0.1:$(peer_port "$org")\","
      echo "        \"chaincodeAddress\": \"127.0.0.1:$(cc_port "$org")\","
      echo "        \"operationsAddress\": \"127.0.0.1:$(ops_port "$org")\","
      echo "        \"tlsCaFile\": $(json_str "$od/tlsca/tlsca.$org.example.com-cert.pem"),"
      echo "        \"pid\": $(pid=$(pid_of "$pd/pid"); echo "${pid:-0}"),"
      echo "        \"logFile\": $(json_str "$pd/log")"
      echo "      },"
      for who in Admin User1; do
        local u=$od/users/$who@$org.example.com
        [ "$who" = Admin ] && echo "      \"admin\": {" || echo "      \"user\": {"
        echo "        \"name\": \"$who@$org.example.com\","
        echo "        \"mspDir\": $(json_str "$u/msp"),"
        echo "        \"certFile\": $(json_str "$u/msp/signcerts/$who@$org.example.com-cert.pem"),"
        echo "        \"keyFile\": $(json_str "$u/msp/keystore/priv_sk"),"
        echo "        \"tlsCertFile\": $(json_str "$u/tls/client.crt"),"
        echo "        \"tlsKeyFile\": $(json_str "$u/tls/client.key")"
        [ "$who" = Admin ] && echo "      }," || echo "      }"
      done
    done
    echo "    }"
    echo "  ],"
    chaincodes_json
    echo "}"
  } > "$f"
  mv "$f" "$state/network.json"
}

# The "chaincodes" member of network.json: each chaincode server deploy-htlc started.
chaincodes_json() {
  local envf first=1 cpid
  echo "  \"chaincodes\": ["
  for envf in "$state"/nodes/cc-*/chaincode.env; do
    [ -f "$envf" ] || continue
    (
      # shellcheck disable=SC1090
      . "$envf"
      cpid=$(pid_of "$(dirname "$envf")/pid")
      [ "$first" = 1 ] || echo "    },"
      echo "    {"
      echo "      \"name\": $(json_str "$CC_NAME"),"
      echo "      \"packageId\": $(json_str "$CC_PACKAGE_ID"),"
      echo "      \"address\": $(json_str "$CC_ADDRESS"),"
      echo "      \"policy\": $(json_str "$CC_POLICY"),"
      echo "      \"sequence\": ${CC_SEQUENCE:-0},"
      echo "      \"tls\": ${CC_TLS:-false},"
      [ "${CC_TLS:-false}" = false ] || echo "      \"tlsCaFile\": $(json_str "$(dirname "$envf")/tls/ca.crt"),"
      echo "      \"jar\": $(json_str "$CC_JAR"),"
      echo "      \"pid\": ${cpid:-0},"
      echo "      \"logFile\": $(json_str "$(dirname "$envf")/log")"
    )
    first=0
  done
  [ "$first" = 1 ] || echo "    }"
  echo "  ]"
}

# ---------------------------------------------------------------------------------------------------- commands

# All nodes recorded, running and healthy.
healthy() {
  local org
  [ -f "$state/network.json" ] && [ -f "$state/ports.env" ] || return 1
  load_ports
  [ -n "$(pid_of "$state/nodes/orderer/pid")" ] || return 1
  healthz "127.0.0.1:$ORDERER_OPS_PORT" "$ord_org/tlsca/tlsca.example.com-cert.pem" || return 1
  for org in "${orgs[@]}"; do
    [ -n "$(pid_of "$state/nodes/$(peer_name "$org")/pid")" ] || return 1
    healthz "127.0.0.1:$(ops_port "$org")" "$(org_dir "$org")/tlsca/tlsca.$org.example.com-cert.pem" || return 1
  done
}

# One attempt to start everything on fresh ports: 0 on success, 2 if a port was taken, 1 on other failures.
start_network() {
  local ports rc org
  read -r -a ports <<< "$(pick_ports 9)"
  cat > "$state/ports.env" <<EOF
ORDERER_PORT=${ports[0]}
ORDERER_ADMIN_PORT=${ports[1]}
ORDERER_OPS_PORT=${ports[2]}
ORG1_PEER_PORT=${ports[3]}
ORG1_CC_PORT=${ports[4]}
ORG1_OPS_PORT=${ports[5]}
ORG2_PEER_PORT=${ports[6]}
ORG2_CC_PORT=${ports[7]}
ORG2_OPS_PORT=${ports[8]}
EOF
  load_ports
  write_configtx
  "$bin/configtxgen" -configPath "$state/config" -profile XrelayChannel -channelID "$channel" \
    -outputBlock "$state/config/$channel.block" > "$state/config/configtxgen.log" 2>&1 \
    || { cat "$state/config/configtxgen.log" >&2; die "configtxgen failed"; }

  rm -rf "$state/nodes"
  mkdir -p "$state/nodes/orderer"
  write_orderer_env
  start_node orderer orderer start || return 1
  wait_healthy orderer "127.0.0.1:$ORDERER_OPS_PORT" "$ord_org/tlsca/tlsca.example.com-cert.pem" || return $?
  retry "osnadmin channel join" osnadmin_join || return 1
  log "orderer joined channel $channel"

  for org in "${orgs[@]}"; do
    mkdir -p "$state/nodes/$(peer_name "$org")"
    write_peer_env "$org"
    start_node "$(peer_name "$org")" peer node start || return 1
  done
  for org in "${orgs[@]}"; do
    rc=0
    wait_healthy "$(peer_name "$org")" "127.0.0.1:$(ops_port "$org")" \
      "$(org_dir "$org")/tlsca/tlsca.$org.example.com-cert.pem" || rc=$?
    [ $rc = 0 ] || return $rc
  done
  for org in "${orgs[@]}"; do
    retry "peer channel join ($org)" peer_join "$org" || return 1
    retry "channel height on $(peer_name "$org")" peer_has_channel "$org" || return 1
    log "$(peer_name "$org") joined channel $channel"
  done
  retry "block delivery from the orderer" orderer_delivers || return 1
  retry "gossip membership of $(peer_name org1) and $(peer_name org2)" \
    eval 'sees_peer org1 org2 && sees_peer org2 org1' || return 1
  log "the peers see each other (gossip membership)"
}

cmd_up() {
  local attempt rc start
  start=$(now)
  if healthy; then
    log "already up and healthy ($state)"
    echo "$state/network.json"
    return 0
  fi
  bin=$(fabric_bin)
  [ -x "$bin/peer" ] && [ -f "$bin/core.yaml" ] || die "no Fabric binaries in $bin"
  stop_all
  find "$state" -mindepth 1 -maxdepth 1 ! -name .lock ! -name .fabric-devnet -exec rm -rf {} +
  mkdir -p "$state/config"
  write_crypto_config
  "$bin/cryptogen" generate --config="$state/config/crypto-config.yaml" --output="$crypto" > /dev/null \
    || die "cryptogen failed"
  for attempt in 1 2 3; do
    rc=0
    start_network || rc=$?
    if [ $rc = 0 ]; then
      write_network_json
      log "up in $(( $(now) - start )) s: channel $channel, orderer 127.0.0.1:$ORDERER_PORT," \
        "peers 127.0.0.1:$ORG1_PEER_PORT (Org1MSP) and 127.0.0.1:$ORG2_PEER_PORT (Org2MSP)"
      echo "$state/network.json"
      return 0
    fi
    stop_all
    [ $rc = 2 ] || die "the network did not start (logs in $state/nodes)"
    log "a port was taken meanwhile; retrying on other ports (attempt $(( attempt + 1 )))"
  done
  die "could not find free ports in 3 attempts"
}

cmd_down() {
  stop_all
  rm -f "$state/network.json"
  log "down ($state)"
}

cmd_status() {
  local ok=0 org name pid addr ca
  if [ ! -f "$state/ports.env" ]; then
    log "not started ($state)"
    return 1
  fi
  load_ports
  for name in orderer "${orgs[@]}"; do
    if [ "$name" = orderer ]; then
      addr=127.0.0.1:$ORDERER_OPS_PORT ca=$ord_org/tlsca/tlsca.example.com-cert.pem
      pid=$(pid_of "$state/nodes/orderer/pid")
      printf '%-24s' orderer.example.com
    else
      org=$name
      name=$(peer_name "$org")
      addr=127.0.0.1:$(ops_port "$org") ca=$(org_dir "$org")/tlsca/tlsca.$org.example.com-cert.pem
      pid=$(pid_of "$state/nodes/$name/pid")
      printf '%-24s' "$name"
    fi
    if [ -z "$pid" ]; then
      echo "stopped"
      ok=1
    elif healthz "$addr" "$ca"; then
      echo "pid $pid  healthy (operations https://$addr/healthz)"
    else
      echo "pid $pid  UNHEALTHY (operations https://$addr/healthz)"
      ok=1
    fi
  done
  local envf
  for envf in "$state"/nodes/cc-*/chaincode.env; do
    [ -f "$envf" ] || continue
    name=$(basename "$(dirname "$envf")")
    addr=$(sed -n 's/^CC_ADDRESS=//p' "$envf")
    pid=$(pid_of "$(dirname "$envf")/pid")
    printf '%-24s' "chaincode ${name#cc-}"
    if [ -z "$pid" ]; then
      echo "stopped"
      ok=1
    else
      echo "pid $pid  serving on $addr"
    fi
  done
  return $ok
}

# ccaas_package NAME LABEL ADDRESS: builds the chaincode-as-a-service package of NAME for a server at ADDRESS in
# chaincode/LABEL/LABEL.tgz; sets pkgfile and pkgid. Built reproducibly (fixed order, times and owners), so the
# same label and connection.json always give the same package id.
ccaas_package() {
  local name=$1 label=$2 address=$3 dir
  dir=$state/chaincode/$label
  rm -rf "$dir"
  mkdir -p "$dir/code" "$dir/pkg"
  connection_json "$name" "$address" > "$dir/code/connection.json"
  printf '{"type":"ccaas","label":%s}\n' "$(json_str "$label")" > "$dir/pkg/metadata.json"
  local tarflags=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner)
  tar -C "$dir/code" "${tarflags[@]}" -cf - connection.json | gzip -n > "$dir/pkg/code.tar.gz"
  tar -C "$dir/pkg" "${tarflags[@]}" -cf - metadata.json code.tar.gz | gzip -n > "$dir/$label.tgz"
  pkgfile=$dir/$label.tgz
  pkgid=$(peer_cli org1 lifecycle chaincode calculatepackageid "$pkgfile") || die "calculatepackageid failed"
}

# connection_json NAME ADDRESS: how the peers reach the chaincode server at ADDRESS: over TLS, verifying the
# server's certificate with root_cert, when the server of NAME has TLS material (nodes/cc-NAME/tls), else in clear.
connection_json() {
  local ca=$state/nodes/cc-$1/tls/ca.crt
  if [ -f "$ca" ]; then
    printf '{"address":%s,"dial_timeout":"10s","tls_required":true,"client_auth_required":false,"root_cert":%s}\n' \
      "$(json_str "$2")" "$(json_pem "$ca")"
  else
    printf '{"address":%s,"dial_timeout":"10s","tls_required":false}\n' "$(json_str "$2")"
  fi
}

# json_pem FILE: the PEM text of FILE as a JSON string literal (newlines as \n).
json_pem() {
  printf '"%s"' "$(awk '{ printf "%s\\n", $0 }' "$1")"
}

# make_cc_tls NAME: the chaincode server's TLS key and certificate in nodes/cc-NAME/tls, issued by Org1's TLS CA
# for 127.0.0.1 and localhost, and that CA's certificate (the peers' root_cert for the server).
make_cc_tls() {
  local d=$state/nodes/cc-$1/tls od
  od=$(org_dir org1)
  command -v openssl >/dev/null 2>&1 || die "openssl is needed for the chaincode server's TLS certificate (or use --no-tls)"
  mkdir -p "$d"
  cp "$od/tlsca/tlsca.org1.example.com-cert.pem" "$d/ca.crt"
  (
    umask 077
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/server.key" 2>/dev/null
  ) || die "openssl could not make the chaincode server's key"
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=IP:127.0.0.1,DNS:localhost" > "$d/ext.cnf"
  openssl req -new -key "$d/server.key" -subj "/C=US/ST=California/L=San Francisco/O=org1.example.com/CN=$1.chaincode" \
    2>/dev/null | openssl x509 -req -CA "$d/ca.crt" -CAkey "$od/tlsca/priv_sk" -set_serial "0x$(openssl rand -hex 16)" \
    -days 3650 -sha256 -extfile "$d/ext.cnf" -out "$d/server.crt" 2>/dev/null \
    || die "openssl could not issue the chaincode server's TLS certificate"
  # For the shim's client-mode settings (see write_cc_env): the PEM files in unwrapped base64.
  base64 -w0 "$d/server.key" > "$d/server.key.b64"
  base64 -w0 "$d/server.crt" > "$d/server.crt.b64"
}

# ccaas_install: installs $pkgfile on both peers (a package already there is fine).
ccaas_install() {
  local org out
  for org in "${orgs[@]}"; do
    if out=$(peer_cli "$org" lifecycle chaincode install "$pkgfile" 2>&1); then
      log "installed $pkgid on $(peer_name "$org")"
    else
      case $out in
        *"already successfully installed"*) log "$pkgid was already installed on $(peer_name "$org")" ;;
        *) printf '%s\n' "$out" >&2; die "install on $(peer_name "$org") failed" ;;
      esac
    fi
  done
}

# committed_sequence NAME: the sequence of NAME's committed definition on the channel, or nothing.
committed_sequence() {
  local out
  if out=$(peer_cli org1 lifecycle chaincode querycommitted -C "$channel" -n "$1" -O json 2>&1); then
    printf '%s' "$out" | tr -d ' \n' | sed -n 's/.*"sequence":\([0-9]*\).*/\1/p'
  else
    case $out in
      *"not defined"*|*"404"*) ;;
      *) printf '%s\n' "$out" >&2; die "querycommitted failed" ;;
    esac
  fi
}

# ccaas_define NAME PKGID POLICY [VERSION]: approves NAME's next sequence with PKGID and POLICY for both orgs and
# commits it; sets seq.
ccaas_define() {
  local name=$1 id=$2 policy=$3 version=${4:-} org out
  seq=$(committed_sequence "$name")
  seq=$(( ${seq:-0} + 1 ))
  version=${version:-$seq}
  for org in "${orgs[@]}"; do
    # shellcheck disable=SC2046
    out=$(peer_cli "$org" lifecycle chaincode approveformyorg $(orderer_flags) \
      --channelID "$channel" --name "$name" --version "$version" --sequence "$seq" --package-id "$id" \
      --signature-policy "$policy" 2>&1) || { printf '%s\n' "$out" >&2; die "approveformyorg for $org failed"; }
    log "approved $name sequence $seq for $(org_msp "$org")"
  done
  local peers=()
  for org in "${orgs[@]}"; do
    peers+=(--peerAddresses "127.0.0.1:$(peer_port "$org")"
      --tlsRootCertFiles "$(org_dir "$org")/tlsca/tlsca.$org.example.com-cert.pem")
  done
  # shellcheck disable=SC2046
  out=$(peer_cli org1 lifecycle chaincode commit $(orderer_flags) --channelID "$channel" --name "$name" \
    --version "$version" --sequence "$seq" --signature-policy "$policy" "${peers[@]}" 2>&1) \
    || { printf '%s\n' "$out" >&2; die "commit of $name failed"; }
  log "committed $name version $version sequence $seq on $channel (policy $policy)"
}

check_cc_name() {
  [[ $1 =~ ^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$ ]] \
    || die "chaincode name '$1' is invalid (letters and digits, single - or _ between them)"
}

cmd_deploy_ccaas() {
  [ $# -ge 2 ] || die "usage: deploy-ccaas NAME ADDRESS [--policy EXPR] [--label LABEL] [--version VERSION]"
  local name=$1 address=$2 policy="AND('Org1MSP.peer','Org2MSP.peer')" label="" version=""
  shift 2
  while [ $# -gt 0 ]; do
    case $1 in
      --policy) [ $# -ge 2 ] || die "--policy needs an expression"; policy=$2; shift 2 ;;
      --label) [ $# -ge 2 ] || die "--label needs a value"; label=$2; shift 2 ;;
      --version) [ $# -ge 2 ] || die "--version needs a value"; version=$2; shift 2 ;;
      *) die "deploy-ccaas: unknown argument '$1'" ;;
    esac
  done
  check_cc_name "$name"
  [[ $address =~ ^[^:\"[:space:]]+:[0-9]{1,5}$ ]] || die "chaincode address '$address' is not host:port"
  label=${label:-$name}
  [[ $label =~ ^[[:alnum:]][[:alnum:]_.+-]*$ ]] || die "package label '$label' is invalid"
  healthy || die "the network in $state is not up and healthy: run up first"
  bin=$(fabric_bin)
  ccaas_package "$name" "$label" "$address"
  ccaas_install
  ccaas_define "$name" "$pkgid" "$policy" "$version"
  echo "$pkgid"
}

# ---------------------------------------------------------------------------------------------------- the HTLC

# The chaincode server's JVM options: the shim scans the whole jar for contracts at start (about 60 MB of heap
# at its peak); a small serial heap that gives memory back and C1 alone keep it light on a 2-core machine.
cc_java_opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx128m -XX:MinHeapFreeRatio=10"
cc_java_opts+=" -XX:MaxHeapFreeRatio=20 --enable-native-access=ALL-UNNAMED"

# The JDK that runs chaincode servers: the one scripts/jdk.sh finds (>= 21).
java_bin() {
  local home
  home=$( . "$root/scripts/jdk.sh" >&2 && echo "$JAVA_HOME") || die "no JDK >= 21 for the chaincode server"
  [ -x "$home/bin/java" ] || die "no java in $home"
  echo "$home/bin/java"
}

# start_cc_server NAME: starts the chaincode server of NAME as recorded in nodes/cc-NAME (env, chaincode.jar).
start_cc_server() {
  local name=$1 java
  java=$(java_bin)
  # shellcheck disable=SC2086
  start_node "cc-$name" "$java" \
    ${FABRIC_DEVNET_CC_JAVA_OPTS:-$cc_java_opts} \
    -jar "$state/nodes/cc-$name/chaincode.jar"
}

# write_cc_env NAME ADDRESS PKGID: the chaincode server's environment. With TLS material in nodes/cc-NAME/tls the
# shim serves TLS with the PEM key and certificate in CORE_TLS_CLIENT_KEY_FILE/CERT_FILE. It also builds, and never
# uses, the TLS context of client mode on every connection from a peer, so it needs the client-mode settings too:
# CORE_TLS_CLIENT_KEY_PATH/CERT_PATH (files holding the PEM in base64, as the peer hands them to chaincode it
# launches) and CORE_PEER_TLS_ROOTCERT_FILE.
write_cc_env() {
  local d=$state/nodes/cc-$1 tls=$state/nodes/cc-$1/tls
  {
    echo "CHAINCODE_SERVER_ADDRESS=$2"
    echo "CORE_CHAINCODE_ID_NAME=$3"
    if [ -f "$tls/server.crt" ]; then
      echo "CORE_PEER_TLS_ENABLED=true"
      echo "CORE_TLS_CLIENT_KEY_FILE=$tls/server.key"
      echo "CORE_TLS_CLIENT_CERT_FILE=$tls/server.crt"
      echo "CORE_TLS_CLIENT_KEY_PATH=$tls/server.key.b64"
      echo "CORE_TLS_CLIENT_CERT_PATH=$tls/server.crt.b64"
      echo "CORE_PEER_TLS_ROOTCERT_FILE=$tls/ca.crt"
    else
      echo "CORE_PEER_TLS_ENABLED=false"
    fi
    echo "CORE_CHAINCODE_LOGGING_LEVEL=${FABRIC_DEVNET_CC_LOGGING:-WARNING}"
    echo "CORE_CHAINCODE_LOGGING_SHIM=${FABRIC_DEVNET_CC_LOGGING:-WARNING}"
  } > "$d/env"
}

# cc_query ORG NAME: a query of NAME's AccountOf through ORG's peer, which dials the chaincode server.
cc_query() {
  peer_cli "$1" chaincode query -C "$channel" -n "$2" -c '{"Args":["AccountOf"]}'
}

# wait_cc NAME ADDRESS: waits until the server of NAME listens at ADDRESS and both peers answer a query through
# it; fails early, with its log, if the server exits.
wait_cc() {
  local name=$1 host=${2%:*} port=${2##*:} d=$state/nodes/cc-$1 deadline org
  deadline=$(( $(now) + timeout ))
  while ! (exec 3<> "/dev/tcp/$host/$port") 2>/dev/null; do
    if [ -z "$(pid_of "$d/pid")" ]; then
      log "the chaincode server of $name exited; the end of its log ($d/log):"
      tail -30 "$d/log" >&2
      return 1
    fi
    if [ "$(now)" -ge "$deadline" ]; then
      log "the chaincode server of $name does not listen on $2 after ${timeout}s; the end of its log ($d/log):"
      tail -30 "$d/log" >&2
      return 1
    fi
    sleep 0.1
  done
  log "the chaincode server of $name listens on $2"
  for org in "${orgs[@]}"; do
    retry "a query of $name through $(peer_name "$org")" cc_query "$org" "$name" || return 1
  done
  log "$name answers through both peers"
}

cmd_deploy_htlc() {
  [ $# -ge 1 ] || die "usage: deploy-htlc JAR [--name NAME] [--policy EXPR] [--no-tls]"
  local jar=$1 name=htlc policy="AND('Org1MSP.peer','Org2MSP.peer')" tls=true start sum port address
  shift
  while [ $# -gt 0 ]; do
    case $1 in
      --name) [ $# -ge 2 ] || die "--name needs a chaincode name"; name=$2; shift 2 ;;
      --policy) [ $# -ge 2 ] || die "--policy needs an expression"; policy=$2; shift 2 ;;
      --no-tls) tls=false; shift ;;
      *) die "deploy-htlc: unknown argument '$1'" ;;
    esac
  done
  [ -f "$jar" ] || die "no chaincode jar at $jar: build it with ./mvnw -pl htlc-contracts/fabric-chaincode -am package"
  check_cc_name "$name"
  healthy || die "the network in $state is not up and healthy: run up first"
  bin=$(fabric_bin)
  start=$(now)
  local d=$state/nodes/cc-$name
  sum=$(sha256sum "$jar" | cut -c1-64)
  local CC_ADDRESS="" CC_PACKAGE_ID="" CC_POLICY="" CC_TLS="" CC_JAR_SHA256="" CC_SEQUENCE="" committed
  # shellcheck disable=SC1091
  [ ! -f "$d/chaincode.env" ] || . "$d/chaincode.env"
  committed=$(committed_sequence "$name")
  if [ -n "$CC_PACKAGE_ID" ] && [ "$CC_TLS" = "$tls" ] && [ "$committed" = "$CC_SEQUENCE" ]; then
    # The definition on the channel is ours and the package fits: at most the server needs a (re)start (another
    # jar) and the definition a new sequence (another policy).
    address=$CC_ADDRESS pkgid=$CC_PACKAGE_ID
    if [ -n "$(pid_of "$d/pid")" ] && [ "$CC_JAR_SHA256" = "$sum" ]; then
      log "$name is deployed ($pkgid) and its server runs"
    else
      stop_node "$d/pid"
      cp "$jar" "$d/chaincode.jar"
      start_cc_server "$name" || die "the chaincode server of $name did not start"
    fi
    if [ "$CC_POLICY" != "$policy" ]; then
      ccaas_define "$name" "$pkgid" "$policy"
      CC_SEQUENCE=$seq
    fi
  else
    [ ! -f "$d/pid" ] || stop_node "$d/pid"
    rm -rf "$d"
    mkdir -p "$d"
    read -r port <<< "$(pick_ports 1)"
    address=127.0.0.1:$port
    [ "$tls" = false ] || make_cc_tls "$name"
    ccaas_package "$name" "$name" "$address"
    cp "$jar" "$d/chaincode.jar"
    write_cc_env "$name" "$address" "$pkgid"
    # The server starts while the peers install and commit the definition: its JVM needs a few seconds.
    start_cc_server "$name" || die "the chaincode server of $name did not start"
    ccaas_install
    ccaas_define "$name" "$pkgid" "$policy"
    CC_SEQUENCE=$seq
  fi
  {
    printf 'CC_NAME=%q\n' "$name"
    printf 'CC_ADDRESS=%q\n' "$address"
    printf 'CC_PACKAGE_ID=%q\n' "$pkgid"
    printf 'CC_POLICY=%q\n' "$policy"
    printf 'CC_TLS=%q\n' "$tls"
    printf 'CC_JAR=%q\n' "$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
    printf 'CC_JAR_SHA256=%q\n' "$sum"
    printf 'CC_SEQUENCE=%q\n' "$CC_SEQUENCE"
  } > "$d/chaincode.env"
  wait_cc "$name" "$address" || die "the chaincode $name does not answer (server log: $d/log)"
  write_network_json
  log "deployed $name in $(( $(now) - start )) s: package $pkgid, server $address (pid $(pid_of "$d/pid"))"
  echo "$pkgid"
}

# node_dir NODE: the folder of a node of this network that stop-node and start-node accept.
node_dir() {
  case $1 in
    orderer|peer0.org1.example.com|peer0.org2.example.com) ;;
    *) die "unknown node '$1' (orderer, peer0.org1.example.com or peer0.org2.example.com)" ;;
  esac
  [ -f "$state/nodes/$1/env" ] || die "node $1 was never started in $state"
  echo "$state/nodes/$1"
}

cmd_stop_node() {
  [ $# = 1 ] || die "usage: stop-node NODE"
  local d
  d=$(node_dir "$1")
  stop_node "$d/pid"
}

cmd_start_node() {
  [ $# = 1 ] || die "usage: start-node NODE"
  local d org
  d=$(node_dir "$1")
  if [ -n "$(pid_of "$d/pid")" ]; then
    log "$1 is running"
    return 0
  fi
  load_ports
  bin=$(fabric_bin)
  case $1 in
    orderer)
      start_node orderer orderer start || die "the orderer did not start"
      wait_healthy orderer "127.0.0.1:$ORDERER_OPS_PORT" "$ord_org/tlsca/tlsca.example.com-cert.pem" \
        || die "the orderer is not healthy"
      ;;
    *)
      org=${1#peer0.}
      org=${org%%.*}
      start_node "$1" peer node start || die "$1 did not start"
      wait_healthy "$1" "127.0.0.1:$(ops_port "$org")" "$(org_dir "$org")/tlsca/tlsca.$org.example.com-cert.pem" \
        || die "$1 is not healthy"
      ;;
  esac
  write_network_json
}

# Serialise commands on one state folder (two `up`s at once would fight over ports and files).
exec 9> "$state/.lock"
flock 9

case $command in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  deploy-ccaas) cmd_deploy_ccaas "$@" ;;
  deploy-htlc) cmd_deploy_htlc "$@" ;;
  stop-node) cmd_stop_node "$@" ;;
  start-node) cmd_start_node "$@" ;;
  channel-info)
    [ $# = 1 ] || die "usage: channel-info ORG"
    org_msp "$1" > /dev/null
    load_ports
    bin=$(fabric_bin)
    peer_cli "$1" channel getinfo -c "$channel" | sed -n 's/^Blockchain info: //p'
    ;;
  peer)
    [ $# -ge 1 ] || die "usage: peer ORG ARGS..."
    org_msp "$1" > /dev/null
    load_ports
    bin=$(fabric_bin)
    peer_cli "$@"
    ;;
  *) usage ;;
esac
