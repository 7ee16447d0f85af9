#!/usr/bin/env bats
# A caller on a Wayland desktop: sway's headless backend with Xwayland, run
# as the caller, as GNOME and KDE run theirs. skype-wrap gets what a
# desktop's launcher passes (DISPLAY of Xwayland, WAYLAND_DISPLAY,
# XDG_RUNTIME_DIR, no X cookie: Xwayland admits the caller by uid), and its
# attach client is an X11 client of Xwayland. What shows is read back from
# the compositor's own screenshot (grim): Xwayland's root window shows
# nothing of the desktop. (Chromium on it: apps.bats.)
load lib

setup_file() {
	build_variant tray 's/tray = 0/tray = 1/'
	install -m 0755 "$TOP/tests/trayapp.py" "$T/"
	start_sway
}

teardown_file() {
	stop_sway
}

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
	pkill -f solidwin.py 2>/dev/null || true
}

# xclock, 300x200 and all red.
RED_CLOCK=(xclock -geometry 300x200 -bg '#ff0000' -fg '#ff0000' -hd '#ff0000' -hl '#ff0000')

# The red clock in a session: the size it shows at.
red_clock_size() {
	sw_on_desktop -- "${RED_CLOCK[@]}"
	shown ff0000
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean >&2
}

@test "from a Wayland desktop, the app shows with its pixels, at twice its size at output scale 2 and 1.5 times at 1.5, and ends clean" {
	# Its window is Xwayland's: the attach client is an X11 client, never
	# one of the compositor's, even with the compositor's default socket there.
	on_desktop ln -sf "$WL_DISPLAY" "$RUN/wayland-0"
	sw_on_desktop -- xclock -geometry 300x200 -bg '#ff0000' -title sw-clock
	wait_on_desktop 'sw-clock'
	on_desktop swaymsg -t get_tree | jq -e '[.. | objects | select((.name? // "") | startswith("sw-clock")) | .shell] == ["xwayland"]'
	kill "$SW_PID"
	wait "$SW_PID" || true
	rm -f "$RUN/wayland-0"
	run red_clock_size
	echo "scale 1: $output"
	[ "$status" -eq 0 ] && [ "$output" != none ]
	one=$output
	on_desktop swaymsg output HEADLESS-1 scale 2
	run red_clock_size
	echo "scale 2: $output"
	[ "$status" -eq 0 ]
	[ "$output" = "$((2 * ${one%x*}))x$((2 * ${one#*x}))" ]
	# A fractional scale: 1.5 times, give or take the blended edge pixels.
	on_desktop swaymsg output HEADLESS-1 scale 1.5
	run red_clock_size
	on_desktop swaymsg output HEADLESS-1 scale 1
	echo "scale 1.5: $output"
	[ "$status" -eq 0 ]
	w=${output%x*} h=${output#*x}
	[ $((w - 3 * ${one%x*} / 2)) -ge -2 ] && [ $((w - 3 * ${one%x*} / 2)) -le 2 ]
	[ $((h - 3 * ${one#*x} / 2)) -ge -2 ] && [ $((h - 3 * ${one#*x} / 2)) -le 2 ]
	refute pgrep -a -u "$CALLER" -f 'xpra attach'
}

@test "from a Wayland desktop, nothing of the desktop's Wayland socket reaches the app" {
	SW_ENV=$DESKTOP_ENV run sw -- \
		/bin/sh -c 'echo "WAYLAND_DISPLAY=${WAYLAND_DISPLAY:-}"; ls -A "$XDG_RUNTIME_DIR" /run/user 2>&1; echo end'
	echo "$output"
	[ "$status" -eq 0 ]
	grep -qx 'WAYLAND_DISPLAY=' <<<"$output"
	grep -qx end <<<"$output"
	refute grep -E 'wayland-|sway-ipc' <<<"$output"
	assert_clean
}

# The caller's own window on the desktop, an X11 app of theirs that logs
# the keys it gets.
start_caller_window() {
	on_desktop "$T/keylog.py" sw-caller-win >"$BATS_TEST_TMPDIR/caller.log" 2>&1 3>&- &
	wait_on_desktop sw-caller-win
}

# Waits until a window whose name starts with NAME is on the desktop.
wait_on_desktop() { # name
	for _ in $(seq 300); do
		on_desktop swaymsg -t get_tree | grep -q "\"name\": \"$1" && return 0
		sleep 0.1
	done
	echo "no window '$1' on the desktop" >&2
	return 1
}

@test "from a Wayland desktop, the app's keyboard grab and activation requests take no key typed into the caller's window" {
	start_caller_window
	sw_on_desktop -- /bin/sh -c "$T/keylog.py sw-activator activate & exec $T/keylog.py sw-grabber grab"
	wait_on_desktop sw-grabber
	wait_on_desktop sw-activator
	# The caller clicks into the app's window, which then grabs the keyboard.
	on_desktop swaymsg '[title="^sw-grabber"] focus'
	for _ in $(seq 100); do grep -q 'sw-grabber grabbed' "$SW_LOG" && break; sleep 0.1; done
	grep -q 'sw-grabber grabbed' "$SW_LOG"
	sleep 1 # the server's grab request would have reached the client by now
	# The caller goes back to their window and types a password.
	on_desktop swaymsg '[title="^sw-caller-win$"] focus'
	on_desktop xdotool type --delay 100 hunter2
	caller_got_password 'sw-(grabber|activator)'
	kill "$SW_PID"
	wait "$SW_PID" || true
	pkill -u "$CALLER" -f "$T/keylog.py"
	assert_clean
}

@test "from a Wayland desktop, the hotkey pressed again shows the app again, and a fatal error shows in a window there" {
	sw_on_desktop -- "${RED_CLOCK[@]}"
	[ "$(shown ff0000)" != none ]
	# The caller closes the window by killing its client; the hotkey again
	# brings it back.
	pkill -KILL -u "$CALLER" -f 'xpra attach'
	for _ in $(seq 50); do [ "$(shown_now ff0000)" = none ] && break; sleep 0.1; done
	[ "$(shown_now ff0000)" = none ]
	SW_ENV=$DESKTOP_ENV run sw
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(shown ff0000)" != none ]
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
	# Without a terminal, a refusal shows on the desktop too.
	SW_RULES=none SW_ENV=$DESKTOP_ENV run sw -- xclock
	[ "$status" -eq 78 ]
	wait_on_desktop skype-wrap
	pgrep -u "$CALLER" -a -x xmessage | grep -q 'skype-wrap: firewall: /usr/sbin/iptables has no rule'
	pkill -u "$CALLER" -x xmessage
}

@test "from a Wayland desktop without a tray, the session says the app's tray icon is not shown, and the app's window shows" {
	SW_BIN=$T/tray sw_on_desktop -- /bin/sh -c "xclock -title sw-clock & exec /usr/bin/python3 $T/trayapp.py sw-chat"
	wait_on_desktop sw-clock
	for _ in $(seq 100); do grep -q 'sw-chat in the tray' "$SW_LOG" && break; sleep 0.1; done
	for _ in $(seq 50); do grep -q 'no system tray' "$SW_LOG" && break; sleep 0.1; done
	cat "$SW_LOG"
	grep -qx "skype-wrap: attach: the caller's desktop has no system tray: the app's tray icon is not shown" "$SW_LOG"
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

@test "from a Wayland desktop, an X11 window of the caller's shared with --share=ID shows in the app's screen, and not after --share stop" {
	log=$BATS_TEST_TMPDIR/green.log
	on_desktop python3 "$T/solidwin.py" sw-share-green 00c000 100 100 400 300 >"$log" 2>&1 3>&- &
	wait_lines "$log" '^0x' 1
	sw_on_desktop -- python3 "$T/rootwatch.py" 00c000
	wait_lines "$SW_LOG" '^root ' 1
	SW_ENV=$DESKTOP_ENV run sw --share="$(head -1 "$log")"
	echo "$output"
	[ "$status" -eq 0 ]
	wait_seen 00c000
	SW_ENV=$DESKTOP_ENV run sw --share stop
	[ "$status" -eq 0 ]
	wait_seen -z 00c000
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}
