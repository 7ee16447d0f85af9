#!/usr/bin/env bats
# Debian 13 has no xpra: README.md's first command, run literally on a
# pristine Debian 13 by a sudo user in an X session (tests/machine.bash),
# gets xpra 6.5 from a local repository that stands in for xpra.org's
# (tests/xpra6-debs builds its packages from the vendored source with
# xpra.org's packaging, once, cached). Then `skype-wrap -- xclock` shows its
# window, and the test files that touch xpra pass in that machine (the
# keyboard grab and activation attacks among them). Its own paths:
# /var/tmp/skype-wrap-13.
# shellcheck disable=SC2034,SC2030,SC2031 # RELEASE is for machine.bash; part() sets output, as run does
RELEASE=trixie
W=/var/tmp/skype-wrap-13
load machine
load assert

# The test files that run in the Debian 13 machine too: what touches xpra
# (the session, the display and its attacks, the sound path, the world the
# server lives in, the desktop's notifications and tray, a Wayland desktop,
# a shared window). The rest is the
# same code on either xpra: the checks, setup, the confinement of the app,
# sanitizers, fuzzing, and the VMs, which boot Debian 12's kernel anyway.
ON_BOTH="session display audio world desktop wayland share"

# What those need of tests/packages: not the apps, VMs, fuzzers and
# linters of the other files.
suite_packages() {
	sed -e 's/#.*//' -e '/^chromium$/d' -e '/^firefox-esr$/d' -e '/^python3-pyqt5$/d' \
		-e '/^qemu-system-x86$/d' -e '/^linux-image-amd64$/d' -e '/^busybox-static$/d' \
		-e '/^kmod$/d' -e '/^clang$/d' -e '/^libclang-rt-/d' -e '/^debootstrap$/d' \
		-e '/^apt-utils$/d' -e '/^cppcheck$/d' -e '/^shellcheck$/d' "$TOP/tests/packages" | xargs
}

# Then each of those files, run as make check runs them.
suite_script() {
	echo "for f in $ON_BOTH; do"
	cat <<'SH'
	say "suite $f"
	(cd /home/newcomer/skype-wrap && tests/run "tests/$f.bats") 2>&1
done
say "left: $(pgrep -c -u skype)"
say "end"
SH
}

setup_file() {
	local repo rc=0
	repo=$("$TOP/tests/xpra6-debs") || rc=$?
	if [ "$rc" -eq 66 ]; then
		echo "no vendored xpra source (../shared/vendor/xpra-6.5.3.tar.gz)" >"$BATS_FILE_TMPDIR/skip"
		return 0
	fi
	[ "$rc" -eq 0 ]
	make_machine
	[ ! -f "$BATS_FILE_TMPDIR/skip" ] || return 0
	# The stand-in for xpra.org's repository, as install-deps would set
	# that up: a source that offers xpra.
	mkdir -p "$R/srv/xpra"
	cp "$repo"/* "$R/srv/xpra/"
	printf 'Types: deb\nURIs: file:/srv/xpra\nSuites: ./\nTrusted: yes\n' \
		>"$R/etc/apt/sources.list.d/xpra.sources"
	{
		first_command_script
		xclock_script "$(suite_packages)"
		suite_script
	} | run_machine
}

teardown_file() {
	end_machine
}

@test "README's first command on a pristine Debian 13 installs xpra 6.5 from the repository standing in for xpra.org's, sets up the sandbox, installs skype-wrap" {
	part "first command"
	grep -q '^install-deps: installing make gcc musl-tools' <<<"$output"
	grep -q 'xpra-server' <<<"$output"
	grep -qx 'setup: create the system user skype, home /home/skype' <<<"$output"
	[[ "$(line 'first status')" =~ ^"==== first status 78 after " ]]
	[ "$(grep -v '^==== ' <<<"$output" | tail -1)" = "skype-wrap: app: /usr/bin/skypeforlinux is not installed: install it, or build for another app (examples/ has configs for Zoom, Teams, Discord, Slack and Spotify: sudo make setup install CONFIG=examples/zoom.h)" ]
}

@test "on Debian 13 with xpra 6.5, skype-wrap -- xclock shows its window on the caller's display" {
	part "window seen"
	[[ "$(line window)" =~ ^"==== window seen after "[0-9]+" ms"$ ]]
	grep -q '"sw-fresh \[sandbox\]"' <<<"$output"
}

# Passes where the part of the log for tests/NAME.bats run in the machine
# ends with every test passed.
suite_passed() { # NAME
	part "suite $1"
	grep -Eq '^[1-9][0-9]* passed, 0 failed, 0 skipped$' <<<"$output"
	refute grep '^not ok' <<<"$output"
}

@test "on Debian 13 with xpra 6.5, tests/session.bats passes" {
	suite_passed session
}

@test "on Debian 13 with xpra 6.5, tests/display.bats passes: the keyboard grab and activation attacks take no key" {
	suite_passed display
	grep -q '^ok .* a keyboard grab in the sandbox does not take the keys' <<<"$output"
	grep -q "^ok .* the app's requests to activate its window take no key" <<<"$output"
}

@test "on Debian 13 with xpra 6.5, tests/audio.bats passes" {
	suite_passed audio
}

@test "on Debian 13 with xpra 6.5, tests/world.bats passes" {
	suite_passed world
}

@test "on Debian 13 with xpra 6.5, tests/desktop.bats passes" {
	suite_passed desktop
}

@test "on Debian 13 with xpra 6.5, tests/wayland.bats passes: the attach client on Xwayland" {
	suite_passed wayland
}

@test "on Debian 13 with xpra 6.5, tests/share.bats passes: a shared window shows in the app's screen" {
	suite_passed share
}

@test "on Debian 13, nothing of the sessions is left, and the host's firewall rules are as they were" {
	part "left"
	[ "$(line left)" = "==== left: 0" ]
	diff "$W/rules.before" "$W/rules.after"
}
