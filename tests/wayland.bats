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
