#!/usr/bin/env bats
# Files in: what the caller gives with --give reaches the app's inbox, read
# with the caller's rights and written with the sandbox user's; nothing the
# sandbox user put there (a link, one raced into place) takes a write.
load lib

INBOX=/home/$BOX/Inbox
NOTE=/home/$CALLER/note.txt

setup() {
	rm -rf "$INBOX"
	printf 'from the caller\n' >"$NOTE"
	chown "$CALLER" "$NOTE"
}

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
	rm -rf "$INBOX" "$NOTE" "/home/$CALLER/.hidden" /root/sw-give-secret \
		"/home/$BOX/.cache/sw-linked" "/home/$BOX/.cache/sw-raced" "/home/$BOX/.cache/sw-elsewhere"
}

# As the sandbox user, outside any session: what the app's user could do
# wherever Landlock did not stop it.
as_box() {
	setpriv --reuid="$BOX" --regid="$BOX" --clear-groups "$@"
}

@test "--give puts the caller's file in the app's inbox, where the app reads it" {
	run sw --give "$NOTE"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "skype-wrap: gave $NOTE as ~/Inbox/note.txt" ]
	[ "$(stat -c '%U %a' "$INBOX/note.txt")" = "$BOX 600" ]
	run sw -- cat "$INBOX/note.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "from the caller" ]
	# Given again, it is refused: nothing in the inbox is written over.
	run sw --give "$NOTE"
	[ "$status" -eq 73 ]
	[ "$output" = "skype-wrap: give: ~/Inbox/note.txt: File exists" ]
}

@test "--give reads with the caller's rights: a file only root may read, a directory and a hidden name are refused with 66" {
	echo "root's secret" >/root/sw-give-secret
	chmod 0600 /root/sw-give-secret
	: >"/home/$CALLER/.hidden"
	run sw --give /root/sw-give-secret
	[ "$status" -eq 66 ]
	[ "$output" = "skype-wrap: give: /root/sw-give-secret: Permission denied" ]
	run sw --give /etc
	[ "$status" -eq 66 ]
	[ "$output" = "skype-wrap: give: /etc is not a file" ]
	run sw --give "/home/$CALLER/.hidden"
	[ "$status" -eq 66 ]
	[ "$output" = "skype-wrap: give: /home/$CALLER/.hidden: the app would not see that name as it is" ]
	[ ! -e "$INBOX" ]
	run sw --give
	[ "$status" -eq 64 ]
}

@test "a link in the inbox, or the inbox a link, leads nowhere: --give refuses with 73 and writes nothing through it" {
	install -d -o "$BOX" -g "$BOX" -m 0700 "$INBOX" "/home/$BOX/.cache/sw-elsewhere"
	as_box ln -s "/home/$BOX/.cache/sw-linked" "$INBOX/note.txt"
	run sw --give "$NOTE"
	[ "$status" -eq 73 ]
	[ "$output" = "skype-wrap: give: ~/Inbox/note.txt: File exists" ]
	[ ! -e "/home/$BOX/.cache/sw-linked" ]
	rm -r "$INBOX"
	as_box ln -s .cache/sw-elsewhere "$INBOX"
	run sw --give "$NOTE"
	[ "$status" -eq 73 ]
	[ "$output" = "skype-wrap: give: ~/Inbox/note.txt: Not a directory" ]
	run ls -A "/home/$BOX/.cache/sw-elsewhere"
	[ -z "$output" ]
}

@test "a link raced into the inbox under the file's name never takes a write" {
	install -d -o "$BOX" -g "$BOX" -m 0700 "$INBOX"
	as_box sh -c 'while :; do ln -s "$1" "$2" 2>/dev/null; rm -f "$2"; done' sh \
		"/home/$BOX/.cache/sw-raced" "$INBOX/note.txt" &
	racer=$!
	statuses=
	for _ in $(seq 30); do
		run sw --give "$NOTE"
		statuses+=" $status"
	done
	kill "$racer"
	echo "$statuses"
	[ ! -e "/home/$BOX/.cache/sw-raced" ]
	[[ "$statuses" =~ ^( (0|73))+$ ]]
}

@test "the app cannot put a link of its own in the inbox" {
	install -d -o "$BOX" -g "$BOX" -m 0700 "$INBOX"
	run sw -- /bin/sh -c 'ln -s /etc/passwd "$HOME/Inbox/note.txt" 2>&1 | sed "s/^ln: //"'
	[ "$output" = "failed to create symbolic link '/home/$BOX/Inbox/note.txt': Permission denied" ]
	[ ! -L "$INBOX/note.txt" ]
}
