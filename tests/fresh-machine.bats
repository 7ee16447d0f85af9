#!/usr/bin/env bats
# README.md's first command, run literally on a pristine Debian 12 by a sudo
# user in an X session: debootstrap --variant=minbase plus xvfb, sudo and git
# (cached as a tarball in /var/cache/skype-wrap-tests; the .debs apt fetches
# are kept there too), then `skype-wrap -- xclock`, whose window must appear.
# The machine runs in a chroot in namespaces of its own (unshare -n -m -p):
# the firewall rules its setup adds stay in its network namespace, its mounts
# and processes end with it. apt-get reaches the mirror this host uses, and
# nothing else, through tests/mirror-relay. One run serves every test; each
# reads its part of the log (kept in /var/cache/skype-wrap-tests/last-run.log).
# Its own paths: /var/tmp/skype-wrap-fresh.
TOP=$(cd "$(dirname "$BATS_TEST_FILENAME")/.." && pwd)
CACHE=/var/cache/skype-wrap-tests
TARBALL=$CACHE/bookworm-minbase-xvfb-sudo-git.tar
W=/var/tmp/skype-wrap-fresh
R=$W/root

# The mirror this host's apt uses for bookworm.
host_mirror() {
	python3 - <<'PY'
import glob
for f in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list")):
    try:
        lines = open(f).read().splitlines()
    except OSError:
        continue
    for line in lines:
        words = [w for w in line.split("#")[0].split() if not w.startswith("[") and not w.endswith("]")]
        if len(words) >= 3 and words[0] == "deb" and words[2] == "bookworm":
            print(words[1].rstrip("/"))
            raise SystemExit
for f in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    for para in open(f).read().split("\n\n"):
        fields = dict(l.split(":", 1) for l in para.splitlines() if ":" in l and not l.startswith((" ", "#")))
        if "deb" in fields.get("Types", "").split() and "bookworm" in fields.get("Suites", "").split():
            print(fields["URIs"].split()[0].rstrip("/"))
            raise SystemExit
PY
}

# The firewall of this host's own network namespace, every table.
host_rules() {
	local t
	for t in filter nat mangle raw; do
		iptables -t "$t" -S 2>&1
		ip6tables -t "$t" -S 2>&1
	done
}

# No mount may remain under $W before its files go.
remove_machine() {
	if grep -q " $W[/ ]" /proc/self/mountinfo; then
		echo "mounts remain under $W:" >&2
		grep " $W[/ ]" /proc/self/mountinfo >&2
		return 1
	fi
	rm -rf --one-file-system "$W"
}

# The pristine machine, once: debootstrap, then xvfb, sudo and git.
build_tarball() { # mirror
	local tmp=$CACHE/root.build log=$CACHE/debootstrap.log
	[ -f "$TARBALL" ] && return 0
	rm -rf --one-file-system "$tmp"
	if ! unshare -m --propagation private \
		debootstrap --variant=minbase bookworm "$tmp" "$1" >"$log" 2>&1; then
		if grep -Eq "Failed getting release file|Couldn't download|Temporary failure|Could not resolve|Connection (refused|timed out)|unreachable" "$log"; then
			echo "debootstrap cannot reach $1: $(grep -m1 -E '^E:|Failed|Couldn' "$log")" \
				>"$BATS_FILE_TMPDIR/skip"
			rm -rf --one-file-system "$tmp"
			return 0
		fi
		cat "$log" >&2
		return 1
	fi
	unshare -m --propagation private sh -c "
		mount -t proc proc '$tmp/proc' &&
		mount --bind '$CACHE/apt-archives' '$tmp/var/cache/apt/archives' &&
		chroot '$tmp' sh -c 'apt-get update -q &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends xvfb sudo git'" \
		>>"$log" 2>&1 || {
		cat "$log" >&2
		return 1
	}
	rm -f "$tmp"/var/cache/apt/archives/*.deb
	tar -C "$tmp" --numeric-owner -cf "$TARBALL.part" . && mv "$TARBALL.part" "$TARBALL"
	rm -rf --one-file-system "$tmp"
}

# Runs inside the machine, as root: the newcomer's X display, README.md's
# first command as the newcomer, then a session of xclock.
inner_script() {
	cat <<'SH'
#!/bin/bash
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
say() { echo "==== $*"; }
as_newcomer() { su - newcomer -c "export DISPLAY=:300; $1" </dev/null; }
windows() { XAUTHORITY=/home/newcomer/.Xauthority xwininfo -display :300 -root -tree 2>/dev/null; }
Xvfb :300 -nolisten tcp -auth /home/newcomer/.Xauthority -screen 0 1280x1024x24 >/tmp/caller-xvfb.log 2>&1 &
for _ in $(seq 100); do [ -S /tmp/.X11-unix/X300 ] && break; sleep 0.1; done
say "first command: $(cat /root/first-command)"
start=$(date +%s)
as_newcomer "cd ~/skype-wrap && $(cat /root/first-command)" 2>&1
say "first status $? after $(($(date +%s) - start)) s"
if pgrep -f 'xpra start' >/dev/null; then say "xpra runs"; else say "no xpra"; fi
if [ -e /tmp/.X100-lock ]; then say "display made"; else say "no display"; fi
say "installed: $(stat -c '%a %U' /usr/local/bin/skype-wrap)"
say "image: $(stat -c '%U %a %s' /var/lib/skype-wrap/skype.img)"
say "allocated KiB: $(du -k /var/lib/skype-wrap/skype.img | cut -f1)"
say "fstab: $(grep skype.img /etc/fstab)"
say "mount: $(grep ' /home/skype ' /proc/self/mountinfo)"
say "check"
as_newcomer "skype-wrap --check"
say "check status $?"
# xclock, only as the app of this test.
start=$(date +%s)
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends x11-apps \
	>/tmp/x11-apps.log 2>&1 || { say "x11-apps not installed"; cat /tmp/x11-apps.log; }
say "x11-apps in $(($(date +%s) - start)) s"
start=$(date +%s%N)
as_newcomer "skype-wrap -- xclock -title sw-fresh" >/tmp/session.log 2>&1 &
session=$!
for _ in $(seq 600); do windows | grep -q sw-fresh && break; sleep 0.1; done
if windows | grep -q sw-fresh; then
	say "window seen after $((($(date +%s%N) - start) / 1000000)) ms"
	windows | grep sw-fresh
else
	say "no window"
fi
as_newcomer "skype-wrap --stop"
wait "$session"
say "session status $?"
cat /tmp/session.log
say "another app, as the message says"
as_newcomer "cd ~/skype-wrap && sudo make setup install CONFIG=examples/zoom.h && sg zoom skype-wrap" 2>&1
say "zoom status $?"
say "end"
SH
}

setup_file() {
	local mirror host port uid
	mirror=$(host_mirror)
	[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
	[[ "$mirror" =~ ^http://([^/:]+)(:([0-9]+))?(/.*)?$ ]] || {
		echo "no http mirror for bookworm in /etc/apt: $mirror" >"$BATS_FILE_TMPDIR/skip"
		return 0
	}
	host=${BASH_REMATCH[1]} port=${BASH_REMATCH[3]:-80}
	install -d -m 0755 "$CACHE" "$CACHE/apt-archives"
	build_tarball "$mirror"
	[ ! -f "$BATS_FILE_TMPDIR/skip" ] || return 0
	remove_machine
	mkdir -p "$R"
	tar -C "$R" --numeric-owner -xf "$TARBALL"

	# The newcomer: a sudo user with a checkout of skype-wrap (the working
	# tree, as tested) and an X display with a cookie of its own.
	chroot "$R" useradd --create-home --shell /bin/bash --groups sudo newcomer
	echo 'newcomer ALL=(ALL:ALL) NOPASSWD: ALL' >"$R/etc/sudoers.d/newcomer"
	chmod 0440 "$R/etc/sudoers.d/newcomer"
	uid=$(chroot "$R" id -u newcomer)
	mkdir "$R/home/newcomer/skype-wrap"
	tar -C "$TOP" --exclude=./.git --exclude=./skype-wrap -cf - . |
		tar -C "$R/home/newcomer/skype-wrap" -xf -
	xauth -q -f "$R/home/newcomer/.Xauthority" add :300 . "$(mcookie)" 2>/dev/null
	chown -R "$uid:$uid" "$R/home/newcomer"
	chmod 0600 "$R/home/newcomer/.Xauthority"
	# The mirror's name leads to the relay; the host's name to itself (sudo).
	printf '127.0.0.1 %s\n127.0.1.1 %s\n' "$host" "$(hostname)" >>"$R/etc/hosts"
	# README.md's first command: its first indented line.
	grep -m1 '^    ' "$TOP/README.md" | sed -e 's/^    //' -e 's/ *#.*//' >"$R/root/first-command"
	grep -q . "$R/root/first-command"
	inner_script >"$R/root/fresh-run"

	host_rules >"$W/rules.before"
	python3 "$TOP/tests/mirror-relay" out "$W/mirror.sock" "$host" "$port" >"$W/relay.log" 2>&1 &
	echo $! >"$W/relay.pid"
	for _ in $(seq 50); do [ -S "$W/mirror.sock" ] && break; sleep 0.1; done
	timeout 3600 unshare -n -m -p -f --propagation private --mount-proc="$R/proc" \
		bash -s "$R" "$port" "$W/mirror.sock" "$TOP" "$CACHE" >"$W/fresh.log" 2>&1 <<'OUTER' || true
set -eu
R=$1 port=$2 sock=$3 top=$4 cache=$5
ip link set lo up
mount --rbind /dev "$R/dev"
mount --rbind /sys "$R/sys"
mount -t tmpfs -o mode=0755 tmpfs "$R/run"
mount --bind "$cache/apt-archives" "$R/var/cache/apt/archives"
python3 "$top/tests/mirror-relay" in "$port" "$sock" >/dev/null 2>&1 &
for _ in $(seq 50); do
	python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break
	sleep 0.1
done
chroot "$R" /bin/bash /root/fresh-run
OUTER
	kill "$(cat "$W/relay.pid")"
	host_rules >"$W/rules.after"
	cp "$W/fresh.log" "$BATS_FILE_TMPDIR/fresh.log"
	cp "$W/fresh.log" "$CACHE/last-run.log"
}

teardown_file() {
	[ ! -f "$W/relay.pid" ] || kill "$(cat "$W/relay.pid")" 2>/dev/null || true
	remove_machine
}

# Puts the part of the log from "==== FROM" up to the next "==== " line in
# $output.
part() { # FROM
	[ ! -f "$BATS_FILE_TMPDIR/skip" ] || skip "$(cat "$BATS_FILE_TMPDIR/skip")"
	output=$(sed -n "/^==== $1/,/^==== /p" "$BATS_FILE_TMPDIR/fresh.log")
	echo "$output"
}

line() { # PREFIX: the log's line "==== PREFIX..."
	grep -m1 "^==== $1" "$BATS_FILE_TMPDIR/fresh.log"
}

@test "README's first command, run literally by a sudo user on a pristine Debian 12, installs what it needs, sets up the sandbox and installs skype-wrap" {
	part "first command"
	[ "$(line 'first command')" = "==== first command: sudo ./install-deps && sudo make setup install && sg skype skype-wrap" ]
	grep -q '^install-deps: installing make gcc musl-tools' <<<"$output"
	grep -qx 'setup: create the system user skype, home /home/skype' <<<"$output"
	grep -qx 'setup: make /var/lib/skype-wrap/skype.img, an ext4 filesystem of 4194304 KiB, as the home of skype, with a copy of what /home/skype holds' <<<"$output"
	grep -qx 'setup: add newcomer to the group skype (it takes effect at the next login)' <<<"$output"
	grep -q '^setup: add the /usr/sbin/iptables rule -A OUTPUT -d 10.0.0.0/8 ' <<<"$output"
	[ "$(line installed)" = "==== installed: 4755 root" ]
	[ "$(line image)" = "==== image: root 600 $((4194304 * 1024))" ]
	[ "$(line fstab)" = "==== fstab: /var/lib/skype-wrap/skype.img /home/skype ext4 loop,nosuid,nodev,nofail 0 0" ]
	[[ "$(line mount)" =~ ^"==== mount: "[0-9]+" "[0-9]+" 7:"[0-9]+" / /home/skype rw,nosuid,nodev".*" - ext4 /dev/loop" ]]
}

@test "then it names the missing default app, and where to choose another, before it starts anything" {
	part "first command"
	[[ "$(line 'first status')" =~ ^"==== first status 78 after " ]]
	[ "$(grep -v '^==== ' <<<"$output" | tail -1)" = "skype-wrap: app: /usr/bin/skypeforlinux is not installed: install it, or build for another app (examples/ has configs for Zoom, Teams, Discord, Slack and Spotify: sudo make setup install CONFIG=examples/zoom.h)" ]
	[ "$(line 'no xpra')" = "==== no xpra" ]
	[ "$(line 'no display')" = "==== no display" ]
}

@test "--check passes every check but the app's, the disk limit being a home of its own" {
	part check
	[ "$(line 'check status')" = "==== check status 78" ]
	[[ "$output" =~ "quota     ok    skype has a home of its own, "[0-9]+" KiB, on /var/lib/skype-wrap/skype.img" ]]
	grep -Eq '^firewall +ok +3 iptables and 1 ip6tables rules' <<<"$output"
	grep -Eq '^app +FAIL +/usr/bin/skypeforlinux is not installed' <<<"$output"
	[ "$(grep -Ec '^[a-z]+ +FAIL ' <<<"$output")" -eq 1 ]
}

@test "skype-wrap -- xclock then shows its window on the newcomer's display" {
	part "window seen"
	[[ "$(line window)" =~ ^"==== window seen after "[0-9]+" ms"$ ]]
	grep -q '"sw-fresh \[sandbox\]"' <<<"$output"
	line 'session status'
}

@test "the message's advice builds and sets up another app: sudo make setup install CONFIG=examples/zoom.h" {
	part "another app"
	grep -qx 'setup: create the system user zoom, home /home/zoom' <<<"$output"
	grep -q '^setup: make /var/lib/skype-wrap/zoom.img, ' <<<"$output"
	grep -qx 'skype-wrap: app: /opt/zoom/ZoomLauncher is not installed: install it, or build for another app (examples/ has configs for Zoom, Teams, Discord, Slack and Spotify: sudo make setup install CONFIG=examples/zoom.h)' <<<"$output"
	[ "$(line 'zoom status')" = "==== zoom status 78" ]
}

@test "the host's firewall rules are as they were" {
	[ ! -f "$BATS_FILE_TMPDIR/skip" ] || skip "$(cat "$BATS_FILE_TMPDIR/skip")"
	diff "$W/rules.before" "$W/rules.after"
}
