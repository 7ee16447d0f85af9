#!/usr/bin/env bats
# README.md's first command, run literally on a pristine Debian 12 by a sudo
# user in an X session (tests/machine.bash), then `skype-wrap -- xclock`,
# whose window must appear. Its own paths: /var/tmp/skype-wrap-fresh.
# shellcheck disable=SC2034 # read by machine.bash
RELEASE=bookworm
W=/var/tmp/skype-wrap-fresh
load machine

setup_file() {
	make_machine
	[ ! -f "$BATS_FILE_TMPDIR/skip" ] || return 0
	{
		first_command_script
		cat <<'SH'
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
SH
		xclock_script x11-apps
		cat <<'SH'
say "another app, as the message says"
as_newcomer "cd ~/skype-wrap && sudo make setup install CONFIG=examples/zoom.h && sg zoom zoom-wrap" 2>&1
say "zoom status $?"
say "side by side: $(cd /usr/local && ls bin share/applications | grep -- '-wrap' | xargs)"
say "end"
SH
	} | run_machine
}

teardown_file() {
	end_machine
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
	# Beside the first command's skype-wrap, not over it.
	[ "$(line "side by side")" = "==== side by side: skype-wrap zoom-wrap skype-wrap.desktop zoom-wrap.desktop" ]
}

@test "the host's firewall rules are as they were" {
	[ ! -f "$BATS_FILE_TMPDIR/skip" ] || skip "$(cat "$BATS_FILE_TMPDIR/skip")"
	diff "$W/rules.before" "$W/rules.after"
}
