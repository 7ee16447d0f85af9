#!/usr/bin/env bats
# --standby: a session brought up to an empty, attached display before the
# hotkey; the hotkey then only starts the app in it and returns at once.
# Once the app has ended, a fresh standby session (a new server, a new
# world) replaces it; --stop ends it for good.
load lib

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
}

# The pid of the session's Xpra server, once there is one.
xpra_server() {
	local pid
	for _ in $(seq 100); do
		pid=$(pgrep -u "$BOX" -f '^/usr/bin/python3 -I -c .* /usr/bin/xpra start' | head -1)
		[ -n "$pid" ] && echo "$pid" && return 0
		sleep 0.1
	done
	return 1
}

# Waits for the Nth "standing by" of the standby's log.
wait_standing_by() { # n
	wait_lines "$SW_LOG" 'standing by on :' "$1"
}

@test "with a standby session up, the hotkey starts the app in its display and returns; the app's end brings a fresh standby session" {
	sw_bg --standby
	wait_standing_by 1
	server=$(xpra_server)
	# Its control socket takes requests of root's alone (another skype-wrap
	# of the caller's): the app's user and another member cannot connect.
	for who in "$BOX" "$MEMBER"; do
		run setpriv --reuid="$who" --regid="$who" --init-groups /usr/bin/python3 -c \
			'import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' "/run/skype-wrap/$BOX.control"
		echo "$output"
		[ "$status" -ne 0 ] && grep -q PermissionError <<<"$output"
	done
	# Standing by, nothing of an app runs and nothing shows.
	refute pgrep -u "$BOX" -x xclock
	run sw -- xclock -title sw-standby-app
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^"skype-wrap: started xclock in the standby session of $BOX on :2"[0-9]+$ ]]
	wait_window sw-standby-app
	# Started into the server that stood by, not a new one.
	[ "$(xpra_server)" = "$server" ]
	# The hotkey again, with the app running, shows it again.
	run sw -- xclock -title sw-standby-second
	[ "$status" -eq 0 ]
	grep -q 'showing it again' <<<"$output"
	refute pgrep -a -f '^xclock -title sw-standby-second'
	# The app ends: a fresh standby session, with a server of its own.
	pkill -u "$BOX" -x xclock
	wait_standing_by 2
	[ "$(xpra_server)" != "$server" ]
	refute pgrep -u "$BOX" -x xclock
	kill -0 "$SW_PID"
	# Another member's start says whose session it is and starts nothing.
	SW_USER=$MEMBER run sw -- xclock -title sw-member
	[ "$status" -eq 77 ]
	grep -q "was started by $CALLER" <<<"$output"
	refute pgrep -a -f '^xclock -title sw-member'
	# --stop ends the standby for good.
	run sw --stop
	[ "$status" -eq 0 ]
	wait "$SW_PID" || true
	assert_clean
	[ ! -e "/run/skype-wrap/$BOX.control" ]
}

@test "a standby session runs the configured app, --attach shows its window again, and one killed with SIGKILL is cleaned up by the next start" {
	sw_bg --standby
	wait_standing_by 1
	run sw
	[ "$status" -eq 0 ]
	wait_window 'xclock \[sandbox\]'
	pkill -KILL -u "$CALLER" -f 'xpra attach'
	for _ in $(seq 50); do xwininfo -root -tree | grep -q 'xclock \[sandbox\]' || break; sleep 0.1; done
	sw --attach >"$BATS_TEST_TMPDIR/attach.log" 2>&1 3>&- &
	attach=$!
	wait_window 'xclock \[sandbox\]'
	kill -KILL "$SW_PID"
	wait "$SW_PID" "$attach" || true
	for _ in $(seq 50); do pgrep -u "$BOX" >/dev/null || break; sleep 0.1; done
	run sw -- true
	echo "$output"
	[ "$status" -eq 0 ]
	grep -q 'cleaned up after a session' <<<"$output"
	assert_clean
}

@test "--standby refuses to start beside a running session, and takes no command" {
	sw_bg -- xclock -title sw-running
	wait_window sw-running
	run sw --standby
	echo "$output"
	[ "$status" -eq 69 ]
	[ "$output" = "skype-wrap: standby: a session of $BOX is running already" ]
	run sw --standby -- xclock
	[ "$status" -eq 64 ]
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}
