#!/usr/bin/env bats
# Sound: the session's own PulseAudio daemon, tunnelled through a relay of
# the caller's into the caller's real server, PulseAudio 16 or PipeWire
# (pipewire-pulse and wireplumber), each with a null sink whose monitor
# shows what was played. Attacks come from the app and from another member.
load lib

setup_file() {
	build_variant audio1 's/audio = 0/audio = 1/'
	build_variant audio2 's/audio = 0/audio = 2/'
	start_pulse
	sox -n -r 44100 -c 2 "$T/tone.wav" synth 4 sine 440 vol 0.5
	chmod 0644 "$T/tone.wav"
}

teardown_file() {
	stop_pulse
}

setup() {
	export SW_BIN=$T/audio1
	MODULES=$(as_caller pactl list short modules)
}

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
	if [ -n "${PIPEWIRE:-}" ]; then
		stop_pipewire
		start_pulse
	fi
}

# Waits until the session's tunnel plays or records in the caller's server.
wait_listed() { # sink-inputs | source-outputs
	for _ in $(seq 150); do
		[ -n "$(as_caller pactl list short "$1")" ] && return 0
		sleep 0.1
	done
	echo "nothing in pactl list $1" >&2
	return 1
}

@test "plays sound from the sandbox on the caller's PulseAudio, which loads nothing for it" {
	sw_bg -- paplay "$T/tone.wav"
	wait_listed sink-inputs
	[ "$(as_caller pactl list short modules)" = "$MODULES" ]
	rms=$(caller_hears)
	echo "RMS $rms"
	awk -v r="$rms" 'BEGIN { exit !(r > 0.1) }'
	wait "$SW_PID"
	assert_audio_clean "$MODULES"
}

@test "records in the sandbox what the caller's source hears" {
	sw_bg -- /bin/sh -c 'timeout 3 parecord --raw --format=s16le --rate=44100 --channels=2 \
		"$HOME/.cache/rec.raw"; exit 0'
	wait_listed source-outputs
	as_caller paplay "$T/tone.wav" &
	wait "$SW_PID"
	kill $! 2>/dev/null || true
	rms=$(rms_of "/home/$BOX/.cache/rec.raw")
	echo "RMS $rms"
	awk -v r="$rms" 'BEGIN { exit !(r > 0.1) }'
	rm -f "/home/$BOX/.cache/rec.raw"
	assert_audio_clean "$MODULES"
}

@test "plays and records on a caller running PipeWire" {
	stop_pulse
	start_pipewire
	pw_modules=$(as_caller pactl list short modules)
	sw_bg -- /bin/sh -c 'paplay "$0" & timeout 3 parecord --raw --format=s16le --rate=44100 \
		--channels=2 "$HOME/.cache/rec.raw"; wait' "$T/tone.wav"
	wait_listed sink-inputs
	rms=$(caller_hears)
	wait "$SW_PID"
	recorded=$(rms_of "/home/$BOX/.cache/rec.raw")
	rm -f "/home/$BOX/.cache/rec.raw"
	echo "played RMS $rms, recorded RMS $recorded"
	awk -v r="$rms" 'BEGIN { exit !(r > 0.1) }'
	awk -v r="$recorded" 'BEGIN { exit !(r > 0.1) }'
	assert_audio_clean "$pw_modules"
}

@test "the app cannot change the caller's server: modules, defaults, other streams" {
	# It may unload a module of its own server (its own sound then stops),
	# not load one, and it sees nothing of the caller's.
	as_caller paplay "$T/tone.wav" &
	player=$!
	wait_listed sink-inputs
	caller_input=$(as_caller pactl list short sink-inputs | cut -f1)
	run sw -- /bin/sh -c 'pactl load-module module-null-sink 2>&1 || echo refused-load
		pactl load-module module-native-protocol-tcp auth-anonymous=1 2>&1 || echo refused-tcp
		pactl unload-module 1 2>&1
		pactl move-sink-input "$0" caller_out 2>&1 || echo refused-move
		pactl list short modules | wc -l
		for s in /run/skype-wrap/*/pulse /run/user/*/pulse/native; do
			pactl -s "unix:$s" info >/dev/null 2>&1 && echo "reached $s" || echo "refused $s"; done' \
		"$caller_input"
	kill "$player"
	echo "$output"
	grep -qx refused-load <<<"$output"
	grep -qx refused-tcp <<<"$output"
	grep -qx refused-move <<<"$output"
	refute grep '^reached' <<<"$output"
	[ "$(as_caller pactl list short modules)" = "$MODULES" ]
	[ "$(as_caller pactl get-default-sink)" = testsink ]
	assert_audio_clean "$MODULES"
}

@test "another member of the group cannot reach the session's sound" {
	sw_bg -- sleep 20
	for _ in $(seq 100); do [ -S "/run/skype-wrap/$BOX/pulse" ] && break; sleep 0.1; done
	run setpriv --reuid="$MEMBER" --regid="$MEMBER" --init-groups env -i \
		PULSE_SERVER="unix:/run/skype-wrap/$BOX/pulse" pactl load-module module-null-sink
	echo "$output"
	[ "$status" -ne 0 ]
	run setpriv --reuid="$MEMBER" --regid="$MEMBER" --init-groups ls "/run/skype-wrap/$BOX"
	[ "$status" -ne 0 ]
	[ "$(as_caller pactl list short modules)" = "$MODULES" ]
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_audio_clean "$MODULES"
}

@test "leaves nothing of the sound behind: app exit, SIGTERM, a crashed sound server, a SIGKILLed skype-wrap" {
	run sw -- /bin/sh -c 'kill -SEGV $$'
	[ "$status" -eq 139 ]
	assert_audio_clean "$MODULES"
	sw_bg -- sleep 30
	for _ in $(seq 100); do pgrep -u "$BOX" -x pulseaudio >/dev/null && break; sleep 0.1; done
	kill -TERM "$SW_PID"
	wait "$SW_PID" || true
	assert_audio_clean "$MODULES"
	sw_bg -- xclock -title sw-sound-crash
	wait_window sw-sound-crash
	pkill -KILL -u "$BOX" -x pulseaudio
	for _ in $(seq 50); do grep -q 'sound server exited' "$SW_LOG" && break; sleep 0.1; done
	grep -q '^skype-wrap: audio: the session.s sound server exited; no more sound$' "$SW_LOG"
	refute pgrep -a -u "$CALLER" -f "^$T/" # the relay went with it
	pgrep -u "$BOX" -x xclock
	kill "$SW_PID"
	wait "$SW_PID" || true
	assert_audio_clean "$MODULES"
	sw_bg -- xclock -title sw-sound-dead
	wait_window sw-sound-dead
	kill -KILL "$SW_PID"
	wait "$SW_PID" || true
	for _ in $(seq 30); do pgrep -u "$BOX" >/dev/null || break; sleep 0.1; done
	refute pgrep -a -r "$LIVE" -u "$CALLER" -f "^$T/"
	run sw -- true
	grep -q 'cleaned up after a session' <<<"$output"
	assert_audio_clean "$MODULES"
}

@test "says why there is no sound, and refuses with 69 when sound is required" {
	stop_pulse
	uid=$(id -u "$CALLER")
	sw_bg -- xclock -title sw-no-sound
	wait_window sw-no-sound
	kill "$SW_PID"
	wait "$SW_PID" || true
	cat "$SW_LOG"
	grep -Ex "skype-wrap: audio: no sound in this session: your sound server does not answer at /run/user/$uid/pulse/native: (No such file or directory|Connection refused)" "$SW_LOG"
	SW_BIN=$T/audio2 run sw -- xclock
	start_pulse
	echo "$output"
	[ "$status" -eq 69 ]
	[[ "$output" =~ ^"skype-wrap: audio: no sound: your sound server does not answer at /run/user/$uid/pulse/native: "("No such file or directory"|"Connection refused")"; sound is required"$ ]]
	assert_clean
}

@test "--check says whether sound is optional, required or off" {
	run sw --check
	grep -Eq "^audio +ok +optional: a sound server of the session's, tunnelled to yours when it answers$" <<<"$output"
	SW_BIN=$T/audio2 run sw --check
	grep -Eq "^audio +ok +required" <<<"$output"
	SW_BIN=$T/skype-wrap run sw --check
	grep -Eq '^audio +off ' <<<"$output"
}
