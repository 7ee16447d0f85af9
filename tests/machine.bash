# A pristine Debian machine, for the tests that run README.md's first
# command literally, as a sudo user in an X session (fresh-machine.bats on
# Debian 12, debian13.bats on Debian 13): debootstrap --variant=minbase of
# $RELEASE plus xvfb, sudo and git, cached as a tarball in
# /var/cache/skype-wrap-tests with the .debs apt fetches. It runs as a chroot
# in namespaces of its own (unshare -n -m -p): the firewall rules its setup
# adds stay in its network namespace, its mounts and processes end with it.
# apt-get reaches the mirror this host uses, and nothing else, through
# tests/mirror-relay. One run serves every test of a file; each reads its
# part of the log (kept in /var/cache/skype-wrap-tests/$RELEASE-run.log).
# The loading file sets RELEASE and W, the machine's own paths.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=/var/cache/skype-wrap-tests
TARBALL=$CACHE/$RELEASE-minbase-xvfb-sudo-git.tar
APT_CACHE=$CACHE/apt-$RELEASE
R=$W/root

# The Debian mirror this host's apt uses (for bookworm; it serves every release).
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
	if grep -q " ${W}[/ ]" /proc/self/mountinfo; then
		echo "mounts remain under $W:" >&2
		grep " ${W}[/ ]" /proc/self/mountinfo >&2
		return 1
	fi
	rm -rf --one-file-system "$W"
}

# The pristine machine, once: debootstrap, then xvfb, sudo and git.
build_tarball() { # mirror
	local tmp=$CACHE/$RELEASE.build log=$CACHE/$RELEASE-debootstrap.log
	[ -f "$TARBALL" ] && return 0
	rm -rf --one-file-system "$tmp"
	if ! unshare -m --propagation private \
		debootstrap --variant=minbase "$RELEASE" "$tmp" "$1" >"$log" 2>&1; then
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
		mount --bind '$APT_CACHE' '$tmp/var/cache/apt/archives' &&
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

# Unpacks the machine in $R with the newcomer: a sudo user with a checkout
# of skype-wrap (the working tree, as tested) and an X display :300 with a
# cookie of its own; README.md's first command in /root/first-command.
# Where the archive cannot be reached, says why in $BATS_FILE_TMPDIR/skip.
make_machine() {
	local mirror uid
	mirror=$(host_mirror)
	[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
	[[ "$mirror" =~ ^http://([^/:]+)(:([0-9]+))?(/.*)?$ ]] || {
		echo "no http mirror for bookworm in /etc/apt: $mirror" >"$BATS_FILE_TMPDIR/skip"
		return 0
	}
	MIRROR_HOST=${BASH_REMATCH[1]} MIRROR_PORT=${BASH_REMATCH[3]:-80}
	install -d -m 0755 "$CACHE" "$APT_CACHE"
	build_tarball "$mirror"
	[ ! -f "$BATS_FILE_TMPDIR/skip" ] || return 0
	remove_machine
	mkdir -p "$R"
	tar -C "$R" --numeric-owner -xf "$TARBALL"

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
	printf '127.0.0.1 %s\n127.0.1.1 %s\n' "$MIRROR_HOST" "$(hostname)" >>"$R/etc/hosts"
	# README.md's first command: its first indented line.
	grep -m1 '^    ' "$TOP/README.md" | sed -e 's/^    //' -e 's/ *#.*//' >"$R/root/first-command"
	grep -q . "$R/root/first-command"
}

# Runs the script on stdin in the machine, as root, its output in
# $BATS_FILE_TMPDIR/fresh.log; the host's firewall rules before and after
# in $W/rules.before and $W/rules.after.
run_machine() {
	cat >"$R/root/fresh-run"
	host_rules >"$W/rules.before"
	python3 "$TOP/tests/mirror-relay" out "$W/mirror.sock" "$MIRROR_HOST" "$MIRROR_PORT" \
		>"$W/relay.log" 2>&1 &
	echo $! >"$W/relay.pid"
	for _ in $(seq 50); do [ -S "$W/mirror.sock" ] && break; sleep 0.1; done
	timeout 3600 unshare -n -m -p -f --propagation private --mount-proc="$R/proc" \
		bash -s "$R" "$MIRROR_PORT" "$W/mirror.sock" "$TOP" "$APT_CACHE" >"$W/fresh.log" 2>&1 <<'OUTER' || true
set -eu
R=$1 port=$2 sock=$3 top=$4 apt_cache=$5
# The machine's root becomes its mount namespace's root (pivot_root below),
# as a booted machine's is: a chroot would show the host's paths in /proc.
mount --rbind "$R" "$R"
ip link set lo up
mount --rbind /dev "$R/dev"
mount --rbind /sys "$R/sys"
mount -t tmpfs -o mode=0755 tmpfs "$R/run"
mount --bind "$apt_cache" "$R/var/cache/apt/archives"
python3 "$top/tests/mirror-relay" in "$port" "$sock" >/dev/null 2>&1 &
for _ in $(seq 50); do
	python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break
	sleep 0.1
done
# In a mount namespace of its own, so that the relay keeps the host's root.
cd "$R"
exec unshare -m --propagation private /bin/sh -c \
	'pivot_root . mnt && exec chroot . /bin/sh -c "umount -l /mnt && exec /bin/bash /root/fresh-run"'
OUTER
	kill "$(cat "$W/relay.pid")"
	host_rules >"$W/rules.after"
	cp "$W/fresh.log" "$BATS_FILE_TMPDIR/fresh.log"
	cp "$W/fresh.log" "$CACHE/$RELEASE-run.log"
}

end_machine() {
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


# The start of a script run in the machine: the newcomer's X display, then
# README.md's first command as the newcomer.
first_command_script() {
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
SH
}

# Then: Debian's packages named (test tools, not skype-wrap's), and
# `skype-wrap -- xclock` by the newcomer, which must show its window.
xclock_script() { # PACKAGE...
	cat <<SH
start=\$(date +%s)
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $* \\
	>/tmp/test-tools.log 2>&1 || { say "test tools not installed"; cat /tmp/test-tools.log; }
say "test tools in \$((\$(date +%s) - start)) s"
SH
	cat <<'SH'
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
SH
}
