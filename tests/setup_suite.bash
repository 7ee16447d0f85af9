# Once for the whole suite: the test binary (setuid root, built from
# tests/config.h), the probe app, the users, and the caller's X display.
load lib

setup_suite() {
	install -d -m 0755 "$T"
	make -s -C "$TOP" CONFIG=tests/config.h BIN="$T/skype-wrap" >&2
	chmod 4755 "$T/skype-wrap"
	cc -static -O2 -Wall -Wextra -Werror -o "$T/probe" "$TOP/tests/probe.c"
	install -m 0755 "$TOP/tests/keylog.py" "$TOP/tests/solidwin.py" "$TOP/tests/rootwatch.py" "$T/"
	create_users
	start_caller_display
}

teardown_suite() {
	[ -f "$T/xvfb.pid" ] && kill "$(cat "$T/xvfb.pid")" 2>/dev/null
	pkill -u "$BOX" 2>/dev/null
	pkill -u "$CALLER" -x xmessage 2>/dev/null
	return 0
}
