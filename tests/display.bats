#!/usr/bin/env bats
# The display path, attacked: by the app (a keyboard grab, its own server),
# by another member of the group (the session's socket, --attach, --stop)
# and by a stranger (the abstract X socket name). Each attack fails and the
# session goes on.
load lib

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
	pkill -u "$CALLER" -f keylog.py 2>/dev/null || true
	pkill -x xclip 2>/dev/null || true
	pkill -u "$MEMBER" 2>/dev/null || true
	chmod 0710 "/home/$BOX" "/home/$BOX/xpra"
}

as_member() {
	setpriv --reuid="$MEMBER" --regid="$MEMBER" --init-groups env -i PATH=/usr/bin:/bin \
		HOME="/home/$MEMBER" "$@"
}

# The session's Xpra socket, once the server answers the caller.
session_socket() {
	for _ in $(seq 100); do
		sock=$(ls "/home/$BOX/xpra/"* 2>/dev/null) &&
			as_caller xpra info "socket://$sock" >/dev/null 2>&1 && echo "$sock" && return 0
		sleep 0.2
	done
	return 1
}

# The caller's own window (tests/keylog.py), which logs the keys it gets.
start_caller_window() {
	as_caller env DISPLAY=:90 XAUTHORITY="$XAUTHORITY" "$T/keylog.py" sw-caller-win \
		>"$BATS_TEST_TMPDIR/caller.log" 2>&1 &
	wait_window sw-caller-win
}

# The caller focuses their window and types a password: every key reaches
# it, none the app's window NAME.
caller_types_safely() { # NAME
	caller_win=$(xdotool search --name '^sw-caller-win$' | head -1)
	xdotool windowfocus --sync "$caller_win"
	xdotool type --delay 100 hunter2
	caller_got_password "$1"
}

@test "a keyboard grab in the sandbox does not take the keys typed into the caller's other windows" {
	start_caller_window
	sw_bg -- "$T/keylog.py" sw-grabber grab
	wait_window sw-grabber
	# The caller clicks into the app's window, which then grabs the keyboard.
	xdotool windowfocus --sync "$(xdotool search --name 'sw-grabber' | head -1)"
	for _ in $(seq 100); do grep -q 'sw-grabber grabbed' "$SW_LOG" && break; sleep 0.1; done
	grep -q 'sw-grabber grabbed' "$SW_LOG"
	sleep 1 # the server's grab request would have reached the client by now
	caller_types_safely sw-grabber
	# Keys typed into the app's own window still reach it.
	xdotool windowfocus --sync "$(xdotool search --name 'sw-grabber' | head -1)"
	xdotool type --delay 50 ok
	for _ in $(seq 30); do grep -q 'sw-grabber key k' "$SW_LOG" && break; sleep 0.1; done
	grep -q 'sw-grabber key k' "$SW_LOG"
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

@test "the app's requests to activate its window take no key typed into the caller's window" {
	start_caller_window
	sw_bg -- "$T/keylog.py" sw-activator activate
	wait_window sw-activator
	for _ in $(seq 100); do grep -q 'sw-activator activates' "$SW_LOG" && break; sleep 0.1; done
	grep -q 'sw-activator activates' "$SW_LOG"
	caller_types_safely sw-activator
	[ "$(xdotool getwindowfocus)" = "$caller_win" ]
	# Dropped, and counted in the session's log.
	grep -Eq "^skype-wrap: attach: dropped 1 '(raise-window|window-raise)' messages of the server$" "$SW_LOG"
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

# The colour of the caller's screen at X Y.
colour_at() { # X Y
	/usr/bin/python3 "$TOP/tests/colour.py" --at "$1" "$2"
}

# Whether the caller's screen at X Y is the mark's orange (window_border of
# tests/config.h), as xpra blends it: red over green, next to no blue.
marked_at() { # X Y
	local c
	c=$(colour_at "$1" "$2")
	echo "$1,$2: $c"
	((0x${c:0:2} >= 0x80 && 0x${c:2:2} < 0x${c:0:2} && 0x${c:4:2} < 0x40))
}

@test "the app's windows carry the caller's mark along their edges, a full-screen override-redirect one too" {
	install -m 0755 "$TOP/tests/fakelock.py" "$T/fakelock.py"
	sw_bg -- /bin/sh -c "xclock -title sw-marked -geometry 200x200+100+100 -bg white & $T/fakelock.py sw-fakelock & wait"
	wait_window sw-marked
	for _ in $(seq 50); do [ "$(colour_at 640 512)" = 0000ff ] && break; sleep 0.1; done
	# The fake lock screen covers the caller's, blue, but its edges are the mark's.
	[ "$(colour_at 640 512)" = 0000ff ]
	marked_at 1 512
	marked_at 640 1
	pkill -u "$BOX" -f "^/usr/bin/python3 $T/fakelock.py"
	for _ in $(seq 50); do [ "$(colour_at 640 512)" != 0000ff ] && break; sleep 0.1; done
	read -r x y < <(xwininfo -name 'sw-marked [sandbox]' | awk '/Absolute upper-left X/ { x = $4 } /Absolute upper-left Y/ { print x, $4 }')
	# Along its left edge: 6.5's client pads the window by a few pixels.
	for dx in $(seq 0 9); do marked_at $((x + dx)) $((y + 100)) && break; done
	marked_at $((x + dx)) $((y + 100))
	run ! marked_at $((x + 40)) $((y + 100))
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

# A stranger's Python: "hold" binds and listens on the 64 abstract X socket
# names that skype-wrap tries first and says whether anyone connected;
# ":N" tries to bind display N's name.
STRANGER='
import select, socket, sys
name = "\0/tmp/.X11-unix/X%d"
if sys.argv[1] == "hold":
    held = []
    for n in range(200, 264):
        s = socket.socket(socket.AF_UNIX)
        s.bind(name % n)
        s.listen()
        held.append(s)
    if select.select(held, [], [], 12)[0]:
        print("stranger-connected")
else:
    try:
        socket.socket(socket.AF_UNIX).bind(name % int(sys.argv[1][1:]))
        print("stranger-took-it")
    except OSError as e:
        print("stranger:", e.strerror)
'

@test "a stranger holding the display names skype-wrap tries first blocks nothing, gets no connection, takes no name of the session's" {
	# Abstract names belong to a network namespace: the stranger's are in
	# the one the session starts in, where the app is.
	run unshare -n -- sh -c 'setpriv --reuid="$1" --regid="$1" --init-groups /usr/bin/python3 -c "$4" hold &
		hold=$!
		for _ in $(seq 50); do [ "$(ss -Hlx | grep -c "@/tmp/.X11-unix/X2[0-6][0-9] ")" -eq 64 ] && break; sleep 0.1; done
		"$2" "$3" -- /bin/sh -c "echo \$DISPLAY; xdpyinfo >/dev/null && echo display-ok; sleep 3" >"$5" &
		session=$!
		for _ in $(seq 100); do [ -s "$5" ] && break; sleep 0.1; done
		setpriv --reuid="$1" --regid="$1" --init-groups /usr/bin/python3 -c "$4" "$(head -n 1 "$5")"
		# Nothing of the server side listens where the app and the stranger
		# are: only the control socket of the supervisor, for root alone
		# (standby.bats tries it).
		ss -Hlx | grep LISTEN | grep -v -e "@/tmp/.X11-unix/X2[0-6][0-9] " -e " /run/skype-wrap/$6.control "
		wait $session; kill $hold; cat "$5"' sh "$OTHER" "$TOP/tests/caller-session" "$T/skype-wrap" \
		"$STRANGER" "$BATS_TEST_TMPDIR/app.out" "$BOX"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "stranger: Address already in use" ]
	[[ "${lines[1]}" =~ ^:[0-9]+$ ]]
	[ "${lines[1]#:}" -ge 264 ]
	[ "${lines[2]}" = display-ok ]
	[ "${#lines[@]}" -eq 3 ]
	refute grep stranger-connected <<<"$output"
	assert_clean
}

@test "with clipboard = 1, the app reads what the caller copies, never what the caller only selects, and sets the caller's clipboard alone" {
	build_variant clip 's/clipboard = 0;/clipboard = 1;/'
	SW_BIN=$T/clip sw_bg -- /bin/sh -c 'xclock & for _ in $(seq 150); do
			c=$(xclip -o -selection clipboard 2>/dev/null); p=$(xclip -o -selection primary 2>/dev/null)
			echo "clipboard=$c primary=$p"
			[ "$c" = caller-copied ] && break
			sleep 0.1
		done
		sleep 2; echo "primary=$(xclip -o -selection primary 2>/dev/null)"
		echo app-selected | xclip -selection primary; echo app-copied | xclip -selection clipboard
		sleep 30'
	wait_window xclock
	# Selected and copied again until the app reads the copy: each time
	# after the client has started to follow the caller's selections (6.5's
	# takes up no owner it missed).
	for _ in $(seq 30); do
		echo caller-selected | xclip -selection primary
		echo caller-copied | xclip -selection clipboard
		grep -q "^clipboard=caller-copied " "$SW_LOG" && break
		sleep 0.5
	done
	for _ in $(seq 100); do [ "$(xclip -o -selection clipboard)" = app-copied ] && break; sleep 0.1; done
	cat "$SW_LOG"
	grep -q "^clipboard=caller-copied " "$SW_LOG"
	refute grep caller-selected "$SW_LOG"
	[ "$(xclip -o -selection clipboard)" = app-copied ]
	[ "$(xclip -o -selection primary)" = caller-selected ]
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

@test "only the caller may use the session's socket: not another member, not the app" {
	sw_bg -- /bin/sh -c 'sleep 2; for s in "$HOME"/xpra/*; do
		xpra info "socket://$s" >/dev/null 2>&1 && echo app-got-info || echo app-refused; done; exec sleep 30'
	sock=$(session_socket)
	# No other socket of the server's: xpra 6.5 would add an abstract one,
	# which any local user may try.
	refute grep '@xpra' < <(nsenter --net="/proc/$SW_PID/ns/net" ss -Hxl)
	run as_member xpra info "socket://$sock"
	echo "$output"
	[ "$status" -ne 0 ]
	grep -Eq "(peercred )?authentication failed" <<<"$output"
	run as_member xpra screenshot "socket://$sock" "/home/$MEMBER/shot.png"
	[ "$status" -ne 0 ]
	[ ! -e "/home/$MEMBER/shot.png" ]
	# The member can neither list the directory nor move the socket aside.
	run as_member ls "/home/$BOX/xpra"
	[ "$status" -ne 0 ]
	run as_member mv "$sock" "$sock.moved"
	[ "$status" -ne 0 ]
	[ -S "$sock" ]
	for _ in $(seq 50); do grep -q app- "$SW_LOG" && break; sleep 0.1; done
	grep -qx app-refused "$SW_LOG"
	# The caller's own client is attached, with mmap, and the session runs on.
	run as_caller xpra info "socket://$sock"
	[ "$status" -eq 0 ]
	grep -Eqx 'client\.mmap\.enabled=True|client\.0\.mmap\.write\.size=[1-9][0-9]*' <<<"$output"
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

@test "a socket another member puts in the server's place gets no client of the caller's" {
	# The home and ~/xpra opened to everyone: the app can no longer do it
	# (confine.bats), an administrator's slip still could.
	sw_bg -- sleep 30
	sock=$(session_socket)
	chmod 0777 "/home/$BOX/xpra"
	chmod 0711 "/home/$BOX"
	pkill -KILL -u "$CALLER" -f '/usr/bin/xpra attach '
	as_member mv "$sock" "$sock.moved"
	as_member /usr/bin/python3 -c '
import socket, sys
import os
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o666)
s.listen(); s.settimeout(15)
c, _ = s.accept(); c.settimeout(3)
try:
    print("fake server got %d bytes" % len(c.recv(65536)), flush=True)
except socket.timeout:
    print("fake server got 0 bytes", flush=True)' "$sock" >"$BATS_TEST_TMPDIR/fake.log" 2>&1 &
	for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	SW_RULES=none run sw --attach
	echo "$output"
	wait $!
	cat "$BATS_TEST_TMPDIR/fake.log"
	[ "$status" -eq 69 ]
	grep -q "skype-wrap: attach: that socket is not the session server's" <<<"$output"
	grep -qx 'fake server got 0 bytes' "$BATS_TEST_TMPDIR/fake.log"
	kill "$SW_PID"
	wait "$SW_PID" || true
	rm -f "$sock.moved" "$sock"
}

@test "another member's --attach and --stop are refused with 77, and the session runs on" {
	sw_bg -- xclock -title sw-mine
	wait_window sw-mine
	SW_USER=$MEMBER SW_RULES=none run sw --attach
	echo "$output"
	[ "$status" -eq 77 ]
	[ "$output" = "skype-wrap: attach: the session of $BOX was started by $CALLER; only they may attach it" ]
	SW_USER=$MEMBER SW_RULES=none run sw --stop
	[ "$status" -eq 77 ]
	[ "$output" = "skype-wrap: stop: the session of $BOX was started by $CALLER; only they may stop it" ]
	kill -0 "$SW_PID"
	pgrep -u "$BOX" -x xclock
	SW_RULES=none run sw --stop
	[ "$status" -eq 0 ]
	wait "$SW_PID" || true
	assert_clean
}

@test "what the app prints reaches a terminal with control characters made visible, a pipe raw" {
	app='printf "a\033]52;c;aGVsbG8=\007b\033]0;pwned\007c \302\233x \303\251\n"'
	script -qec "unshare -n -- $TOP/tests/caller-session $T/skype-wrap -- /bin/sh -c '$app'" \
		"$BATS_TEST_TMPDIR/tty.log" >/dev/null
	cat -v "$BATS_TEST_TMPDIR/tty.log"
	grep -qF 'a^[]52;c;aGVsbG8=^Gb^[]0;pwned^Gc M-BM-^[x é' "$BATS_TEST_TMPDIR/tty.log"
	refute grep $'\033' "$BATS_TEST_TMPDIR/tty.log"
	run sw -- /bin/sh -c "$app"
	[ "$output" = "$(printf 'a\033]52;c;aGVsbG8=\007b\033]0;pwned\007c \302\233x \303\251')" ]
}

@test "windows of several of the app's processes start no process of the caller's" {
	# xpra's client would start a signal watcher per pid the server names.
	sw_bg -- /bin/sh -c 'for i in 1 2 3; do xclock -title sw-pid-$i & done; wait'
	wait_window sw-pid-1
	wait_window sw-pid-2
	wait_window sw-pid-3
	ps -f -u "$CALLER"
	refute pgrep -u "$CALLER" -f xpra_signal_listener
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}
