# shellcheck shell=bash
# Sourced by the benchmarks: free ports for the programs they start.

# free_port tcp|udp: a port in 20000-29999 that nothing listens on with that protocol, on any
# address.
free_port() {
  local candidate flag=-ltnH
  [[ $1 == udp ]] && flag=-lunH
  for _ in $(seq 1 100); do
    candidate=$(( 20000 + RANDOM % 10000 ))
    if ! ss "$flag" "sport = :$candidate" | grep -q .; then echo "$candidate"; return; fi
  done
  echo "no free port in 20000-29999" >&2
  exit 2
}
