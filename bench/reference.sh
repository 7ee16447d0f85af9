#!/bin/sh
# The reference for bench/run: what the original recipe did, as a shell
# script. Run as root, which stands in for the recipe's sudo: starts Xpra as
# the sandbox user with the app as its child (--daemon=yes), waits in a sleep
# loop until `xpra info` answers, attaches as the caller on the caller's
# DISPLAY, and at the end kills every process of the sandbox user (TERM, up
# to 2 s, KILL). It reads Xpra's config files and checks nothing, as the
# recipe did.
# usage: reference.sh DISPLAYNUM APP [ARGS...]   (DISPLAY, XAUTHORITY: caller's)
# REF_SLEEP (default 0.5) is the loop's sleep; REF_BOX, REF_CALLER the users.
set -u
box=${REF_BOX:-bwbox}
caller=${REF_CALLER:-bwcaller}
pause=${REF_SLEEP:-0.5}
n=$1
shift
sockdir=/home/$box/xpra

as_box() {
	setpriv --reuid="$box" --regid="$box" --init-groups env -i HOME="/home/$box" \
		USER="$box" LOGNAME="$box" PATH=/usr/bin:/bin "$@"
}

as_caller() {
	setpriv --reuid="$caller" --regid="$caller" --init-groups env -i \
		HOME="/home/$caller" USER="$caller" LOGNAME="$caller" PATH=/usr/bin:/bin \
		DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" "$@"
}

# `xpra stop` is not used: once the server is gone it waits 20 s for it.
cleanup() {
	trap - TERM INT HUP
	[ -n "${attach:-}" ] && kill "$attach" 2>/dev/null
	pkill -TERM -u "$box"
	i=0
	while pgrep -u "$box" >/dev/null && [ "$i" -lt 20 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	pkill -KILL -u "$box"
	exit 0
}
trap cleanup TERM INT HUP

cd "/home/$box" || exit 1
as_box xpra start ":$n" --daemon=yes --socket-dir="$sockdir" --socket-permissions=660 \
	--mmap-group=yes --start-child="$*" --exit-with-children=yes >/dev/null 2>&1 || exit 69
until as_box xpra info ":$n" --socket-dir="$sockdir" >/dev/null 2>&1; do
	sleep "$pause"
done
as_caller xpra attach ":$n" --socket-dir="$sockdir" >/dev/null 2>&1 &
attach=$!
wait "$attach"
attach=
cleanup
