#!/usr/bin/env bats
# The session's world: its own PID namespace (init kills what is left), its
# own /tmp, /dev/shm and /proc, and a server side that reads nothing the app
# can write.
load lib

setup_file() {
	# Only a process of the sandbox user outside every Landlock domain can
	# write here: neither the app's tables nor the server's name it.
	install -d -m 0700 -o "$BOX" -g "$BOX" /var/tmp/sw-canary
}

teardown_file() {
	rm -rf /var/tmp/sw-canary "$T/evil.so"
}

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
	rm -rf /var/tmp/sw-canary/* "/home/$BOX/xpra/canary"* /tmp/sw-stranger /dev/sw-late \
		"/home/$BOX/.cache/sw-late-made"
	rm -rf "/home/$BOX/.local/lib/python3.11" "/home/$BOX/.config/gtk-3.0" \
		"/home/$BOX/.config/fontconfig" "/home/$BOX/.config/pulse" "/home/$BOX/.cache/evil.so"
}

# Code that leaves a canary where only a process outside the app's domain
# could: anywhere it is not refused (the server's domain may write ~/xpra).
canary_py() { # name
	echo "import os
for d in ('/var/tmp/sw-canary', '/home/$BOX/xpra'):
    try: open(d + '/canary-$1', 'w').close()
    except OSError: pass"
}

@test "files the app plants in its home steer no process outside its domain in the next session" {
	cat >"$BATS_TEST_TMPDIR/evil.c" <<C
#include <fcntl.h>
__attribute__((constructor)) static void own(void)
{
	open("/var/tmp/sw-canary/canary-gtk", O_CREAT | O_WRONLY, 0600);
	open("/home/$BOX/xpra/canary-gtk", O_CREAT | O_WRONLY, 0600);
}
C
	# Where the app can read it: its /tmp is not the host's.
	cc -shared -fPIC -o "$T/evil.so" "$BATS_TEST_TMPDIR/evil.c"
	site=/home/$BOX/.local/lib/$(python3 -c 'import sys; print("python%d.%d" % sys.version_info[:2])')/site-packages
	# The first session: the app plants them, as it may.
	run sw -- /bin/sh -c "set -e
		mkdir -p $site ~/.config/gtk-3.0 ~/.config/fontconfig ~/.config/pulse
		cp $T/evil.so ~/.cache/evil.so
		printf '%s\n' 'import os; exec(open(\"$site/canary.py\").read())' >$site/zz.pth
		printf '%s\n' \"\$0\" >$site/canary.py
		cp $site/canary.py $site/usercustomize.py
		printf '[Settings]\ngtk-modules=%s\n' ~/.cache/evil.so >~/.config/gtk-3.0/settings.ini
		printf '<fontconfig><cachedir>/home/$BOX/xpra/canary-fc</cachedir><cachedir>/var/tmp/sw-canary/fc</cachedir></fontconfig>\n' \
			>~/.config/fontconfig/fonts.conf
		printf 'autospawn = yes\ndefault-server = unix:/var/tmp/sw-canary/pulse\n' >~/.config/pulse/client.conf
		echo planted" "$(canary_py pth)"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = planted ]
	# The next session starts its server side and shows a window as usual.
	sw_bg -- xclock -title sw-after-plant
	wait_window sw-after-plant
	kill "$SW_PID"
	wait "$SW_PID" || true
	ls -la /var/tmp/sw-canary "/home/$BOX/xpra"
	[ -z "$(ls -A /var/tmp/sw-canary)" ]
	[ -z "$(find "/home/$BOX/xpra" -name 'canary*')" ]
	assert_clean
	# The plants work: run outside skype-wrap, the same user's Python runs one.
	setpriv --reuid="$BOX" --regid="$BOX" --clear-groups env -i HOME="/home/$BOX" /usr/bin/python3 -c pass
	[ -e /var/tmp/sw-canary/canary-pth ]
}

@test "the app sees only its own processes in /proc" {
	run sw -- /bin/sh -c 'ls /proc | grep -E "^[0-9]+$" | while read p; do
		cat /proc/$p/comm; done; ls /proc/1 >/dev/null 2>&1 && echo init-listed; echo done'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "done" ]
	refute grep -e init-listed -e xpra -e Xvfb -e python3 <<<"$output"
	[ "$(grep -vc "done" <<<"$output")" -le 5 ]
}

@test "the app has a /tmp and /dev/shm of its own, and nothing of them is left after teardown" {
	echo stranger >/tmp/sw-stranger
	run sw -- /bin/sh -c 'echo mine >/tmp/sw-mine && echo mine >/dev/shm/sw-mine && echo wrote
		cat /tmp/sw-stranger 2>/dev/null || echo no-stranger
		ls -A /tmp | tr "\n" " "'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = wrote ]
	[ "${lines[1]}" = no-stranger ]
	[ "${lines[2]}" = ".X11-unix .Xauthority .pulse sw-mine " ]
	[ ! -e /tmp/sw-mine ]
	[ ! -e /dev/shm/sw-mine ]
	[ "$(cat /tmp/sw-stranger)" = stranger ]
	assert_clean
}

@test "the app's /dev is made at its start: the standard nodes, the policy's, one /dev/shm; no node the host makes later" {
	sw_bg -- /bin/sh -c 'ls -A /dev | tr "\n" " "; echo
		grep -c " /dev/shm " /proc/self/mounts
		head -c 4 /dev/urandom | wc -c; echo x >/dev/null && echo null-ok
		while [ ! -e "$HOME/.cache/sw-late-made" ]; do sleep 0.1; done
		head -c 4 /dev/sw-late 2>&1 | sed "s/^head: //"'
	for _ in $(seq 100); do [ -s "$SW_LOG" ] && break; sleep 0.1; done
	# The host makes a node, the null device under another name, mid-session.
	mknod -m 0666 /dev/sw-late c 1 3
	install -o "$BOX" /dev/null "/home/$BOX/.cache/sw-late-made"
	wait "$SW_PID"
	cat "$SW_LOG"
	# tests/config.h lists /dev/snd and /dev/dri; a host without them adds nothing.
	want="fd full null ptmx pts random shm stderr stdin stdout tty urandom zero"
	for d in dri snd; do [ ! -e "/dev/$d" ] || want+=" $d"; done
	[ "$(head -n 1 "$SW_LOG" | tr ' ' '\n' | sort | xargs)" = "$(tr ' ' '\n' <<<"$want" | sort | xargs)" ]
	[ "$(sed -n 2,4p "$SW_LOG" | xargs)" = "1 4 null-ok" ]
	[ "$(sed -n 5p "$SW_LOG")" = "cannot open '/dev/sw-late' for reading: No such file or directory" ]
	assert_clean
}

@test "the app cannot run code from a memfd" {
	run sw -- "$T/probe" exec /bin/true memfdexec 0 memfdexec 16
	echo "$output"
	[ "${lines[0]}" = "exec /bin/true: ok" ]
	[ "${lines[1]}" = "memfdexec 0: Permission denied" ]
	[ "${lines[2]}" = "memfdexec 16: Permission denied" ]
	# Outside skype-wrap the same probe runs it.
	run setpriv --reuid="$BOX" --regid="$BOX" --clear-groups "$T/probe" memfdexec 0
	[ "$output" = "memfdexec 0: ok" ]
}

@test "a process that double-forks, calls setsid and ignores SIGTERM is gone after teardown" {
	sw_bg -- /bin/sh -c '(setsid sh -c "trap \"\" TERM; exec sleep 600" &) ; exec xclock -title sw-orphans'
	wait_window sw-orphans
	pgrep -u "$BOX" -x sleep
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_clean
}

@test "--check names the session's world and the server's confinement" {
	run sw --check
	echo "$output"
	grep -Eq "^world +ok +PID, mount, IPC and network namespaces \\(the app's network is the host's\\): own /tmp, /dev, /dev/shm and /proc \\(hidepid=2\\), executable memfds refused; server: Landlock on, python -I\$" <<<"$output"
}
