# Shared by the test files: names, the caller's session, and what a clean
# end of a session looks like.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
T=/var/tmp/skype-wrap-tests   # binaries must sit where the caller can run them
BOX=swbox                      # the sandbox user of tests/config.h
CALLER=swcaller                # a member of the swbox group
OTHER=swother                  # not a member
MEMBER=swmember                # another member of the swbox group
CALLER_DISPLAY=:90
export XAUTHORITY=$T/caller.xauth DISPLAY=$CALLER_DISPLAY
load assert

create_users() {
	getent group "$BOX" >/dev/null || groupadd --system "$BOX"
	id "$BOX" >/dev/null 2>&1 ||
		useradd --system --gid "$BOX" --create-home --home-dir "/home/$BOX" \
			--shell /usr/sbin/nologin "$BOX"
	chown "$BOX:$BOX" "/home/$BOX"
	chmod 0710 "/home/$BOX"
	install -d -o "$BOX" -g "$BOX" "/home/$BOX/xpra"
	chmod 00710 "/home/$BOX/xpra"
	id "$CALLER" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$CALLER"
	usermod -aG "$BOX" "$CALLER"
	id "$OTHER" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$OTHER"
	id "$MEMBER" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$MEMBER"
	usermod -aG "$BOX" "$MEMBER"
}

# A real X server for the caller, with a cookie only the caller (and root) holds.
start_caller_display() {
	rm -f "$XAUTHORITY"
	xauth -q -f "$XAUTHORITY" add "$CALLER_DISPLAY" . "$(mcookie)" 2>/dev/null
	chown "$CALLER" "$XAUTHORITY"
	chmod 0600 "$XAUTHORITY"
	Xvfb "$CALLER_DISPLAY" -nolisten tcp -noreset -auth "$XAUTHORITY" -screen 0 1280x1024x24 \
		>/dev/null 2>&1 &
	echo $! >"$T/xvfb.pid"
	for _ in $(seq 100); do
		xdpyinfo >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "the caller's Xvfb did not start" >&2
	return 1
}

# Runs skype-wrap ($SW_BIN, default the test binary) with ARGS as $SW_USER
# (default the caller), from a clean X session environment plus $SW_ENV, in a
# fresh network namespace holding the firewall rules of tests/config.h
# (none with SW_RULES=none, only the IPv4 ones with SW_RULES=ipv4).
sw() {
	unshare -n -- "$TOP/tests/caller-session" "${SW_BIN:-$T/skype-wrap}" "$@"
}

# Starts sw in the background, its output in $SW_LOG. SW_PID is skype-wrap's
# own pid: unshare, the session script, setpriv and env each exec the next.
sw_bg() {
	SW_LOG=$BATS_TEST_TMPDIR/sw.log
	unshare -n -- "$TOP/tests/caller-session" "${SW_BIN:-$T/skype-wrap}" "$@" >"$SW_LOG" 2>&1 3>&- &
	# shellcheck disable=SC2034 # the tests wait for and signal it
	SW_PID=$!
}

# Waits up to 30 s until FILE has N lines that match PATTERN (grep's).
wait_lines() { # file pattern n
	for _ in $(seq 300); do
		[ "$(grep -c -- "$2" "$1")" -ge "$3" ] && return 0
		sleep 0.1
	done
	cat "$1" >&2
	return 1
}

# Builds a variant of the test binary whose config differs by a sed script.
build_variant() { # name sed-script
	sed "$2" "$TOP/tests/config.h" >"$T/$1.h"
	make -s -C "$TOP" CONFIG="$T/$1.h" BIN="$T/$1" >&2
	chmod 4755 "$T/$1"
}

# Builds $T/NAME from the settings file HEADER (of the tree) for the suite's
# sandbox user and display, with no disk quota and no firewall rules
# (tests/examples.bats loads those).
build_example() { # name header
	sed -e "s/^static const char \*sandbox_user = .*/static const char *sandbox_user = \"$BOX\";/" \
		-e 's/^static const unsigned displaynum = .*/static const unsigned displaynum = 200;/' \
		-e 's/^static const unsigned long long quota_kib = .*/static const unsigned long long quota_kib = 0;/' \
		-e '/^\t"-A OUTPUT/d' "$TOP/$2" >"$T/$1.h"
	make -s -C "$TOP" CONFIG="$T/$1.h" BIN="$T/$1" >&2
	chmod 4755 "$T/$1"
}

# Clicks the Nth button from the left of the window, as a person does: the
# buttons are the widgets of its bottom row (xwininfo's tree).
click_button() { # window n
	local x y
	read -r x y < <(xwininfo -tree -id "$1" | awk -v n="$2" '
		NF >= 2 && $(NF-1) ~ /^[0-9]+x[0-9]+\+[0-9]+\+[0-9]+$/ && $NF ~ /^\+[0-9]+\+[0-9]+$/ {
			split($(NF-1), g, /[x+]/); split($NF, a, "+")
			if (g[4] > top) { top = g[4]; k = 0 }
			if (g[4] == top) { k++; left[k] = g[3]; cx[k] = a[2] + int(g[1] / 2); cy[k] = a[3] + int(g[2] / 2) }
		}
		END {
			for (i = 1; i <= k; i++) { r = 1; for (j = 1; j <= k; j++) r += left[j] < left[i]; if (r == n) print cx[i], cy[i] }
		}')
	[ -n "$x" ]
	xdotool mousemove --sync "$x" "$y" click 1
}

# Waits until a window whose name contains $1 is mapped on the caller's display.
wait_window() {
	for _ in $(seq 300); do
		xwininfo -root -tree | grep -q -- "$1" && return 0
		sleep 0.1
	done
	echo "no window '$1' on $DISPLAY" >&2
	return 1
}

# Maps a caller's window of one colour (tests/solidwin.py), and prints its
# id; what it gets of input goes to $BATS_TEST_TMPDIR/NAME.log.
solid_window() { # name colour x y w h
	local log=$BATS_TEST_TMPDIR/$1.log
	as_caller env DISPLAY=:90 XAUTHORITY="$XAUTHORITY" python3 "$T/solidwin.py" "$@" >"$log" 2>&1 3>&- &
	wait_lines "$log" '^0x' 1
	head -1 "$log"
}

# How many pixels of colour the app's last read of its display's root
# (tests/rootwatch.py, its lines in $SW_LOG) found.
seen() { # colour
	grep '^root ' "$SW_LOG" | tail -1 | awk -v c="$1" '{ for (i = 2; i < NF; i += 2) if ($i == c) print $(i + 1) }'
}

# Waits up to 2 s until the app's reads find at least (or, with -z, none
# of) colour.
wait_seen() { # [-z] colour
	local none=0
	[ "$1" != -z ] || { none=1; shift; }
	for _ in $(seq 20); do
		sleep 0.1
		local n
		n=$(seen "$1")
		if [ "$none" = 1 ]; then [ "$n" -eq 0 ] && return 0; else [ "$n" -ge 100000 ] && return 0; fi
	done
	grep -v '^root ' "$SW_LOG" >&2
	tail -1 "$SW_LOG" >&2
	return 1
}

# The run states of a live process, for pgrep -r: a session's processes
# whose skype-wrap was SIGKILLed leave zombies that the host's init reaps in
# its own time (seconds, on these machines).
LIVE=R,S,D,T,t,I

# Nothing of a session remains: no live process of the sandbox user, no
# attach client of the caller, no Xpra socket, no X lock or socket of its
# display.
assert_clean() {
	if pgrep -r "$LIVE" -u "$BOX" >/dev/null; then
		echo "processes of $BOX remain:" >&2
		ps -f -u "$BOX" >&2
		return 1
	fi
	if pgrep -u "$CALLER" -f 'xpra attach' >/dev/null; then
		echo "an attach client remains" >&2
		return 1
	fi
	local left
	left=$(ls -A "/home/$BOX/xpra"; ls -d /tmp/.X2[0-9][0-9]-lock /tmp/.X11-unix/X2[0-9][0-9] \
		/tmp/.X[0-9][0-9][0-9][0-9]*-lock /tmp/.X11-unix/X[0-9][0-9][0-9][0-9]* 2>/dev/null || true)
	if [ -n "$left" ]; then
		echo "files remain: $left" >&2
		return 1
	fi
}

# The caller typed a password, "hunter2", into their window sw-caller-win,
# which logs the keys it gets to $BATS_TEST_TMPDIR/caller.log: all 7 reached
# it, and none the app's windows whose names match the pattern.
caller_got_password() { # app-window-pattern
	local log=$BATS_TEST_TMPDIR/caller.log
	for _ in $(seq 50); do
		[ "$(grep -c 'sw-caller-win key' "$log")" -lt 7 ] || break
		sleep 0.1
	done
	cat "$SW_LOG" "$log"
	[ "$(grep -c 'sw-caller-win key' "$log")" -eq 7 ]
	refute grep -E "$1 key" "$SW_LOG"
}

# Runs a command as the caller with the caller's session environment.
as_caller() {
	setpriv --reuid="$CALLER" --regid="$CALLER" --init-groups env -i PATH=/usr/bin:/bin \
		HOME="/home/$CALLER" XDG_RUNTIME_DIR="/run/user/$(id -u "$CALLER")" "$@"
}

# The caller's own PulseAudio daemon, with a null sink whose monitor shows
# what was played.
start_pulse() {
	local run
	run=/run/user/$(id -u "$CALLER")
	install -d -m 0700 -o "$CALLER" -g "$CALLER" "$run"
	cat >"$T/caller.pa" <<'PA'
load-module module-native-protocol-unix
load-module module-null-sink sink_name=testsink
set-default-sink testsink
set-default-source testsink.monitor
PA
	chmod 0644 "$T/caller.pa"
	as_caller pulseaudio --daemonize=yes --exit-idle-time=-1 -n -F "$T/caller.pa"
	for _ in $(seq 50); do
		as_caller pactl info >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "the caller's pulseaudio did not start" >&2
	return 1
}

stop_pulse() {
	pkill -u "$CALLER" -x pulseaudio || true
	for _ in $(seq 50); do
		pgrep -u "$CALLER" -x pulseaudio >/dev/null || return 0
		sleep 0.1
	done
}

# The caller's PipeWire stack, as a desktop runs it: a D-Bus session bus,
# pipewire, wireplumber and pipewire-pulse, with a null sink whose monitor
# shows what was played.
start_pipewire() {
	local run bus
	run=/run/user/$(id -u "$CALLER")
	install -d -m 0700 -o "$CALLER" -g "$CALLER" "$run"
	bus=$(as_caller dbus-daemon --session --fork --print-address=1 --nopidfile)
	for daemon in pipewire wireplumber pipewire-pulse; do
		as_caller env DBUS_SESSION_BUS_ADDRESS="$bus" "$daemon" >/dev/null 2>&1 &
		for _ in $(seq 50); do [ -S "$run/pipewire-0" ] && break; sleep 0.1; done
	done
	for _ in $(seq 50); do as_caller pactl info >/dev/null 2>&1 && break; sleep 0.1; done
	as_caller pactl load-module module-null-sink sink_name=testsink >/dev/null
	sleep 0.5 # wireplumber takes the new node
	as_caller pactl set-default-sink testsink
	as_caller pactl set-default-source testsink.monitor
	# shellcheck disable=SC2034 # audio.bats's teardown reads it
	PIPEWIRE=1
}

stop_pipewire() {
	pkill -u "$CALLER" -x 'pipewire|wireplumber|pipewire-pulse|dbus-daemon' || true
	for _ in $(seq 50); do
		pgrep -u "$CALLER" -x 'pipewire|wireplumber|pipewire-pulse|dbus-daemon' >/dev/null || break
		sleep 0.1
	done
	# shellcheck disable=SC2034 # audio.bats's teardown reads it
	PIPEWIRE=
}

# The caller's Wayland desktop (tests/wayland.bats): sway, headless, as the
# caller, as GNOME and KDE run theirs, at 1280x1024, Xwayland started with
# it, every X window floating at the size it asks for. Its exec line says
# where it is: WL_X, WL_DISPLAY, SWAYSOCK; RUN is the caller's runtime
# directory, DESKTOP_ENV what its launchers pass (for SW_ENV).
start_sway() {
	install -m 0755 "$TOP/tests/shot.py" "$T/shot.py"
	RUN=/run/user/$(id -u "$CALLER")
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
	DESKTOP_ENV="DISPLAY=$WL_X WAYLAND_DISPLAY=$WL_DISPLAY XDG_RUNTIME_DIR=$RUN XAUTHORITY="
	export RUN WL_X WL_DISPLAY SWAYSOCK DESKTOP_ENV
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
	SW_ENV=$DESKTOP_ENV sw_bg "$@"
}

# The size (WxH) of what shows in colour RRGGBB on the desktop now, or
# "none".
shown_now() { # rrggbb
	on_desktop grim -t ppm - | "$T/shot.py" "$1"
}

# The same, once there is some, or "none" after 60 s.
shown() { # rrggbb
	local seen=none
	for _ in $(seq 120); do
		seen=$(shown_now "$1")
		[ "$seen" != none ] && break
		sleep 0.5
	done
	echo "$seen"
}

stop_sway() {
	kill "$(cat "$T/sway.pid")"
	for _ in $(seq 50); do pgrep -u "$CALLER" -x 'sway|Xwayland' >/dev/null || break; sleep 0.1; done
	rm -f "$RUN/sway.env"
}

# The RMS amplitude of a raw recording: s16le, 44.1 kHz, stereo.
rms_of() {
	sox -t raw -r 44100 -e signed -b 16 -c 2 "$1" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}'
}

# The RMS of what the caller's null sink (testsink, or the one named)
# plays: the loudest of up to six half seconds (a tunnel into PipeWire takes
# about a second to sound).
caller_hears() { # [sink]
	local rms best=0
	for _ in $(seq 6); do
		{ as_caller timeout 5 parec -d "${1:-testsink}.monitor" --format=s16le --rate=44100 \
			--channels=2 --latency-msec=20 2>/dev/null || true; } |
			head -c 88200 >"$BATS_TEST_TMPDIR/rec.raw"
		rms=$(rms_of "$BATS_TEST_TMPDIR/rec.raw")
		best=$(awk -v a="$best" -v b="$rms" 'BEGIN { print (b > a ? b : a) }')
		awk -v r="$best" 'BEGIN { exit !(r > 0.1) }' && break
	done
	echo "$best"
}

# Nothing of the session's sound is left: no daemon, no relay, no socket, and
# the caller's server has the modules it had ($1, from pactl list short
# modules).
assert_audio_clean() {
	refute pgrep -a -u "$BOX" -x pulseaudio
	refute pgrep -a -u "$CALLER" -f "^$T/" # the relay is a child of skype-wrap, as the caller
	refute pgrep -a -u "$CALLER" -x pactl  # its watch on the caller's server
	[ ! -e "/run/skype-wrap/$BOX" ]
	[ "$(as_caller pactl list short modules)" = "$1" ]
}

# The test VMs (tests/vm/). Builds $BATS_FILE_TMPDIR/NAME, setuid root, from
# tests/config.h for the guest: its sandbox user vmbox, no firewall rules (no
# iptables there), the Landlock ABI of Debian 12's kernel (2), busybox as
# the app, and the changes of the sed script given.
vm_binary() { # NAME SED-SCRIPT
	local h=$BATS_FILE_TMPDIR/$1.h
	sed -e 's/"swbox"/"vmbox"/' -e 's|"/usr/bin/xclock"|"/bin/busybox"|' \
		-e '/^\t"-A OUTPUT/d' -e 's/landlock_min_abi = [0-9]*;/landlock_min_abi = 1;/' \
		-e "$2" "$TOP/tests/config.h" >"$h"
	if ! grep -q '"vmbox"' "$h" || ! grep -q '"/bin/busybox"' "$h" || grep -q -- '-A OUTPUT' "$h"; then
		echo "tests/config.h changed: fix the sed in vm_binary" >&2
		return 1
	fi
	make -s -C "$TOP" CONFIG="$h" BIN="$BATS_FILE_TMPDIR/$1" >&2
	chmod 4755 "$BATS_FILE_TMPDIR/$1"
}

# Boots a VM (tests/vm/boot INIT MODULES FILE...) that runs every case at
# once: its console in $BATS_FILE_TMPDIR/console.log, or where this machine
# cannot run it, the reason in $BATS_FILE_TMPDIR/skip.
boot_vm() { # INIT MODULES FILE...
	local dir=$BATS_FILE_TMPDIR rc=0
	"$TOP/tests/vm/boot" "$dir" "$@" >"$dir/console.log" 2>"$dir/boot.err" || rc=$?
	if [ "$rc" -eq 77 ]; then
		cp "$dir/boot.err" "$dir/skip"
	elif [ "$rc" -ne 0 ] || ! grep -q '^==== done$' "$dir/console.log"; then
		cat "$dir/boot.err" "$dir/console.log" >&2
		echo "the VM did not run every case (exit $rc)" >&2
		return 1
	fi
}

# Puts what the guest printed for case NAME in $output.
vm_case() { # NAME
	[ ! -f "$BATS_FILE_TMPDIR/skip" ] || skip "no VM: $(cat "$BATS_FILE_TMPDIR/skip")"
	output=$(sed -n "/^==== case $1\$/,/^==== end $1\$/p" "$BATS_FILE_TMPDIR/console.log")
	echo "$output"
}
