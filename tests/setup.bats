#!/usr/bin/env bats
# skype-wrap --setup creates the sandbox from the settings compiled in, and
# fatal messages reach the caller's display when there is no terminal.
load lib

setup_file() {
	build_variant setupbox 's/"swbox"/"swsetup"/'
	if ! grep -q 'quota_kib = 0;' "$T/setupbox.h"; then
		echo "tests/config.h changed: fix the dry run's expected lines in setup.bats" >&2
		return 1
	fi
}

teardown_file() {
	userdel -r swsetup 2>/dev/null || true
	groupdel swsetup 2>/dev/null || true
}

# Runs ARGS in one fresh network namespace, so that the rules setup adds are
# the ones --check then sees.
in_netns() {
	unshare -n -- bash -c "$1"
}

@test "--setup --dry-run says what it would do and changes nothing" {
	run env SUDO_USER="$OTHER" "$T/setupbox" --setup --dry-run
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "setup: would create the group swsetup" ]
	[ "${lines[1]}" = "setup: would create the system user swsetup, home /home/swsetup" ]
	# tests/config.h has firewall rules and no quota: it names only what it would do.
	[ "${lines[2]}" = "setup: then: its home 0710, ~/xpra 0710, the group, the firewall rules" ]
	run ! getent passwd swsetup
}

@test "--setup makes a sandbox that --check passes, and a second run changes nothing" {
	run in_netns "
		SUDO_USER=$OTHER $T/setupbox --setup
		echo ---
		SUDO_USER=$OTHER $T/setupbox --setup
		echo ---
		setpriv --reuid=$OTHER --regid=$OTHER --init-groups env -i DISPLAY=:90 $T/setupbox --check"
	echo "$output"
	[ "$status" -eq 0 ]
	grep -qx 'setup: create the system user swsetup, home /home/swsetup' <<<"$output"
	grep -qx "setup: add $OTHER to the group swsetup (it takes effect at the next login)" <<<"$output"
	grep -q '^setup: add the /usr/sbin/iptables rule -A OUTPUT -d 10.0.0.0/8 -m owner --uid-owner' <<<"$output"
	[ "$(sed -n '/^---$/,/^---$/p' <<<"$output")" = "$(printf -- '---\nsetup: nothing to change\n---')" ]
	grep -Eq '^user +ok +swsetup' <<<"$output"
	grep -Eq '^home +ok ' <<<"$output"
	grep -Eq '^firewall +ok ' <<<"$output"
	[ "$(stat -c '%U:%G %a' /home/swsetup/xpra)" = "swsetup:swsetup 710" ]
	[ "$(stat -c '%a' /home/swsetup)" = 710 ]
}

@test "--setup is for root only" {
	run setpriv --reuid="$CALLER" --regid="$CALLER" --init-groups "$T/skype-wrap" --setup
	[ "$status" -eq 77 ]
	[ "$output" = "skype-wrap: setup: only root may set up the sandbox (sudo make setup)" ]
}

@test "shows a fatal message on the caller's display when stderr is not a terminal" {
	pkill -u "$CALLER" -x xmessage || true
	SW_RULES=none run sw -- xclock
	[ "$status" -eq 78 ]
	wait_window '"skype-wrap"'
	pgrep -u "$CALLER" -a -x xmessage | grep -q 'skype-wrap: firewall: /usr/sbin/iptables has no rule'
	# Its lines are broken to fit: the whole window lies on the 1280-pixel screen.
	xwininfo -name skype-wrap
	read -r x width < <(xwininfo -name skype-wrap | awk '/Absolute upper-left X/ { x = $NF } /Width:/ { print x, $NF }')
	[ "$x" -ge 0 ] && [ $((x + width)) -le 1280 ]
	pkill -u "$CALLER" -x xmessage
}
