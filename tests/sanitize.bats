#!/usr/bin/env bats
# The program built with AddressSanitizer and UndefinedBehaviorSanitizer (not
# setuid: run as root, which joins the sandbox group for it), through the
# paths a session takes. Any report of either fails the test.
load lib

setup_file() {
	gcc -std=c11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -Wall -Wextra -Werror -DVERSION='"asan"' \
		-DCONFIG_H="\"$TOP/tests/config.h\"" -o "$T/asan" "$TOP/skype-wrap.c" "$TOP/confine.c" "$TOP/xpra.c" "$TOP/links.c" "$TOP/share.c"
}

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
}

# Runs the sanitized build as root in the sandbox group, in a network
# namespace with the firewall rules, with the caller's display.
asan_sw() {
	SW_USER=root SW_GROUPS=$(getent group "$BOX" | cut -d: -f3) \
		SW_ENV="ASAN_OPTIONS=detect_leaks=0 ${SW_ENV:-}" \
		unshare -n -- "$TOP/tests/caller-session" "$T/asan" "$@"
}

no_reports() {
	refute grep -E 'AddressSanitizer|runtime error|LeakSanitizer' <<<"$output"
}

@test "sanitized: --check and bad usage" {
	run asan_sw --check
	echo "$output"
	[ "$status" -eq 0 ]
	no_reports
	run asan_sw --bogus $'\xff' $(seq 1000)
	[ "$status" -eq 64 ]
	no_reports
	SW_ENV="DISPLAY=$(printf ':%.0s' $(seq 5000))" run asan_sw --check
	no_reports
}

@test "sanitized: a whole session, with confinement, ends with the app's status" {
	run asan_sw -- "$T/probe" fds limits read /etc/hostname traceme
	echo "$output"
	[ "$status" -eq 0 ]
	no_reports
	grep -qx 'read /etc/hostname: Permission denied' <<<"$output"
	run asan_sw -- /bin/sh -c 'xclock & sleep 0.5; exit 5'
	[ "$status" -eq 5 ]
	no_reports
	assert_clean
}
