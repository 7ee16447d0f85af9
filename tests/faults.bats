#!/usr/bin/env bats
# Faults a hotkey tool meets: crashes and kills of each part, a second
# start, a re-attach, a fork bomb. After each, nothing of the session is left.
load lib

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
}

# Runs skype-wrap --stop as the caller and waits for the session to end.
stop_session() {
	SW_RULES=none run sw --stop
	[ "$status" -eq 0 ]
	wait "$SW_PID" || true
}

@test "ends clean when the app is SIGKILLed, returning 137" {
	sw_bg -- xclock -title sw-appkill
	wait_window sw-appkill
	pkill -KILL -u "$BOX" -x xclock
	wait "$SW_PID" || status=$?
	[ "$status" -eq 137 ]
	assert_clean
}

@test "ends clean when the Xpra server is SIGKILLed" {
	sw_bg -- xclock -title sw-xprakill
	wait_window sw-xprakill
	pkill -KILL -u "$BOX" -f '^/usr/bin/python3 -I -c .* /usr/bin/xpra start :2'
	wait "$SW_PID" || true
	grep -q '^skype-wrap: xpra: the server exited' "$SW_LOG"
	assert_clean
}

@test "keeps the session when the attach client is killed, and --attach brings the window back" {
	sw_bg -- xclock -title sw-reattach
	wait_window sw-reattach
	pkill -KILL -u "$CALLER" -f '^/usr/bin/python3 -I -c .* /usr/bin/xpra attach '
	for _ in $(seq 50); do
		grep -q 'the client was killed' "$SW_LOG" && break
		sleep 0.1
	done
	pgrep -u "$BOX" -x xclock
	SW_RULES=none unshare -n -- "$TOP/tests/caller-session" "$T/skype-wrap" --attach \
		>"$BATS_TEST_TMPDIR/attach.log" 2>&1 3>&- &
	attach=$!
	wait_window sw-reattach
	stop_session
	wait "$attach" || true
	assert_clean
}

@test "a second start shows the running session again and starts nothing" {
	sw_bg -- xclock -title sw-single
	wait_window sw-single
	# The window is gone: the client was killed, as a crash would.
	pkill -KILL -u "$CALLER" -f '^/usr/bin/python3 -I -c .* /usr/bin/xpra attach '
	for _ in $(seq 50); do
		xwininfo -root -tree | grep -q sw-single || break
		sleep 0.1
	done
	refute grep sw-single < <(xwininfo -root -tree)
	run sw -- xclock -title sw-second
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^"skype-wrap: a session of $BOX is running on :2"[0-9]+"; showing it again (--stop ends it)"$ ]]
	wait_window sw-single
	[ "$(pgrep -u "$BOX" -f -c '^/usr/bin/python3 -I -c .* /usr/bin/xpra start')" -eq 1 ]
	refute pgrep -a -f '^xclock -title sw-second'
	# Another member of the group gets a message, on screen when no terminal.
	SW_USER=$MEMBER run sw -- xclock -title sw-third
	[ "$status" -eq 77 ]
	[ "$output" = "skype-wrap: show: the session of $BOX was started by $CALLER; only they may show it" ]
	refute pgrep -a -f '^xclock -title sw-third'
	stop_session
	assert_clean
}

@test "--stop and --attach say so when no session runs" {
	run sw --stop
	[ "$status" -eq 0 ]
	[ "$output" = "skype-wrap: no session of $BOX is running" ]
	run sw --attach
	[ "$status" -eq 69 ]
	[ "$output" = "skype-wrap: no session of $BOX is running" ]
}

@test "cleans up after a session whose skype-wrap was SIGKILLed, then starts normally" {
	sw_bg -- xclock -title sw-dead
	wait_window sw-dead
	kill -KILL "$SW_PID"
	wait "$SW_PID" || true
	# The session's world dies with its init, which dies with skype-wrap.
	for _ in $(seq 30); do pgrep -r "$LIVE" -u "$BOX" >/dev/null || break; sleep 0.1; done
	refute pgrep -a -r "$LIVE" -u "$BOX"
	[ -S "/home/$BOX/xpra/$(uname -n)-200" ]
	sw_bg -- xclock -title sw-after
	wait_window sw-after
	grep -q "^skype-wrap: cleaned up after a session of $BOX that died$" "$SW_LOG"
	refute pgrep -a -f '^xclock -title sw-dead'
	stop_session
	assert_clean
}

@test "tears down 500 live sandbox processes and contains a fork bomb" {
	sw_bg -- /bin/sh -c 'for i in $(seq 500); do sleep 600 & done; exec xclock -title sw-many'
	wait_window sw-many
	[ "$(pgrep -u "$BOX" -x sleep -c)" -eq 500 ]
	start=$(date +%s%N)
	kill -TERM "$SW_PID"
	wait "$SW_PID" || true
	echo "teardown of 500: $(( ($(date +%s%N) - start) / 1000000 )) ms" >&3
	assert_clean
	# Every process forks until RLIMIT_NPROC (700 in tests/config.h) says no.
	sw_bg -- "$T/probe" forkbomb
	for _ in $(seq 100); do
		grep -q '^forkbomb: Resource temporarily unavailable' "$SW_LOG" && break
		sleep 0.1
	done
	sleep 1
	n=$(pgrep -u "$BOX" -c)
	echo "processes of $BOX during the bomb: $n" >&3
	# The limit stops the user's own forks; the few processes skype-wrap
	# starts as that user (init, the server, the app) are not among them.
	[ "$n" -le 710 ]
	[ "$n" -ge 400 ]
	kill -TERM "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}
