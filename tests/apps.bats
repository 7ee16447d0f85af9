#!/usr/bin/env bats
# Real apps as people run them: Debian's Chromium (standing in for every
# Electron app) and Firefox ESR, each from its example config built as the
# example says, render a local page whose colour is read back from the
# caller's screen, take typed text and end clean; a GTK and a Qt app show
# their windows, scaled as the caller's desktop is.
load lib

PAGE=/home/$BOX/sw-page.html
BLOCK=/home/$BOX/sw-block.html
CAPTURE=/home/$BOX/sw-capture.html

setup_file() {
	build_example chromium examples/chromium.h
	build_example firefox examples/firefox.h
	build_example default config.h
	# Firefox ended by SIGTERM offers its session back at the next start,
	# the second time in a tab of its own: each run starts afresh.
	rm -rf "/home/$BOX/.config/mozilla" "/home/$BOX/.mozilla"
	install -m 0755 "$TOP/tests/toolkit-window.py" "$T/toolkit-window.py"
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
	# A block 300 CSS pixels wide: 300 screen pixels at 96 dpi, 600 at 192.
	cat >"$BLOCK" <<'HTML'
<!doctype html>
<title>sw-block</title>
<body style="margin:0; background:#ffffff">
<div style="margin:20px; width:300px; height:60px; background:#ff0000"></div>
HTML
	chmod 0644 "$BLOCK"
	# At a key, captures the screen (getDisplayMedia, as a call app shares
	# it) and counts its pixels of the caller's green, #00c000: blue while
	# there are more than 50000, white otherwise; the count in its title.
	cat >"$CAPTURE" <<'HTML'
<!doctype html>
<title>sw-capture</title>
<body style="margin:0; background:#ffffff">
<input id="field" autofocus style="position:fixed; top:0; left:0; width:60px">
<video id="video" muted style="display:none"></video>
<canvas id="canvas" style="display:none"></canvas>
<script>
field.onkeydown = async () => {
	field.onkeydown = null;
	video.srcObject = await navigator.mediaDevices.getDisplayMedia({ video: true });
	await video.play();
	setInterval(() => {
		canvas.width = video.videoWidth;
		canvas.height = video.videoHeight;
		const g = canvas.getContext("2d");
		g.drawImage(video, 0, 0);
		const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
		let n = 0;
		for (let i = 0; i < d.length; i += 4)
			if (d[i] < 32 && d[i + 1] > 160 && d[i + 1] < 224 && d[i + 2] < 32)
				n++;
		document.title = "sw-capture " + n;
		document.body.style.background = n > 50000 ? "#0000c0" : "#ffffff";
	}, 250);
};
</script>
HTML
	chmod 0644 "$CAPTURE"
}

teardown_file() {
	rm -f "$PAGE" "$BLOCK" "$CAPTURE"
}

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
	pkill -f solidwin.py 2>/dev/null || true
	xprop -root -remove RESOURCE_MANAGER
	rm -rf "/home/$BOX/Downloads/sw-saved" "/home/$BOX/.config/sw-secret"
}

# Waits up to a minute for the window named $1 to show mostly colour $2.
wait_colour() { # name rrggbb
	local seen=
	for _ in $(seq 300); do
		seen=$(/usr/bin/python3 "$TOP/tests/colour.py" "$1")
		[ "$seen" = "$2" ] && return 0
		sleep 0.2
	done
	echo "window '$1' shows $seen, not $2" >&2
	return 1
}

# Types text into the caller's window named $1, as a person would.
type_into() { # name text
	local win
	win=$(xdotool search --name "$1" | head -1)
	xdotool windowfocus --sync "$win"
	xdotool type --delay 100 "$2"
}

# The size of the caller's window named $1, as WxH.
window_size() { # name
	xwininfo -name "$(xwininfo -root -tree | grep -o "\"$1[^\"]*\"" | head -1 | tr -d '"')" |
		awk '/Width:/ { w = $2 } /Height:/ { h = $2 } END { print w "x" h }'
}

# Ends the session as a logout would, and checks it ended clean: with the
# app's own status, 0 for a browser that saves and exits on SIGTERM, or 143.
end_session() {
	kill -TERM "$SW_PID"
	status=0
	wait "$SW_PID" || status=$?
	[ "$status" -eq 0 ] || [ "$status" -eq 143 ]
	assert_clean
}

@test "Chromium from examples/chromium.h renders a page, takes typed text and ends clean" {
	SW_BIN=$T/chromium SW_RULES=none sw_bg -- /usr/bin/chromium --no-sandbox --no-first-run "file://$PAGE"
	wait_colour sw-page 00c000
	# Sized for the caller's 1280x1024 screen, the sandbox display's too.
	size=$(window_size sw-page)
	[ "${size%x*}" -le 1280 ] && [ "${size#*x}" -le 1024 ]
	type_into sw-page sandbox
	wait_colour sw-page 0000c0
	end_session
}

# Chromium from its example shows the block, with the caller's Xft.dpi at
# DPI: prints how many screen pixels wide, once that is WIDTH or after 15 s
# (Chromium may draw a first frame before it has read the DPI).
chromium_block_width_at() { # dpi width
	local seen=
	xprop -root -f RESOURCE_MANAGER 8s -set RESOURCE_MANAGER "$(printf 'Xft.dpi:\t%s\n' "$1")"
	# A profile of its own in its /tmp: nothing of other tests' sessions.
	SW_BIN=$T/chromium SW_RULES=none sw_bg -- /usr/bin/chromium --no-sandbox --no-first-run \
		--user-data-dir=/tmp/sw-profile "file://$BLOCK"
	wait_colour sw-block ffffff
	for _ in $(seq 30); do
		seen=$(/usr/bin/python3 "$TOP/tests/colour.py" --red-width sw-block)
		[ "$seen" = "$2" ] && break
		sleep 0.5
	done
	echo "$seen"
	end_session >&2
}

@test "Chromium from examples/chromium.h draws a 300-CSS-pixel block 300 pixels wide at 96 dpi, 450 at 144, 600 at 192" {
	run chromium_block_width_at 96 300
	echo "at 96 dpi: $output"
	[ "$status" -eq 0 ] && [ "$output" = 300 ]
	run chromium_block_width_at 144 450
	echo "at 144 dpi: $output"
	[ "$status" -eq 0 ] && [ "$output" = 450 ]
	run chromium_block_width_at 192 600
	echo "at 192 dpi: $output"
	[ "$status" -eq 0 ] && [ "$output" = 600 ]
}

@test "Chromium's screen capture (getDisplayMedia) in the sandbox sees the caller's window shared with --share, and not after --share stop" {
	green=$(solid_window sw-share-green 00c000 700 100 400 300)
	SW_BIN=$T/chromium SW_RULES=none sw_bg -- /usr/bin/chromium --no-sandbox --no-first-run \
		--user-data-dir=/tmp/sw-profile '--auto-select-desktop-capture-source=Entire screen' "file://$CAPTURE"
	wait_colour sw-capture ffffff
	type_into sw-capture x
	wait_window '"sw-capture 0 '
	SW_BIN=$T/chromium run sw --share="$green"
	[ "$status" -eq 0 ]
	wait_colour sw-capture 0000c0
	# All of the window's 400x300 pixels.
	wait_window '"sw-capture 120000 '
	SW_BIN=$T/chromium run sw --share stop
	[ "$status" -eq 0 ]
	wait_colour sw-capture ffffff
	# With a screen capture running, Chromium sometimes ends its SIGTERM
	# with a trap of its own (133): its status is not the point here.
	kill -TERM "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

@test "Firefox from examples/firefox.h renders a page, takes typed text and ends clean" {
	SW_BIN=$T/firefox SW_RULES=none sw_bg -- /usr/bin/firefox-esr --no-remote "file://$PAGE"
	wait_colour sw-page 00c000
	type_into sw-page sandbox
	wait_colour sw-page 0000c0
	end_session
}

# Firefox from $1 shows the page, and is ended once it has written what
# makes its next start quick (its add-ons' start-up record).
firefox_shows_page() { # binary
	SW_BIN=$1 SW_RULES=none sw_bg -- /usr/bin/firefox-esr --no-remote "file://$PAGE"
	wait_colour sw-page 00c000
	for _ in $(seq 100); do
		compgen -G "/home/$BOX/.config/mozilla/firefox/*/addonStartup.json.lz4" >/dev/null && break
		sleep 0.1
	done
	end_session
}

@test "Firefox paints its page on two starts in a row, under config.h and under its example" {
	for bin in "$T/default" "$T/firefox"; do
		rm -rf "/home/$BOX/.config/mozilla"
		firefox_shows_page "$bin"
		firefox_shows_page "$bin"
	done
}

@test "from a Wayland desktop (sway with Xwayland), Chromium from its example shows its page, takes typed text and ends clean" {
	start_sway
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
	stop_sway
	assert_clean
}

# A GTK and a Qt window of 300x200 in a session, with the caller's Xft.dpi
# at DPI: prints the size each shows at, as "gtk WxH qt WxH".
toolkit_windows_at() { # dpi
	xprop -root -f RESOURCE_MANAGER 8s -set RESOURCE_MANAGER "$(printf 'Xft.dpi:\t%s\n' "$1")"
	sw_bg -- /bin/sh -c "$T/toolkit-window.py gtk sw-gtk 300 200 & $T/toolkit-window.py qt sw-qt 300 200"
	wait_window sw-gtk
	wait_window sw-qt
	echo "gtk $(window_size sw-gtk) qt $(window_size sw-qt)"
	end_session >&2
}

@test "GTK and Qt apps show their windows at the caller's scale: 96, 144 and 192 dpi" {
	run toolkit_windows_at 96
	[ "$status" -eq 0 ] && [ "$output" = "gtk 300x200 qt 300x200" ]
	# 150 %: Qt scales by 1.5; GTK only by whole factors, its text alone grows.
	run toolkit_windows_at 144
	[ "$status" -eq 0 ] && [ "$output" = "gtk 300x200 qt 450x300" ]
	run toolkit_windows_at 192
	[ "$status" -eq 0 ] && [ "$output" = "gtk 600x400 qt 600x400" ]
}

@test "the sandbox display has the caller's screen size and DPI" {
	xprop -root -f RESOURCE_MANAGER 8s -set RESOURCE_MANAGER "$(printf 'Xft.dpi:\t144\n')"
	# The app may start before the server has set Xft.dpi: it waits.
	run sw -- /bin/sh -c 'xdpyinfo | grep -E "dimensions|resolution"
		for _ in $(seq 100); do xprop -root RESOURCE_MANAGER | grep Xft.dpi && break; sleep 0.1; done'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ dimensions:\ +1280x1024\ pixels ]]
	[[ "${lines[1]}" =~ resolution:\ +144x144\ dots\ per\ inch ]]
	[[ "${lines[2]}" =~ Xft.dpi:\\t144 ]]
}

@test "the group may take what the app saves in Downloads, and nothing else of it" {
	run sw -- /bin/sh -c "echo saved >/home/$BOX/Downloads/sw-saved; echo secret >/home/$BOX/.config/sw-secret"
	[ "$status" -eq 0 ]
	run as_caller cat "/home/$BOX/Downloads/sw-saved"
	[ "$output" = saved ]
	run as_caller cat "/home/$BOX/.config/sw-secret"
	[ "$status" -ne 0 ]
	[[ "$output" =~ "Permission denied" ]]
	[ "$(cat "/home/$BOX/.config/sw-secret")" = secret ]
}
