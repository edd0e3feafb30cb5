# Progress lines for a long Go build, sourced by ensure-pulumi-cli.sh. Each function reads the Go
# tool's output on stdin (which the caller also keeps in a log) and prints a few readable lines to
# stderr: a first build of the Pulumi CLI compiles about 1,700 packages and takes 10-20 minutes.

# go_downloads LABEL: reads `go mod tidy` output; says how many modules it fetched, every 25 and at the end.
go_downloads() {
  local label=$1 n=0 line
  while IFS= read -r line; do
    case "$line" in "go: downloading "*) ;; *) continue ;; esac
    n=$((n + 1))
    if [ $((n % 25)) = 0 ]; then printf '[setup] %s: %d modules downloaded, now %s\n' "$label" "$n" "${line#go: downloading }" >&2; fi
  done
  if [ $n -gt 0 ]; then printf '[setup] %s: %d modules downloaded\n' "$label" "$n" >&2; fi
}

# go_compile_progress TOTAL LABEL: reads `go build -v`, which names each package as it compiles it,
# against TOTAL (the count `go list -deps` gives). A line at every 5% and at least every 30 s.
# Packages in Go's build cache (and `unsafe`) are not compiled, so a build can end below TOTAL.
go_compile_progress() {
  local total=$1 label=$2 n=0 step=0 last=$SECONDS line pct
  [ "$total" -gt 0 ] || total=1
  while IFS= read -r line; do
    # Package paths only: anything else (a "# pkg" header, a compiler message) is for the log.
    case "$line" in "" | *" "* | "#"*) continue ;; esac
    n=$((n + 1))
    pct=$((n * 100 / total))
    [ $pct -le 99 ] || pct=99
    if [ $((pct / 5)) -gt $step ] || [ $((SECONDS - last)) -ge 30 ]; then
      step=$((pct / 5))
      last=$SECONDS
      printf '[setup] %s: %d of %d packages (%d%%), %s\n' "$label" "$n" "$total" "$pct" "$line" >&2
    fi
  done
  if [ $n -ge "$total" ]; then
    printf '[setup] %s: compiled %d packages\n' "$label" "$n" >&2
  else
    printf '[setup] %s: compiled %d of %d packages (the rest were built before, or need no compiling)\n' "$label" "$n" "$total" >&2
  fi
}
