#!/usr/bin/env bats
# --share: one window of the caller's, shown in the sandbox's display for
# the app to share in a call, by the caller's choice; what an app inside
# sees of it, read from the sandbox display's root as a screen capture does.
load lib

teardown() {
	pkill -u "$BOX" 2>/dev/null || true
	pkill -f solidwin.py 2>/dev/null || true
	pkill -f 'Xvfb :95 ' 2>/dev/null || true
	pkill -u "$CALLER" -x xmessage 2>/dev/null || true
}

GREEN=00c000
MAGENTA=c000c0

# The app, reading the sandbox display's root every 0.2 s; its counts of
# the two colours in $SW_LOG.
start_watcher() {
	sw_bg -- python3 "$T/rootwatch.py" "$GREEN" "$MAGENTA"
	wait_lines "$SW_LOG" '^root ' 1
}

@test "a window picked by --share=ID shows in the sandbox's screen within 2 s, all of it and nothing over it; --share stop ends it" {
	green=$(solid_window sw-share-green "$GREEN" 100 100 400 300)
	# Over it, on the caller's screen, a second window of the caller's.
	solid_window sw-share-over "$MAGENTA" 150 150 200 150 >/dev/null
	start_watcher
	[ "$(seen "$GREEN")" -eq 0 ]
	run sw --share="$green"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"sees your window $green"* ]]
	wait_seen "$GREEN"
	# All of the window's 400x300, the part under the other window too.
	[ "$(seen "$GREEN")" -ge 120000 ]
	# The caller sees the share, in a window of skype-wrap's, and the
	# mirror is named for what it shows.
	wait_window 'skype-wrap: sharing a window'
	wait_window 'Shared: sw-share-green \[sandbox\]'
	run sw --share stop
	[ "$status" -eq 0 ]
	wait_seen -z "$GREEN"
	refute xwininfo -name 'skype-wrap: sharing a window'
	# The window over it was never seen by the app.
	run grep -c "$MAGENTA [1-9]" "$SW_LOG"
	[ "$output" -eq 0 ]
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

@test "the mirror shows nothing while the window is unmapped, takes no input for the caller's window, and ends with the window; --no-title keeps its title out" {
	green=$(solid_window sw-share-green "$GREEN" 100 100 400 300)
	start_watcher
	run sw --no-title --share="$green"
	[ "$status" -eq 0 ]
	wait_seen "$GREEN"
	wait_window '"Shared window \[sandbox\]"'
	refute grep -q sw-share-green < <(xwininfo -root -tree | grep Shared)
	# Clicks and keys in the mirror, on the caller's desktop over the
	# window it shows, reach nothing of the caller's.
	mirror=$(xdotool search --name 'Shared window' | head -1)
	read -r x y < <(xwininfo -id "$mirror" | awk '/Absolute upper-left X/ { x = $NF } /Absolute upper-left Y/ { print x + 200, $NF + 150 }')
	xdotool mousemove "$x" "$y" sleep 0.2 click 1
	xdotool windowfocus --sync "$mirror" type --delay 50 abc
	sleep 0.5
	refute grep -q 'sw-share-green \(key\|button\)' "$BATS_TEST_TMPDIR/sw-share-green.log"
	# Unmapped, nothing; mapped again, the window.
	xdotool windowunmap --sync "$green"
	wait_seen -z "$GREEN"
	xdotool windowmap --sync "$green"
	wait_seen "$GREEN"
	# Resized, the mirror follows: all of its 300x200 pixels.
	xdotool windowsize "$green" 300 200
	for _ in $(seq 20); do [ "$(seen "$GREEN")" -eq 60000 ] && break; sleep 0.1; done
	[ "$(seen "$GREEN")" -eq 60000 ]
	# Closed: the share ends, the caller's sign with it.
	pkill -f 'solidwin.py sw-share-green'
	wait_seen -z "$GREEN"
	wait_lines "$SW_LOG" 'share: stopped' 1
	for _ in $(seq 20); do xwininfo -name 'skype-wrap: sharing a window' >/dev/null 2>&1 || break; sleep 0.1; done
	refute xwininfo -name 'skype-wrap: sharing a window'
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

# Clicks Stop in the caller's sign of a share.
click_stop() {
	click_button "$(xdotool search --name 'skype-wrap: sharing a window' | head -1)" 1
}

@test "a click picks the window to share; Stop in the caller's sign ends the share; so does the session's end, and nothing of it is left" {
	green=$(solid_window sw-share-green "$GREEN" 100 100 400 300)
	start_watcher
	sw --share >"$BATS_TEST_TMPDIR/pick.log" 2>&1 &
	pick=$!
	wait_lines "$BATS_TEST_TMPDIR/pick.log" 'click the window to share' 1
	sleep 0.5
	xdotool mousemove --sync 300 250 click 1
	wait "$pick"
	grep -q "sees your window $green" "$BATS_TEST_TMPDIR/pick.log"
	wait_seen "$GREEN"
	wait_window 'skype-wrap: sharing a window'
	click_stop
	wait_seen -z "$GREEN"
	wait_lines "$SW_LOG" 'share: stopped' 1
	# Shared again, then the session ends with it.
	run sw --share="$green"
	[ "$status" -eq 0 ]
	wait_seen "$GREEN"
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
	refute pgrep -u "$CALLER" -f "$T/skype-wrap"
	refute xwininfo -name 'skype-wrap: sharing a window'
}

@test "only the session's caller shares, and only a window: not another member, not the app, not a bad id or the whole screen" {
	green=$(solid_window sw-share-green "$GREEN" 100 100 400 300)
	run sw --share="$green"
	[ "$status" -eq 69 ]
	grep -q "no session of $BOX is running" <<<"$output"
	start_watcher
	SW_USER=$MEMBER run sw --share="$green"
	[ "$status" -eq 77 ]
	grep -q "was started by $CALLER" <<<"$output"
	run sw --share=green
	[ "$status" -eq 64 ]
	run sw --share=0x7ffff00
	echo "$output"
	[ "$status" -eq 65 ]
	[ "$output" = "skype-wrap: share: no window 0x7ffff00 on your display" ]
	run sw --share="$(xwininfo -root | awk '/Window id:/ { print $4 }')"
	[ "$status" -eq 65 ]
	grep -q 'whole screen' <<<"$output"
	run sw --share now
	[ "$status" -eq 64 ]
	run sw --no-title -- true
	[ "$status" -eq 64 ]
	# A window of another display of the caller's (its id may well be
	# one on the session's display too): refused by the session.
	Xvfb :95 -nolisten tcp -screen 0 640x480x24 >/dev/null 2>&1 3>&- &
	other=$!
	for _ in $(seq 50); do DISPLAY=:95 xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
	DISPLAY=:95 /usr/bin/python3 "$T/solidwin.py" sw-elsewhere "$GREEN" 0 0 400 300 \
		>"$BATS_TEST_TMPDIR/elsewhere.log" 2>&1 3>&- &
	wait_lines "$BATS_TEST_TMPDIR/elsewhere.log" '^0x' 1
	SW_ENV=DISPLAY=:95 run sw --share="$(head -1 "$BATS_TEST_TMPDIR/elsewhere.log")"
	echo "$output"
	[ "$status" -eq 0 ]
	wait_lines "$SW_LOG" "is on display :95, not the session's" 1
	sleep 1
	[ "$(seen "$GREEN")" -eq 0 ]
	kill "$other"
	kill "$SW_PID"
	wait "$SW_PID" || true
	# The app tries: its skype-wrap is not setuid root there, and the
	# session's control socket is out of its reach.
	sw_bg -- /bin/sh -c "$T/skype-wrap --share=$green; echo app-share \$?
		python3 -c 'import socket; socket.socket(socket.AF_UNIX).connect(\"/run/skype-wrap/$BOX.control\")' 2>&1 | tail -1
		exec python3 $T/rootwatch.py $GREEN $MAGENTA"
	wait_lines "$SW_LOG" '^root ' 1
	cat "$SW_LOG"
	grep -q '^app-share 78$' "$SW_LOG"
	grep -q '^PermissionError' "$SW_LOG"
	sleep 1
	[ "$(seen "$GREEN")" -eq 0 ]
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}
