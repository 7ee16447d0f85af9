#!/usr/bin/env bats
# What a host as Debian installs it lacks: disk quota (this kernel has no
# quota format), so `skype-wrap --setup` gives the sandbox user a home of its
# own, an ext4 image of quota_kib in a file of root's mounted nosuid,nodev
# from /etc/fstab; and the configured app, which a session names before
# anything starts. Everything here is its own, so that it runs beside the
# rest of the suite: sandbox users swimg and swimg2, caller swimgc, the
# caller's display :310, sessions from :311, files in /var/tmp/skype-wrap-img.
TOP=$(cd "$(dirname "$BATS_TEST_FILENAME")/.." && pwd)
D=/var/tmp/skype-wrap-img
load assert
IMG=/var/lib/skype-wrap/swimg.img

# Builds $D/NAME from tests/config.h with swimg's settings and then SED.
variant() { # name [sed-script]
	sed -e 's/"swbox"/"swimg"/' -e 's/quota_kib = 0;/quota_kib = 32768;/' -e '/^\t"-A OUTPUT/d' \
		-e 's/displaynum = 200;/displaynum = 311;/' "$TOP/tests/config.h" >"$D/base.h"
	if ! grep -q 'quota_kib = 32768;' "$D/base.h" || ! grep -q 'displaynum = 311;' "$D/base.h" ||
		grep -q -- '-A OUTPUT' "$D/base.h"; then
		echo "tests/config.h changed: fix the sed in fresh-host.bats" >&2
		return 1
	fi
	sed -e "${2:-}" "$D/base.h" >"$D/$1.h"
	make -s -C "$TOP" CONFIG="$D/$1.h" BIN="$D/$1" >&2
	chmod 4755 "$D/$1"
}

# Runs ARGS as the caller, a member of swimg by now, in its X session.
as_caller() {
	setpriv --reuid=swimgc --regid=swimgc --init-groups env -i DISPLAY=:310 \
		XAUTHORITY="$D/caller.xauth" HOME=/home/swimgc PATH=/usr/bin:/bin "$@"
}

unmake_home() { # user
	for _ in $(seq 20); do
		mountpoint -q "/home/$1" || break
		umount "/home/$1" 2>/dev/null || sleep 0.2
	done
	sed -i -e "\\|^/var/lib/skype-wrap/$1\\.img |d" -e "/^# the home of $1, from skype-wrap --setup\$/d" /etc/fstab
	rm -f "/var/lib/skype-wrap/$1.img"
	pkill -KILL -u "$1" 2>/dev/null || true
	userdel -r "$1" 2>/dev/null || true
	groupdel "$1" 2>/dev/null || true
}

cleanup() {
	[ -f "$D/xvfb.pid" ] && kill "$(cat "$D/xvfb.pid")" 2>/dev/null
	unmake_home swimg
	unmake_home swimg2
	userdel -r swimgc 2>/dev/null || true
}

setup_file() {
	cleanup
	rm -rf "$D"
	install -d -m 0755 "$D"
	cp /etc/fstab "$D/fstab.before"
	variant skype-wrap
	variant small 's/quota_kib = 32768;/quota_kib = 16384;/'
	variant noapp 's|"/usr/bin/xclock"|"/usr/bin/skypeforlinux-sw"|'
	variant noenvapp 's|"/usr/bin/xclock"|"/usr/bin/env", "TMPDIR=/dev/shm", "/opt/sw/app-sw", "--no-sandbox"|'
	variant box2 's/"swimg"/"swimg2"/'
	useradd --create-home --shell /bin/sh swimgc
	xauth -q -f "$D/caller.xauth" add :310 . "$(mcookie)" 2>/dev/null
	chown swimgc "$D/caller.xauth"
	chmod 0600 "$D/caller.xauth"
	Xvfb :310 -nolisten tcp -auth "$D/caller.xauth" -screen 0 1280x1024x24 >/dev/null 2>&1 &
	echo $! >"$D/xvfb.pid"
	# A sandbox user made before, whose home holds something already.
	groupadd --system swimg
	useradd --system --gid swimg --create-home --home-dir /home/swimg --shell /usr/sbin/nologin swimg
	echo kept >/home/swimg/notes.txt
	chown swimg:swimg /home/swimg/notes.txt
	for _ in $(seq 100); do
		[ -S /tmp/.X11-unix/X310 ] && return 0
		sleep 0.1
	done
	echo "the caller's Xvfb did not start" >&2
	return 1
}

teardown_file() {
	cleanup
	diff "$D/fstab.before" /etc/fstab >&2 || echo "fresh-host.bats: /etc/fstab is not as it was" >&2
	rm -rf "$D"
}

@test "--setup --dry-run, where the home has no quota, says it would give it an image of its own, and changes nothing" {
	run env SUDO_USER=swimgc "$D/skype-wrap" --setup --dry-run
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "setup: would make $IMG, an ext4 filesystem of 32768 KiB, as the home of swimg, with a copy of what /home/swimg holds" ]
	[ "${lines[1]}" = "setup: would add to /etc/fstab: $IMG /home/swimg ext4 loop,nosuid,nodev,nofail 0 0" ]
	[ "${lines[2]}" = "setup: would mount $IMG on /home/swimg, nosuid,nodev (what the home holds now stays underneath)" ]
	[ ! -e "$IMG" ]
	run ! mountpoint -q /home/swimg
	cmp /etc/fstab "$D/fstab.before"
}

@test "--setup gives the home a filesystem of its own: quota_kib in a file of root's, mounted nosuid,nodev from /etc/fstab, holding what the home held" {
	run env SUDO_USER=swimgc "$D/skype-wrap" --setup
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(stat -c '%U %a %s' "$IMG")" = "root 600 $((32768 * 1024))" ]
	[ "$(grep -c "^$IMG /home/swimg ext4 loop,nosuid,nodev,nofail 0 0\$" /etc/fstab)" -eq 1 ]
	grep -E "^[0-9]+ [0-9]+ 7:[0-9]+ / /home/swimg rw,nosuid,nodev[, ].* - ext4 /dev/loop" /proc/self/mountinfo
	[ "$(cat /home/swimg/notes.txt)" = kept ]
	[ "$(stat -c '%U:%G %a' /home/swimg)" = "swimg:swimg 710" ]
	[ "$(stat -c '%U:%G' /home/swimg/xpra)" = swimg:swimg ]
	# What the home held stays underneath, untouched.
	mkdir "$BATS_TEST_TMPDIR/under"
	mount --bind /home "$BATS_TEST_TMPDIR/under"
	under=$(cat "$BATS_TEST_TMPDIR/under/swimg/notes.txt")
	umount "$BATS_TEST_TMPDIR/under"
	[ "$under" = kept ]
}

@test "--check passes with the home of its own as the disk limit" {
	run as_caller "$D/skype-wrap" --check
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$(grep '^quota ' <<<"$output")" =~ ^"quota     ok    swimg has a home of its own, "([0-9]+)" KiB, on $IMG"$ ]]
	[ "${BASH_REMATCH[1]}" -le 32768 ]
}

@test "the app cannot write past quota_kib: ENOSPC inside the sandbox" {
	run as_caller "$D/skype-wrap" -- /bin/sh -c \
		'dd if=/dev/zero of="$HOME/.cache/fill" bs=1M count=48 2>&1; echo "dd exit $?"; du -k "$HOME/.cache/fill"'
	echo "$output"
	[ "$status" -eq 0 ]
	grep -q "^dd: error writing '/home/swimg/.cache/fill': No space left on device\$" <<<"$output"
	grep -qx 'dd exit 1' <<<"$output"
	[ "$(stat -c %s /home/swimg/.cache/fill)" -lt $((32768 * 1024)) ]
	[ "$(du -k "$IMG" | cut -f1)" -le 32768 ]
	refute pgrep -a -u swimg
}

@test "a second --setup changes nothing" {
	run env SUDO_USER=swimgc "$D/skype-wrap" --setup
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "setup: nothing to change" ]
	[ "$(grep -c "^$IMG " /etc/fstab)" -eq 1 ]
}

@test "sanitized: setup and the check of a home image, mounted and not" {
	gcc -std=c11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -Wall -Wextra -Werror -DVERSION='"asan"' \
		-DCONFIG_H="\"$D/skype-wrap.h\"" -o "$D/asan" "$TOP/skype-wrap.c" "$TOP/confine.c" "$TOP/xpra.c" "$TOP/links.c" "$TOP/share.c"
	asan() { # as root in the group swimg, as tests/sanitize.bats does
		setpriv --groups="$(getent group swimg | cut -d: -f3)" env -i DISPLAY=:310 \
			ASAN_OPTIONS=detect_leaks=0 SUDO_USER=swimgc "$D/asan" "$@" 2>&1
	}
	output=$(asan --check; asan --setup; umount /home/swimg; asan --check; asan --setup --dry-run; asan --setup)
	echo "$output"
	refute grep -E 'AddressSanitizer|runtime error|LeakSanitizer' <<<"$output"
	grep -Eq '^quota +ok +swimg has a home of its own' <<<"$output"
	grep -Eq '^quota +FAIL +disk quota is not enabled' <<<"$output"
	mountpoint -q /home/swimg
}

@test "--check refuses a home image that others may write, one mounted without nosuid, one larger than quota_kib" {
	chmod 0602 "$IMG"
	run as_caller "$D/skype-wrap" --check
	chmod 0600 "$IMG"
	echo "$output"
	[ "$status" -eq 78 ]
	grep -qx "quota     FAIL  $IMG holds the home of swimg but may be written by others than root (chmod go-w it)" <<<"$output"
	mount -o remount,suid /home/swimg
	run as_caller "$D/skype-wrap" -- true
	mount -o remount,nosuid /home/swimg
	[ "$status" -eq 78 ]
	[ "$output" = "skype-wrap: quota: /home/swimg is mounted without nosuid (remount it with nosuid,nodev)" ]
	run as_caller "$D/small" -- true
	[ "$status" -eq 78 ]
	[[ "$output" =~ ^"skype-wrap: quota: the filesystem on /home/swimg holds "[0-9]+" KiB, more than quota_kib 16384 KiB"$ ]]
	refute pgrep -a -u swimg
}

@test "a home image left unmounted fails closed, and --setup mounts it again from /etc/fstab" {
	umount /home/swimg
	run as_caller "$D/skype-wrap" --check
	echo "$output"
	[ "$status" -eq 78 ]
	[[ "$(grep '^quota ' <<<"$output")" =~ ^"quota     FAIL  disk quota is not enabled on / (".*"; /home/swimg is no filesystem of its own either (skype-wrap --setup makes one)"$ ]]
	run env SUDO_USER=swimgc "$D/skype-wrap" --setup
	echo "$output"
	[ "$output" = "setup: mount $IMG on /home/swimg, nosuid,nodev (what the home holds now stays underneath)" ]
	run as_caller "$D/skype-wrap" --check
	[ "$status" -eq 0 ]
	[ "$(cat /home/swimg/notes.txt)" = kept ]
}

@test "--setup refuses a home that does not fit in quota_kib, and leaves it and the system as they were" {
	groupadd --system swimg2
	useradd --system --gid swimg2 --create-home --home-dir /home/swimg2 --shell /usr/sbin/nologin swimg2
	head -c $((40 * 1024 * 1024)) /dev/zero >/home/swimg2/big
	chown swimg2:swimg2 /home/swimg2/big
	run env SUDO_USER=swimgc "$D/box2" --setup
	echo "$output"
	[ "$status" -eq 69 ]
	[[ "${lines[-1]}" =~ ^"skype-wrap: setup: copying the home into its image (it may hold more than quota_kib): /bin/cp failed: /bin/cp: "(error writing|failed to extend).*"No space left on device"$ ]]
	[ ! -e /var/lib/skype-wrap/swimg2.img ]
	run ! mountpoint -q /home/swimg2
	refute grep swimg2 /etc/fstab
	[ "$(stat -c %s /home/swimg2/big)" -eq $((40 * 1024 * 1024)) ]
	[ -z "$(find /tmp -maxdepth 1 -name 'skype-wrap-setup.*')" ]
}

@test "a session names the configured app that is not installed, and where to set another, before anything starts" {
	run as_caller "$D/noapp"
	echo "$output"
	[ "$status" -eq 78 ]
	[ "$output" = "skype-wrap: app: /usr/bin/skypeforlinux-sw is not installed: install it, or build for another app (examples/ has configs for Zoom, Teams, Discord, Slack and Spotify: sudo make setup install CONFIG=examples/zoom.h)" ]
	refute pgrep -a -u swimg
	[ ! -e /tmp/.X311-lock ]
	run as_caller "$D/noapp" --check
	[ "$status" -eq 78 ]
	grep -Eq '^app +FAIL +/usr/bin/skypeforlinux-sw is not installed: ' <<<"$output"
	run as_caller "$D/noapp" -- /bin/true
	[ "$status" -eq 0 ]
	# The examples run their app through env NAME=value...: the app is the one
	# named.
	run as_caller "$D/noenvapp"
	[ "$status" -eq 78 ]
	[[ "$output" =~ ^"skype-wrap: app: /opt/sw/app-sw is not installed: " ]]
}
