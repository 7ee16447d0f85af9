#!/usr/bin/env bats
# A newcomer follows README.md's quick start literally, on a host without
# disk quota: as root `make setup install CONFIG=host.h`, then as the invited
# user, in an X session, `skype-wrap -- xclock`; the window must appear.
# All of it runs in one network namespace, so the rules setup adds stay there.
load lib

setup_file() {
	rm -rf "$T/clone"
	git clone -q "$TOP" "$T/clone"
	# The working tree, not only what is committed, is what is tested.
	cp "$TOP/skype-wrap.c" "$TOP/confine.c" "$TOP/xpra.c" "$TOP/links.c" "$TOP/share.c" "$TOP/skype-wrap.h" "$TOP/config.h" "$TOP/Makefile" \
		"$TOP/skype-wrap.1" "$T/clone/"
	sed 's/quota_kib = .*;/quota_kib = 0;/' "$TOP/config.h" >"$T/host.h"
}

teardown_file() {
	make -s -C "$T/clone" uninstall || true
	pkill -KILL -u skype 2>/dev/null || true
	userdel -r skype 2>/dev/null || true
	groupdel skype 2>/dev/null || true
	rm -rf "$T/clone"
}

@test "the quick start of README.md shows the app's window" {
	grep -q 'sudo make setup install' "$TOP/README.md"
	grep -q 'CONFIG=host.h' "$TOP/README.md"
	run unshare -n -- bash -c "
		ip link set lo up
		cd $T/clone && SUDO_USER=$CALLER make -s setup install CONFIG=$T/host.h || exit 1
		setpriv --reuid=$CALLER --regid=$CALLER --init-groups env -i DISPLAY=$CALLER_DISPLAY \
			XAUTHORITY=$XAUTHORITY HOME=/home/$CALLER PATH=/usr/local/bin:/usr/bin:/bin \
			skype-wrap -- xclock -title sw-newcomer &
		for _ in \$(seq 300); do
			xwininfo -root -tree | grep -q sw-newcomer && break
			sleep 0.1
		done
		xwininfo -root -tree | grep -q sw-newcomer && echo window-seen
		setpriv --reuid=$CALLER --regid=$CALLER --init-groups /usr/local/bin/skype-wrap --stop
		wait"
	echo "$output"
	grep -qx window-seen <<<"$output"
	[ "$(stat -c '%a %U' /usr/local/bin/skype-wrap)" = "4755 root" ]
	refute pgrep -a -u skype
}
