#!/usr/bin/env bats
# Landlock and seccomp on the app (tests/config.h's tables): each attack is
# tried from inside the sandbox by tests/probe.c and must be refused, while
# what the tables allow keeps working.
load lib

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
	rm -f /var/tmp/skype-wrap-tests/sw-outside "/home/$BOX/.cache/sw-inside" "/home/$BOX/.cache/true"
	rm -rf "/home/$BOX/.cache/sw-modes"
}

@test "refuses reads, writes and execs outside the tables, allows those inside" {
	install -m 0755 /bin/true "/home/$BOX/.cache/true"
	chown "$BOX" "/home/$BOX/.cache/true"
	run sw -- "$T/probe" read /etc/hostname read /etc/passwd \
		write /var/tmp/skype-wrap-tests/sw-outside write "/home/$BOX/.cache/sw-inside" \
		exec "/home/$BOX/.cache/true" exec /bin/true
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "read /etc/hostname: Permission denied" ]
	[ "${lines[1]}" = "read /etc/passwd: ok" ]
	[ "${lines[2]}" = "write /var/tmp/skype-wrap-tests/sw-outside: Permission denied" ]
	[ "${lines[3]}" = "write /home/$BOX/.cache/sw-inside: ok" ]
	[ "${lines[4]}" = "exec /home/$BOX/.cache/true: Permission denied" ]
	[ "${lines[5]}" = "exec /bin/true: ok" ]
	# By its mode, the sandbox user could read the file and write the directory.
	setpriv --reuid="$BOX" --regid="$BOX" --clear-groups cat /etc/hostname >/dev/null
}

@test "allows TCP connections only to the configured ports" {
	SW_SERVE=1 run sw -- "$T/probe" connect 40105 connect 40150
	echo "$output"
	[ "${lines[0]}" = "connect 40105: ok" ]
	[ "${lines[1]}" = "connect 40150: Permission denied" ]
}

@test "keeps the app from abstract sockets and processes outside its domain" {
	# The session's Xpra server runs as the same user, outside the domain;
	# the app cannot even list it, so its pid in the session's namespace is
	# handed in from outside.
	rm -f "$T/server.pid"
	SW_SERVE=1 sw_bg -- /bin/sh -c 'while [ ! -s "$1/server.pid" ]; do sleep 0.1; done
		ls /proc | grep -qx "$(cat "$1/server.pid")" && echo server-listed
		"$0" abstract swtest kill "$(cat "$1/server.pid")" ptrace "$(cat "$1/server.pid")"' \
		"$T/probe" "$T"
	for _ in $(seq 100); do
		server=$(pgrep -u "$BOX" -f "^/usr/bin/python3 -I -c .* /usr/bin/xpra start") && break
		sleep 0.1
	done
	awk '/^NSpid:/ { print $3 }' "/proc/$server/status" >"$T/server.pid"
	wait "$SW_PID"
	cat "$SW_LOG"
	refute grep server-listed "$SW_LOG"
	grep -qx "abstract swtest: Operation not permitted" "$SW_LOG"
	grep -Eqx "kill [0-9]+: Operation not permitted" "$SW_LOG"
	grep -Eqx "ptrace [0-9]+: Operation not permitted" "$SW_LOG"
	# Outside skype-wrap, the same user reaches the same socket.
	SW_SERVE=1 SW_USER=$BOX run unshare -n -- "$TOP/tests/caller-session" "$T/probe" abstract swtest
	[ "$output" = "abstract swtest: ok" ]
}

@test "keeps the app from removing or replacing the Xpra server's socket" {
	# The app may start before the server has made its socket: it waits.
	run sw -- /bin/sh -c 'for _ in $(seq 100); do [ -S "$HOME/xpra/$1" ] && break; sleep 0.1; done
		"$0" unlink "$HOME/xpra/$1" write "$HOME/xpra/$1.new"' "$T/probe" "$(uname -n)-200"
	echo "$output"
	[[ "${lines[0]}" =~ ^"unlink /home/$BOX/xpra/".*": Permission denied"$ ]]
	[[ "${lines[1]}" =~ ^"write /home/$BOX/xpra/".*".new: Permission denied"$ ]]
}

@test "keeps the app from opening its home or ~/xpra to other users; it still sets modes of its own" {
	# Landlock governs no chmod: seccomp refuses every call's mode that
	# gives the group write or others anything.
	run sw -- /bin/sh -c 'chmod 0777 "$HOME" "$HOME/xpra"; chmod o+x "$HOME"; chmod g+w "$HOME/xpra"
		"$0" chmod "$HOME" fchmod "$HOME" fchmodat2 "$HOME/xpra"
		mkdir "$HOME/.cache/sw-modes" && chmod 0700 "$HOME/.cache/sw-modes" &&
			chmod 0750 "$HOME/.cache/sw-modes" && echo own-modes-ok' "$T/probe"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(stat -c %a "/home/$BOX" "/home/$BOX/xpra")" = "$(printf '710\n710')" ]
	grep -qx "chmod /home/$BOX: Operation not permitted" <<<"$output"
	grep -qx "fchmod /home/$BOX: Operation not permitted" <<<"$output"
	grep -qx "fchmodat2 /home/$BOX/xpra: Operation not permitted" <<<"$output"
	grep -qx own-modes-ok <<<"$output"
	[ "$(stat -c %a "/home/$BOX/.cache/sw-modes")" = 750 ]
	# So the next start finds them as --check wants them.
	run sw -- true
	[ "$status" -eq 0 ]
}

@test "refuses ptrace, new user namespaces, TIOCSTI and keyctl with EPERM; ordinary calls work" {
	run sw -- "$T/probe" traceme userns tiocsti keyctl mix
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'traceme: Operation not permitted' 'userns: Operation not permitted' \
		'tiocsti: Operation not permitted' 'keyctl: Operation not permitted' 'mix: ok')" ]
}

@test "--check shows the Landlock ABI, the rules built and the paths skipped" {
	run sw --check
	echo "$output"
	grep -Eq '^confine +ok +Landlock on, ABI [0-9]+: [0-9]+ rules \(skipped: .*/nonexistent/path.*\), seccomp on$' <<<"$output"
}

@test "refuses a kernel below landlock_min_abi, with 78" {
	build_variant minabi 's/landlock_min_abi = 6/landlock_min_abi = 99/'
	SW_BIN=$T/minabi run sw -- xclock
	[ "$status" -eq 78 ]
	[[ "$output" =~ ^"skype-wrap: confine: the kernel's Landlock ABI "[0-9]+" is below landlock_min_abi 99"$ ]]
	refute pgrep -a -u "$BOX"
}

@test "makes the write paths a fresh home lacks, so the app can use them" {
	rm -rf "/home/$BOX/.local"
	run sw -- "$T/probe" write "/home/$BOX/.local/sw-new"
	echo "$output"
	[ "$output" = "write /home/$BOX/.local/sw-new: ok" ]
	[ "$(stat -c '%U %a' "/home/$BOX/.local")" = "$BOX 700" ]
}
