# Negative checks that fail their test: bats ignores a `! cmd` line that is
# not the last of a test (set -e does), and these say what they found; and
# `run !`, which needs bats 1.5.
bats_require_minimum_version 1.5.0

# Fails, showing what it found, when a search that exits 1 for "none found"
# (grep, pgrep -a) finds something, or fails otherwise.
refute() { # CMD ARGS...
	local found rc=0
	found=$("$@") || rc=$?
	[ "$rc" -ne 1 ] || return 0
	echo "found by $*: ${found:-(exit $rc)}" >&2
	return 1
}

# Fails as soon as CMD succeeds within SECONDS: a negative check that watches
# for what would prove it wrong instead of sleeping.
never_within() { # SECONDS CMD ARGS...
	local tenths=$(($1 * 10))
	shift
	for _ in $(seq "$tenths"); do
		if "$@"; then
			echo "happened within the time: $*" >&2
			return 1
		fi
		sleep 0.1
	done
}
