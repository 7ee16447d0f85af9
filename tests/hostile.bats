#!/usr/bin/env bats
# The binary is setuid root: what a caller controls (environment, argv,
# files planted in shared directories) must get nobody anywhere.
load lib

setup_file() {
	mkdir -p /tmp/sw-evil-bin /tmp/sw-evil-lib
	for tool in xpra iptables ip6tables pactl xclock Xvfb sh; do
		printf '#!/bin/sh\ntouch /tmp/sw-pwned\n' >"/tmp/sw-evil-bin/$tool"
		chmod 0755 "/tmp/sw-evil-bin/$tool"
	done
	printf '#include <fcntl.h>\n__attribute__((constructor)) static void own(void) { open("/tmp/sw-pwned", O_CREAT | O_WRONLY, 0644); }\n' |
		cc -shared -fPIC -x c -o /tmp/sw-evil-lib/evil.so -
	echo "root's secret" >/root/sw-secret
	chmod 0600 /root/sw-secret
}

teardown_file() {
	rm -rf /tmp/sw-evil-bin /tmp/sw-evil-lib /root/sw-secret
}

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
	rm -f /tmp/sw-pwned /tmp/.X200-lock /tmp/.X11-unix/X200 /etc/sw-target
}

@test "ignores LD_PRELOAD, LD_LIBRARY_PATH, PATH, IFS and HOME of the caller" {
	SW_ENV="LD_PRELOAD=/tmp/sw-evil-lib/evil.so LD_LIBRARY_PATH=/tmp/sw-evil-lib PATH=/tmp/sw-evil-bin IFS=x HOME=/root" \
		run sw -- "$T/probe" env
	echo "$output"
	[ "$status" -eq 0 ]
	[ ! -e /tmp/sw-pwned ]
	refute grep -e '^LD_' -e '^IFS=' -e 'sw-evil' <<<"$output"
	grep -qx "HOME=/home/$BOX" <<<"$output"
}

@test "an XAUTHORITY the caller cannot read ends the session cleanly" {
	SW_ENV="XAUTHORITY=/root/sw-secret" run sw -- xclock
	echo "$output"
	[ "$status" -ne 0 ] && [ "$status" -lt 128 ] || [ "$status" -eq 143 ]
	grep -q '^skype-wrap: attach: the client exited; stopping the session$' <<<"$output"
	refute grep "root's secret" <<<"$output"
	assert_clean
}

@test "a DISPLAY of 10 000 characters is refused in one line" {
	SW_ENV="DISPLAY=:$(printf '9%.0s' $(seq 10000))" run sw -- xclock
	[ "$status" -eq 78 ]
	[ "$output" = "skype-wrap: display: DISPLAY is not a plain X display name" ]
}

@test "refuses hostile argv with 64: unknown options, 100 000 arguments, bytes that are not UTF-8" {
	run sw --check $(seq 100000)
	[ "$status" -eq 64 ]
	[ "${lines[0]}" = "skype-wrap: unknown option or argument" ]
	[ "${#lines[@]}" -eq 6 ]
	run sw $'--\xff\xfe'
	[ "$status" -eq 64 ]
	run sw --check --stop
	[ "$status" -eq 64 ]
	run sw --attach -- xclock
	[ "$status" -eq 64 ]
}

@test "a symlink planted as another user's X lock is neither followed nor in the way" {
	echo original >/etc/sw-target
	setpriv --reuid="$OTHER" --regid="$OTHER" --init-groups ln -s /etc/sw-target /tmp/.X200-lock
	run sw -- /bin/sh -c 'echo $DISPLAY'
	[ "$status" -eq 0 ]
	[ "$output" = :200 ]
	[ "$(cat /etc/sw-target)" = original ]
	[ -L /tmp/.X200-lock ]
}

@test "symlinks the sandbox user planted at its X socket and Xpra socket are not followed" {
	echo original >/etc/sw-target
	setpriv --reuid="$BOX" --regid="$BOX" --clear-groups ln -s /etc/sw-target /tmp/.X11-unix/X200
	setpriv --reuid="$BOX" --regid="$BOX" --clear-groups ln -s /etc/sw-target "/home/$BOX/xpra/$(uname -n)-200"
	run sw -- /bin/sh -c 'echo $DISPLAY'
	[ "$status" -eq 0 ]
	[ "$output" = :200 ]
	[ "$(cat /etc/sw-target)" = original ]
	rm /tmp/.X11-unix/X200
	assert_clean
}

@test "logs refusals to syslog (LOG_AUTHPRIV), as doas does" {
	[ ! -e /dev/log ] || skip "a syslog daemon owns /dev/log here"
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind("/dev/log"); s.settimeout(10)
sys.stdout.write(s.recv(4096).decode() + "\n")' >"$BATS_TEST_TMPDIR/syslog" &
	listener=$!
	for _ in $(seq 50); do [ -S /dev/log ] && break; sleep 0.1; done
	SW_USER=$OTHER run sw -- xclock
	wait "$listener"
	rm -f /dev/log
	cat "$BATS_TEST_TMPDIR/syslog"
	# <85>: facility authpriv (10 << 3), severity notice (5).
	grep -q "^<85>.*skype-wrap\[[0-9]*\]: uid $(id -u "$OTHER") refused: $OTHER is not in group $BOX" "$BATS_TEST_TMPDIR/syslog"
}

@test "the app gets pipes, not the caller's terminal or files, as stdout and stderr" {
	run sw -- /bin/sh -c 'readlink /proc/self/fd/1; readlink /proc/self/fd/2 >&2' 2>/dev/null
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^pipe: ]]
	[[ "${lines[1]}" =~ ^pipe: ]]
}

@test "--stop does not signal a process that merely has the pid of a stale record" {
	# Holds the lock as a session would, in a process that is not skype-wrap.
	bash -c "exec 9<>/run/skype-wrap/$BOX.lock; flock 9; exec sleep 30" &
	holder=$!
	sleep 0.3
	echo "$holder 200 $(id -u "$CALLER") -" >"/run/skype-wrap/$BOX.lock"
	run sw --stop
	kill -0 "$holder"
	kill "$holder"
	wait "$holder" || true
	[ "$status" -eq 69 ]
	[ "$output" = "skype-wrap: stop: pid $holder is not the running session" ]
	: >"/run/skype-wrap/$BOX.lock"
}

@test "a caller's ignored SIGCHLD does not break the session" {
	run sw -- /bin/sh -c 'exit 4'
	[ "$status" -eq 4 ]
	SW_ENV='' run unshare -n -- perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV' "$TOP/tests/caller-session" "$T/skype-wrap" -- /bin/sh -c 'exit 4'
	[ "$status" -eq 4 ]
	assert_clean
}
