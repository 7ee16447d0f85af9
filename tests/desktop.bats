#!/usr/bin/env bats
# Living with a chat app: its notifications on the caller's notification
# daemon (tests/notifyd.py, on a D-Bus of the caller's), its tray icon in the
# caller's tray (tests/trayhost.py, an XEmbed tray on the caller's display),
# the menu launchers. The app is hostile: what it sends arrives as text.
load lib

setup_file() {
	build_variant notify 's/notifications = 0/notifications = 1/'
	build_variant tray 's/tray = 0/tray = 1/'
	install -m 0755 "$TOP/tests/notifyd.py" "$TOP/tests/trayhost.py" "$TOP/tests/trayapp.py" "$T/"
	# The caller's own bus, at a path: sw runs in a network namespace of its
	# own, where the abstract socket of a default session bus is not.
	install -d -m 0700 -o "$CALLER" -g "$CALLER" "$T/caller-bus"
	export CALLER_BUS=unix:path=$T/caller-bus/bus
	as_caller dbus-daemon --session --fork --nopidfile --address="$CALLER_BUS" >/dev/null
	as_caller env DBUS_SESSION_BUS_ADDRESS="$CALLER_BUS" "$T/notifyd.py" "$T/caller-bus/shown" \
		>"$T/caller-bus/notifyd.log" 2>&1 3>&- &
	for _ in $(seq 50); do grep -q ready "$T/caller-bus/notifyd.log" && return 0; sleep 0.1; done
	cat "$T/caller-bus/notifyd.log" >&2
	return 1
}

teardown_file() {
	pkill -u "$CALLER" -f "$T/notifyd.py" || true
	pkill -u "$CALLER" -x dbus-daemon || true
}

setup() {
	SHOWN=$T/caller-bus/shown
	: >"$SHOWN"
	chown "$CALLER" "$SHOWN"
	export SW_ENV="DBUS_SESSION_BUS_ADDRESS=$CALLER_BUS"
}

teardown() {
	[ -z "${SW_PID:-}" ] || { kill "$SW_PID"; wait "$SW_PID"; } 2>/dev/null || true
	pkill -KILL -u "$BOX" 2>/dev/null || true
	pkill -u "$CALLER" -f "$T/trayhost.py" 2>/dev/null || true
}

# Sends a notification every half second, as a chat app whose messages keep
# coming; the first may leave before the client is there to take it.
CHAT='for i in $(seq 40); do notify-send -a Chat "New message $i" "from Alice"; sleep 0.5; done'

wait_shown() {
	for _ in $(seq 150); do [ -s "$SHOWN" ] && return 0; sleep 0.1; done
	echo "no notification reached the caller's daemon" >&2
	cat "$SW_LOG" >&2
	return 1
}

stop_sw() {
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

@test "the app's notifications reach the caller's notification daemon, marked as the sandbox's" {
	SW_BIN=$T/notify sw_bg -- /bin/sh -c "$CHAT"
	wait_shown
	cat "$SHOWN"
	first=$(head -1 "$SHOWN")
	jq -e '.summary | test("^\\[sandbox\\] New message [0-9]+$")' <<<"$first"
	jq -e '.body == "from Alice"' <<<"$first"
	jq -e '.app_name | startswith("Chat [sandbox]")' <<<"$first"
	stop_sw
	refute pgrep -a -u "$BOX" -x dbus-daemon
}

@test "no notification is lost at the start: five sent as the app starts all reach the caller" {
	SW_BIN=$T/notify sw_bg -- /bin/sh -c 'for i in 1 2 3 4 5; do notify-send -a Chat "Start $i" "from Alice" || echo "notify-send $i failed"; done; sleep 30'
	for _ in $(seq 150); do [ "$(wc -l <"$SHOWN")" -ge 5 ] && break; sleep 0.1; done
	cat "$SHOWN" "$SW_LOG"
	[ "$(jq -r .summary "$SHOWN")" = "$(printf '[sandbox] Start %s\n' 1 2 3 4 5)" ]
	stop_sw
}

@test "with notifications off, none reaches the caller" {
	sw_bg -- /bin/sh -c "xclock -title sw-no-notify & $CHAT"
	wait_window sw-no-notify
	# With notifications on, the first arrives within a second (the test above).
	never_within 3 test -s "$SHOWN"
	cat "$SW_LOG"
	stop_sw
}

@test "a hostile notification arrives as plain text: no icon, action, hint or link" {
	SW_BIN=$T/notify sw_bg -- /bin/sh -c 'for i in $(seq 40); do
		gdbus call --session --dest org.freedesktop.Notifications \
			--object-path /org/freedesktop/Notifications \
			--method org.freedesktop.Notifications.Notify Evil 0 file:///etc/shadow \
			"Urgent $i" "<a href=\"https://evil.example/\">click</a> & <b>more</b>" \
			"[\"default\", \"Open\", \"run\", \"Run\"]" \
			"{\"desktop-entry\": <\"xterm\">, \"sound-file\": <\"/etc/shadow\">, \"image-path\": <\"/etc/shadow\">, \"urgency\": <byte 2>}" \
			5000 >/dev/null; sleep 0.5; done'
	wait_shown
	cat "$SHOWN"
	first=$(head -1 "$SHOWN")
	jq -e '.app_icon == "" and .actions == [] and .hints == []' <<<"$first"
	jq -e '.summary | startswith("[sandbox] Urgent")' <<<"$first"
	jq -e '.body | test("[<>&]") | not' <<<"$first"
	jq -e '.body | contains("click")' <<<"$first"
	stop_sw
}

@test "with no notification daemon, xpra's own popup shows a marked-up summary as text: no red, no link" {
	export SW_ENV=
	SW_BIN=$T/notify sw_bg -- /bin/sh -c 'for i in $(seq 40); do
		notify-send -a Chat "<span foreground=\"red\" size=\"xx-large\">RED $i</span> <a href=\"https://evil.example/\">link</a>" "body"
		sleep 0.5; done'
	wait_window '"Xpra": ("Xpra" "Xpra")'
	sleep 1 # drawn
	xwininfo -root -tree | grep '"Xpra"'
	run /usr/bin/python3 "$TOP/tests/colour.py" --red Xpra
	echo "$output"
	[[ "$output" =~ ^"red 0 dark "[1-9][0-9]*$ ]]
	stop_sw
}

@test "the app has a D-Bus of its own, and cannot reach the caller's" {
	SW_BIN=$T/notify run sw -- /bin/sh -c "echo \$DBUS_SESSION_BUS_ADDRESS
		gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
			--method org.freedesktop.DBus.GetId >/dev/null && echo own-bus
		gdbus call --address '$CALLER_BUS' --dest org.freedesktop.DBus \
			--object-path /org/freedesktop/DBus --method org.freedesktop.DBus.GetId \
			>/dev/null 2>&1 && echo caller-bus || echo no-caller-bus"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = unix:path=/tmp/.dbus/bus ]
	[ "${lines[1]}" = own-bus ]
	[ "${lines[2]}" = no-caller-bus ]
	assert_clean
}

# The caller's tray, on the caller's display; TRAY_LOG says what docked.
start_tray() {
	TRAY_LOG=$BATS_TEST_TMPDIR/tray.log
	as_caller env DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" "$T/trayhost.py" \
		>"$TRAY_LOG" 2>&1 3>&- &
	for _ in $(seq 50); do grep -q ready "$TRAY_LOG" && return 0; sleep 0.1; done
	cat "$TRAY_LOG" >&2
	return 1
}

wait_docked() { # count
	wait_lines "$TRAY_LOG" '^docked' "$1" && return 0
	echo "no tray icon docked in the caller's tray" >&2
	cat "$SW_LOG" >&2
	return 1
}

@test "the app's tray icon shows in the caller's tray, a click on it brings its window, and so does a new client" {
	start_tray
	SW_BIN=$T/tray sw_bg -- /usr/bin/python3 "$T/trayapp.py" sw-chat
	wait_docked 1
	icon=$(awk '/^docked/ { print $2 }' "$TRAY_LOG" | tail -1)
	xdotool mousemove --window "$((icon))" 10 10 click 1
	wait_window 'sw-chat \[sandbox\]'
	grep -q 'sw-chat shown' "$SW_LOG"
	run ! grep 'no system tray' "$SW_LOG"
	# The client killed, the app runs on: skype-wrap --attach shows its icon again.
	pkill -KILL -u "$CALLER" -f 'xpra attach'
	for _ in $(seq 50); do grep -q 'client was killed' "$SW_LOG" && break; sleep 0.1; done
	SW_BIN=$T/tray sw --attach >"$BATS_TEST_TMPDIR/attach.log" 2>&1 &
	attach=$!
	wait_docked 2 || { cat "$BATS_TEST_TMPDIR/attach.log"; false; }
	kill "$SW_PID"
	wait "$SW_PID" "$attach" || true
	assert_clean
}

@test "with the tray off, no icon of the app's reaches the caller's tray" {
	start_tray
	sw_bg -- /bin/sh -c "xclock -title sw-no-tray & exec /usr/bin/python3 $T/trayapp.py sw-chat"
	wait_window sw-no-tray
	for _ in $(seq 100); do grep -q 'sw-chat in the tray' "$SW_LOG" && break; sleep 0.1; done
	grep -q 'sw-chat in the tray' "$SW_LOG"
	# With the tray on, an icon docks within a second (the test above).
	never_within 3 grep -q '^docked' "$TRAY_LOG"
	cat "$TRAY_LOG"
	stop_sw
}

@test "the menu launchers validate, and make install puts skype-wrap's in the menu, a chat example's with its URL scheme" {
	for f in "$TOP"/skype-wrap.desktop "$TOP"/examples/*.desktop; do
		desktop-file-validate "$f"
	done
	for h in "$TOP"/examples/*.h; do
		[ -f "${h%.h}.desktop" ] || { echo "no launcher for $h" >&2; return 1; }
	done
	make -s -C "$TOP" CONFIG=tests/config.h DESTDIR="$BATS_TEST_TMPDIR/root" install >&2
	desktop-file-validate "$BATS_TEST_TMPDIR/root/usr/local/share/applications/skype-wrap.desktop"
	grep -qx 'Exec=skype-wrap' "$BATS_TEST_TMPDIR/root/usr/local/share/applications/skype-wrap.desktop"
	# A chat example's launcher takes its app's links (skype-wrap --open).
	make -s -C "$TOP" CONFIG=examples/slack.h DESTDIR="$BATS_TEST_TMPDIR/root" install >&2
	grep -qx 'Exec=slack-wrap --open %u' "$BATS_TEST_TMPDIR/root/usr/local/share/applications/slack-wrap.desktop"
	grep -qx 'x-scheme-handler/slack=slack-wrap.desktop;' "$BATS_TEST_TMPDIR/root/usr/local/share/applications/mimeinfo.cache"
	make -s -C "$TOP" CONFIG=tests/config.h >&2
}
