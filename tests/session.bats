#!/usr/bin/env bats
# A whole session with real components: the caller's Xvfb, xpra server and
# client, xclock or the probe as the app, users created by the suite.
load lib

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
	# The core file test's settings, whatever became of the test.
	[ -z "${old_dumpable:-}" ] || echo "$old_dumpable" >/proc/sys/fs/suid_dumpable
	[ -z "${old_pattern:-}" ] || echo "$old_pattern" >/proc/sys/kernel/core_pattern
}

@test "shows the app's window on the caller's display, running as the sandbox user" {
	sw_bg -- xclock -title sw-window-test
	pid=$SW_PID
	wait_window sw-window-test
	xwininfo -name "$(xwininfo -root -tree | grep -o '"sw-window-test[^"]*"' | head -1 | tr -d '"')" |
		grep -q 'Map State: IsViewable'
	owners=$(ps -o user= -p "$(pgrep -d, -f '^xclock -title sw-window-test')" | sort -u)
	echo "xclock runs as: $owners"
	[ "$owners" = "$BOX" ]
	kill -TERM "$pid"
	wait "$pid" || status=$?
	[ "$status" -eq 143 ]
	assert_clean
}

@test "after its checks the supervisor keeps only the capabilities it needs, for itself and any root process it would run" {
	sw_bg -- xclock -title sw-caps
	wait_window sw-caps
	grep Cap "/proc/$SW_PID/status"
	# CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER KILL SETGID SETUID SYS_CHROOT SYS_PTRACE SYS_ADMIN
	grep -qx "CapEff:	00000000002c00ef" "/proc/$SW_PID/status"
	grep -qx "CapPrm:	00000000002c00ef" "/proc/$SW_PID/status"
	grep -qx "CapBnd:	00000000002c00ef" "/proc/$SW_PID/status"
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

@test "leaves no process, socket or X lock after the app exits, and returns its status" {
	# The app leaves a child behind and exits 3.
	run sw -- /bin/sh -c 'xclock & sleep 0.5; exit 3'
	[ "$status" -eq 3 ]
	assert_clean
}

@test "leaves no core file of its memory on SIGQUIT, even where fs.suid_dumpable is 2" {
	old_dumpable=$(cat /proc/sys/fs/suid_dumpable)
	old_pattern=$(cat /proc/sys/kernel/core_pattern)
	mkdir -p "$T/cores"
	rm -f "$T/cores/"*
	echo 2 >/proc/sys/fs/suid_dumpable
	echo "$T/cores/core.%e.%p" >/proc/sys/kernel/core_pattern
	ulimit -c unlimited
	sw_bg -- xclock -title sw-core
	wait_window sw-core
	kill -QUIT "$SW_PID"
	wait "$SW_PID" || status=$?
	ls -l "$T/cores"
	[ "$status" -eq 131 ]
	[ -z "$(ls -A "$T/cores")" ]
	# The next start cleans up after the session that died.
	for _ in $(seq 30); do pgrep -u "$BOX" >/dev/null || break; sleep 0.1; done
	run sw -- /bin/true
	[ "$status" -eq 0 ]
	assert_clean
}

@test "leaves nothing behind after SIGINT and SIGHUP" {
	for sig in INT HUP; do
		sw_bg -- xclock -title "sw-$sig"
		pid=$SW_PID
		wait_window "sw-$sig"
		kill -"$sig" "$pid"
		wait "$pid" || status=$?
		[ "$status" -eq 143 ]
		assert_clean
	done
}

@test "gives the app none of the caller's environment" {
	SW_ENV="SSH_AUTH_SOCK=/tmp/agent DBUS_SESSION_BUS_ADDRESS=unix:path=/tmp/bus LD_PRELOAD=/tmp/evil.so LANG=C.UTF-8 LC_TIME=\$(reboot)" \
		run sw -- "$T/probe" env
	[ "$status" -eq 0 ]
	echo "$output"
	refute grep -e SSH_AUTH_SOCK -e DBUS_SESSION -e LD_PRELOAD -e LC_TIME <<<"$output"
	grep -qx "HOME=/home/$BOX" <<<"$output"
	grep -qx "USER=$BOX" <<<"$output"
	grep -qx "XAUTHORITY=/tmp/.Xauthority" <<<"$output"
	grep -qx 'DISPLAY=:2[0-9][0-9]' <<<"$output"
	grep -qx 'LANG=C.UTF-8' <<<"$output"
	grep -qx 'PATH=/usr/local/bin:/usr/bin:/bin' <<<"$output"
}

@test "starts the app with only fds 0, 1 and 2, stdin from /dev/null" {
	run sw -- "$T/probe" fds 3</etc/hostname 7</etc/hostname
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'fd 0\nfd 1\nfd 2')" ]
	run sw -- /bin/sh -c 'readlink /proc/self/fd/0'
	[ "$output" = /dev/null ]
}

@test "runs the app under the configured data limit, which a hog meets and a reservation does not" {
	run sw -- "$T/probe" limits reserve 64 hog 512 hog 1024
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "data 1073741824 1073741824" ]
	[ "${lines[1]}" = "reserve 64: ok" ]
	[ "${lines[2]}" = "hog 512: ok" ]
	[ "${lines[3]}" = "hog 1024: Cannot allocate memory" ]
}

@test "lets the app reach its own display but not the caller's" {
	run sw -- /bin/sh -c 'xdpyinfo >/dev/null && echo own-ok; DISPLAY=:90 xdpyinfo >/dev/null 2>&1 || echo caller-refused'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = own-ok ]
	[ "${lines[1]}" = caller-refused ]
	# The caller's display itself works for the caller.
	run setpriv --reuid="$CALLER" --regid="$CALLER" --init-groups xdpyinfo
	[ "$status" -eq 0 ]
}

@test "takes the next display when the first is in use by another user's X server" {
	# Abstract socket names belong to a network namespace: the X server
	# runs in the session's own.
	run unshare -n -- sh -c 'setpriv --reuid="$1" --regid="$1" --init-groups Xvfb :200 -nolisten tcp \
			>/dev/null 2>&1 &
		for _ in $(seq 50); do ss -Hlx | grep -q "@/tmp/.X11-unix/X200 " && break; sleep 0.1; done
		"$2" "$3" -- /bin/sh -c "echo \$DISPLAY"
		kill $!' sh "$OTHER" "$TOP/tests/caller-session" "$T/skype-wrap"
	rm -f /tmp/.X200-lock /tmp/.X11-unix/X200
	[ "$status" -eq 0 ]
	[ "$output" = :201 ]
	assert_clean
}

@test "a stranger's X locks and sockets in the host's /tmp do not disturb the session" {
	for n in $(seq 200 263); do
		setpriv --reuid="$OTHER" --regid="$OTHER" --init-groups sh -c \
			"echo 1 >/tmp/.X$n-lock; : >/tmp/.X11-unix/X$n"
	done
	run sw -- /bin/sh -c 'echo $DISPLAY; xdpyinfo >/dev/null && echo display-ok'
	rm -f /tmp/.X2[0-6][0-9]-lock /tmp/.X11-unix/X2[0-6][0-9]
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = :200 ]
	[ "${lines[1]}" = display-ok ]
	assert_clean
}

@test "fails with 69 and leaves nothing when the app cannot be started" {
	run sw -- /nonexistent/app
	[ "$status" -eq 69 ]
	grep -q 'app: cannot run /nonexistent/app' <<<"$output"
	assert_clean
}

@test "fails with 69 and leaves nothing when xpra is missing" {
	build_variant noxpra 's|"/usr/bin/xpra"|"/nonexistent/xpra"|'
	SW_BIN=$T/noxpra run sw -- xclock
	echo "$output"
	[ "$status" -eq 69 ]
	grep -q 'xpra: cannot run /nonexistent/xpra' <<<"$output"
	assert_clean
}

@test "fails with 69, the end of xpra's output and nothing left when the server exits before it is ready" {
	build_variant badxpra 's|"/usr/bin/xpra"|"/bin/false"|'
	SW_BIN=$T/badxpra run sw -- xclock
	echo "$output"
	[ "$status" -eq 69 ]
	grep -q '^skype-wrap: xpra: the server exited before it was ready; its output ends:$' <<<"$output"
	assert_clean
}
