#!/usr/bin/env bats
# Links both ways (open_urls, app_schemes): a link the app opens reaches the
# caller's default browser (a stand-in, found by xdg-open through the
# caller's mimeapps.list) only by a click on Open in skype-wrap's window;
# skype-wrap --open hands a link of the app's scheme to the running app
# (tests/linkapp, an app of one instance).
load lib

BROWSED=$T/browsed
APPS=/home/$CALLER/.local/share/applications

setup_file() {
	build_variant links 's|app\[\] = { "/usr/bin/xclock", NULL }|app[] = { "/bin/sh", "'"$T"'/linkapp", NULL }|
		s/open_urls = 0/open_urls = 1/
		s/app_schemes\[\] = { NULL }/app_schemes[] = { "slack", NULL }/'
	install -m 0755 "$TOP/tests/linkapp" "$T/"
	printf '#!/bin/sh\nprintf "%%s\\n" "$@" >>%s\n' "$BROWSED" >"$T/browser"
	chmod 0755 "$T/browser"
	as_caller mkdir -p "$APPS" "/home/$CALLER/.config"
	printf '[Desktop Entry]\nType=Application\nName=Stand-in browser\nExec=%s %%u\n' "$T/browser" |
		as_caller tee "$APPS/sw-browser.desktop" >/dev/null
	printf '[Default Applications]\nx-scheme-handler/https=sw-browser.desktop\nx-scheme-handler/http=sw-browser.desktop\n' |
		as_caller tee "/home/$CALLER/.config/mimeapps.list" >/dev/null
}

teardown_file() {
	rm -f "$APPS/sw-browser.desktop" "/home/$CALLER/.config/mimeapps.list" "$BROWSED"
}

setup() {
	# Fatal messages other test files left on the display.
	pkill -u "$CALLER" -x xmessage || true
	: >"$BROWSED"
	chown "$CALLER" "$BROWSED"
}

teardown() {
	pkill -u "$CALLER" -x xmessage 2>/dev/null || true
	pkill -KILL -u "$BOX" 2>/dev/null || true
}

stop_sw() {
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

# skype-wrap's question on the caller's display: its window id.
wait_dialog() {
	local id
	for _ in $(seq 150); do
		id=$(xdotool search --name '^skype-wrap: a link from the sandbox$' 2>/dev/null | head -1)
		[ -n "$id" ] && echo "$id" && return 0
		sleep 0.1
	done
	echo "no question on the caller's display" >&2
	cat "$SW_LOG" >&2
	return 1
}

# The lines of the question's text.
dialog_text() {
	tr '\0' '\n' <"/proc/$(pgrep -u "$CALLER" -f 'xmessage .*a link from the sandbox')/cmdline"
}

wait_log() { # pattern
	for _ in $(seq 100); do grep -q -- "$1" "$SW_LOG" && return 0; sleep 0.1; done
	cat "$SW_LOG" >&2
	return 1
}

@test "a link the app opens reaches the caller's browser only by a click on Open in skype-wrap's window, which shows its site" {
	SW_BIN=$T/links sw_bg -- /bin/sh -c 'xdg-open "https://sign-in.example/?state=X"; exec sleep 60'
	win=$(wait_dialog)
	dialog_text
	dialog_text | grep -qx '    site:  sign-in.example'
	dialog_text | grep -qx 'https://sign-in.example/?state=X'
	never_within 10 test -s "$BROWSED"
	# Keys typed into it, as when it steals the focus from a window the
	# caller types into, open nothing.
	xdotool windowfocus --sync "$win" key Return space
	never_within 2 test -s "$BROWSED"
	click_button "$win" 1
	for _ in $(seq 50); do test -s "$BROWSED" && break; sleep 0.1; done
	[ "$(cat "$BROWSED")" = 'https://sign-in.example/?state=X' ]
	stop_sw
}

@test "a link the caller cancels opens nothing, and what the app opens while it asks is dropped" {
	SW_BIN=$T/links sw_bg -- /bin/sh -c 'for i in 1 2 3; do xdg-open "https://site$i.example/"; sleep 0.2; done; exec sleep 60'
	win=$(wait_dialog)
	dialog_text | grep -qx '    site:  site1.example'
	sleep 1
	click_button "$win" 2
	wait_log 'dropped 2 links the app opened while you were asked'
	grep -q 'not opened: a link to site1.example' "$SW_LOG"
	never_within 3 pgrep -u "$CALLER" -x xmessage
	[ ! -s "$BROWSED" ]
	stop_sw
}

@test "file:, javascript:, a user part, a space and an overlong link are refused with a line each, and no question" {
	SW_BIN=$T/links sw_bg -- /bin/sh -c 'long=https://x.example/$(head -c 3000 /dev/zero | tr "\0" a)
		for u in file:///etc/passwd "javascript:alert(1)" https://bank.example@evil.example/ \
			"https://a.example/ b" "$long"; do xdg-open "$u"; sleep 1.5; done; exec sleep 60'
	for _ in $(seq 150); do [ "$(grep -c 'refused a link' "$SW_LOG")" -ge 5 ] && break; sleep 0.1; done
	cat "$SW_LOG"
	[ "$(grep -c 'refused a link' "$SW_LOG")" -eq 5 ]
	refute pgrep -u "$CALLER" -x xmessage
	[ ! -s "$BROWSED" ]
	stop_sw
}

@test "skype-wrap --open hands a slack: link to the running app, starts the app with one when none runs, refuses another with one line" {
	SW_BIN=$T/links sw_bg
	wait_log 'linkapp ready'
	SW_BIN=$T/links run sw --open 'slack://callback?code=Y'
	echo "$output"
	[ "$status" -eq 0 ]
	wait_log 'linkapp got slack://callback?code=Y'
	for link in 'https://evil.example/' 'slack://a b' 'file:///etc/passwd'; do
		SW_BIN=$T/links run sw --open "$link"
		echo "$output"
		[ "$status" -eq 65 ] && [ "${#lines[@]}" -eq 1 ]
		grep -q 'not a link the app takes' <<<"$output"
	done
	stop_sw
	refute grep 'linkapp got .*evil' "$SW_LOG"
	SW_BIN=$T/links sw_bg --open 'slack://first?code=Z'
	wait_log 'linkapp got slack://first?code=Z'
	stop_sw
	[ ! -e "/run/skype-wrap/$BOX.open" ]
}

@test "with open_urls off, the app's xdg-open is the system's and reaches nothing of the caller's, and --open is refused" {
	run sw -- /bin/sh -c 'echo "BROWSER=${BROWSER:-}"; ls -d /tmp/.links 2>&1; grep -c request /usr/bin/xdg-open'
	echo "$output"
	grep -qx 'BROWSER=' <<<"$output"
	grep -q 'ls: cannot access' <<<"$output"
	grep -qx 0 <<<"$output"
	run sw --open 'slack://x'
	echo "$output"
	[ "$status" -eq 78 ]
	grep -q 'app_schemes is empty' <<<"$output"
	assert_clean
}
