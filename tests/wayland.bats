#!/usr/bin/env bats
# A caller on a Wayland desktop: sway's headless backend with Xwayland, run
# as the caller, as GNOME and KDE run theirs. skype-wrap gets what a
# desktop's launcher passes (DISPLAY of Xwayland, WAYLAND_DISPLAY,
# XDG_RUNTIME_DIR, no X cookie: Xwayland admits the caller by uid), and its
# attach client is an X11 client of Xwayland. What shows is read back from
# the compositor's own screenshot (grim): Xwayland's root window shows
# nothing of the desktop.
load lib

PAGE=/home/$BOX/sw-page.html

setup_file() {
	build_example chromium examples/chromium.h
	install -m 0755 "$TOP/tests/shot.py" "$T/shot.py"
	# Green; blue once "sandbox" is typed into its field.
	cat >"$PAGE" <<'HTML'
<!doctype html>
<title>sw-page</title>
<body style="margin:0; background:#00c000">
<input id="field" autofocus style="position:fixed; top:0; left:0; width:60px">
<script>
field.oninput = () => {
	if (field.value === "sandbox")
		document.body.style.background = "#0000c0";
};
</script>
HTML
	chmod 0644 "$PAGE"
	start_sway
}

teardown_file() {
	kill "$(cat "$T/sway.pid")"
	for _ in $(seq 50); do pgrep -u "$CALLER" -x 'sway|Xwayland' >/dev/null || break; sleep 0.1; done
	rm -f "$PAGE" "$RUN/sway.env"
}

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
}

RUN=/run/user/$(id -u "$CALLER")

# The caller's desktop: sway at 1280x1024, Xwayland started with it, every
# X window floating at the size it asks for. Its exec line says where it is.
start_sway() {
	install -d -m 0700 -o "$CALLER" -g "$CALLER" "$RUN"
	rm -f "$RUN/sway.env"
	cat >"$T/sway.conf" <<CONF
xwayland force
output HEADLESS-1 mode 1280x1024
for_window [shell="xwayland"] floating enable
exec sh -c 'echo "\$DISPLAY \$WAYLAND_DISPLAY \$SWAYSOCK" >$RUN/sway.env.new && mv $RUN/sway.env.new $RUN/sway.env'
CONF
	chmod 0644 "$T/sway.conf"
	setpriv --reuid="$CALLER" --regid="$CALLER" --init-groups env -i PATH=/usr/bin:/bin \
		HOME="/home/$CALLER" XDG_RUNTIME_DIR="$RUN" WLR_BACKENDS=headless WLR_RENDERER=pixman \
		sway -c "$T/sway.conf" >"$T/sway.log" 2>&1 3>&- &
	echo $! >"$T/sway.pid"
	for _ in $(seq 100); do [ -s "$RUN/sway.env" ] && break; sleep 0.1; done
	read -r WL_X WL_DISPLAY SWAYSOCK <"$RUN/sway.env"
	export WL_X WL_DISPLAY SWAYSOCK
	for _ in $(seq 100); do on_desktop xdpyinfo >/dev/null 2>&1 && return 0; sleep 0.1; done
	cat "$T/sway.log" >&2
	return 1
}

# Runs a command as the caller, with the environment of the Wayland desktop.
on_desktop() {
	as_caller env DISPLAY="$WL_X" WAYLAND_DISPLAY="$WL_DISPLAY" SWAYSOCK="$SWAYSOCK" "$@"
}

# skype-wrap started in the background as a hotkey of the Wayland desktop
# starts it.
sw_on_desktop() {
	SW_ENV="DISPLAY=$WL_X WAYLAND_DISPLAY=$WL_DISPLAY XDG_RUNTIME_DIR=$RUN XAUTHORITY=" sw_bg "$@"
}

# The size (WxH) of what shows in colour RRGGBB on the desktop, once there
# is some, or "none" after 60 s.
shown() { # rrggbb
	local seen=none
	for _ in $(seq 120); do
		seen=$(on_desktop grim -t ppm - | "$T/shot.py" "$1")
		[ "$seen" != none ] && break
		sleep 0.5
	done
	echo "$seen"
}

# xclock in a session, 300x200 and red: the size it shows at.
red_clock_size() {
	sw_on_desktop -- xclock -geometry 300x200 -bg '#ff0000' -fg '#ff0000' -hd '#ff0000' -hl '#ff0000'
	shown ff0000
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean >&2
}

@test "from a Wayland desktop, the app shows with its pixels, at twice its size at output scale 2, and ends clean" {
	run red_clock_size
	echo "scale 1: $output"
	[ "$status" -eq 0 ] && [ "$output" != none ]
	one=$output
	on_desktop swaymsg output HEADLESS-1 scale 2
	run red_clock_size
	on_desktop swaymsg output HEADLESS-1 scale 1
	echo "scale 2: $output"
	[ "$status" -eq 0 ]
	[ "$output" = "$((2 * ${one%x*}))x$((2 * ${one#*x}))" ]
	refute pgrep -a -u "$CALLER" -f 'xpra attach'
}

@test "from a Wayland desktop, Chromium from its example shows its page, takes typed text and ends clean" {
	SW_BIN=$T/chromium SW_RULES=none sw_on_desktop -- /usr/bin/chromium --no-sandbox --no-first-run \
		--user-data-dir=/tmp/sw-profile "file://$PAGE"
	size=$(shown 00c000)
	echo "green: $size"
	[ "$size" != none ]
	# sway gives the new window the keyboard focus, as a desktop does.
	on_desktop xdotool type --delay 100 sandbox
	size=$(shown 0000c0)
	echo "blue: $size"
	[ "$size" != none ]
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

@test "from a Wayland desktop, nothing of the desktop's Wayland socket reaches the app" {
	SW_ENV="DISPLAY=$WL_X WAYLAND_DISPLAY=$WL_DISPLAY XDG_RUNTIME_DIR=$RUN XAUTHORITY=" run sw -- \
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
	for _ in $(seq 50); do
		[ "$(grep -c 'sw-caller-win key' "$BATS_TEST_TMPDIR/caller.log")" -lt 7 ] || break
		sleep 0.1
	done
	cat "$SW_LOG" "$BATS_TEST_TMPDIR/caller.log"
	[ "$(grep -c 'sw-caller-win key' "$BATS_TEST_TMPDIR/caller.log")" -eq 7 ]
	refute grep -E 'sw-(grabber|activator) key' "$SW_LOG"
	kill "$SW_PID"
	wait "$SW_PID" || true
	pkill -u "$CALLER" -f "$T/keylog.py"
	assert_clean
}
