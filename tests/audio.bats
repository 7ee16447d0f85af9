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
	sox -n -r 44100 -c 2 "$T/long-tone.wav" synth 30 sine 440 vol 0.5
	chmod 0644 "$T/tone.wav" "$T/long-tone.wav"
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

# A second null sink of the caller's, "other"; MODULES then lists it.
add_other_sink() {
	OTHER_SINK=$(as_caller pactl load-module module-null-sink sink_name=other)
	MODULES=$(as_caller pactl list short modules)
}

remove_other_sink() {
	as_caller pactl set-default-sink testsink
	as_caller pactl set-default-source testsink.monitor
	as_caller pactl unload-module "$OTHER_SINK"
	MODULES=$(as_caller pactl list short modules)
}

# The app plays; the caller's default sink changes from testsink to other.
sound_follows_default_sink() {
	add_other_sink
	sw_bg -- paplay "$T/long-tone.wav"
	wait_listed sink-inputs
	before=$(caller_hears)
	as_caller pactl set-default-sink other
	after=$(caller_hears other)
	left=$(caller_hears)
	echo "testsink before $before; after the switch: other $after, testsink $left"
	awk -v r="$before" 'BEGIN { exit !(r > 0.1) }'
	awk -v r="$after" 'BEGIN { exit !(r > 0.1) }'
	awk -v r="$left" 'BEGIN { exit !(r < 0.01) }'
	kill "$SW_PID"
	wait "$SW_PID" || true
	remove_other_sink
	assert_audio_clean "$MODULES"
}

@test "the app's sound follows the caller's default sink as it changes: PulseAudio and PipeWire" {
	sound_follows_default_sink
	stop_pulse
	start_pipewire
	sound_follows_default_sink
}

@test "the app records from the caller's default source as it changes" {
	add_other_sink
	as_caller paplay -d other "$T/long-tone.wav" &
	player=$!
	# 3 s of the silent testsink's monitor, then 3 s of other's: the tone.
	sw_bg -- /bin/sh -c 'parecord --raw --format=s16le --rate=44100 --channels=2 \
		--latency-msec=20 "$HOME/.cache/rec.raw" & sleep 3; touch "$HOME/.cache/switch"; sleep 3
		kill $!'
	for _ in $(seq 100); do [ -e "/home/$BOX/.cache/switch" ] && break; sleep 0.1; done
	as_caller pactl set-default-source other.monitor
	wait "$SW_PID"
	kill "$player"
	first=$(head -c 176400 "/home/$BOX/.cache/rec.raw" >"$BATS_TEST_TMPDIR/first.raw" && rms_of "$BATS_TEST_TMPDIR/first.raw")
	last=$(tail -c 88200 "/home/$BOX/.cache/rec.raw" >"$BATS_TEST_TMPDIR/last.raw" && rms_of "$BATS_TEST_TMPDIR/last.raw")
	rm -f "/home/$BOX/.cache/rec.raw" "/home/$BOX/.cache/switch"
	echo "recorded RMS: first 2 s $first, last 1 s $last"
	awk -v r="$first" 'BEGIN { exit !(r < 0.01) }'
	awk -v r="$last" 'BEGIN { exit !(r > 0.1) }'
	remove_other_sink
	assert_audio_clean "$MODULES"
}

# Whether the session's recording stream on the caller's server is paused.
record_corked() {
	as_caller pactl list source-outputs | awk '/^\tCorked:/ { print $2 }'
}

@test "the caller's microphone is open only while the app records" {
	sw_bg -- /bin/sh -c 'sleep 4; touch "$HOME/.cache/recording"
		timeout 3 parecord --raw "$HOME/.cache/rec.raw"; touch "$HOME/.cache/recorded"; sleep 4'
	wait_listed source-outputs
	sleep 2
	[ ! -e "/home/$BOX/.cache/recording" ]
	[ "$(record_corked)" = yes ]
	for _ in $(seq 100); do [ -e "/home/$BOX/.cache/recording" ] && break; sleep 0.1; done
	for _ in $(seq 20); do [ "$(record_corked)" = no ] && break; sleep 0.1; done
	[ "$(record_corked)" = no ]
	for _ in $(seq 100); do [ -e "/home/$BOX/.cache/recorded" ] && break; sleep 0.1; done
	for _ in $(seq 30); do [ "$(record_corked)" = yes ] && break; sleep 0.1; done
	[ "$(record_corked)" = yes ]
	wait "$SW_PID"
	rm -f "/home/$BOX/.cache/rec.raw" "/home/$BOX/.cache/recording" "/home/$BOX/.cache/recorded"
	assert_audio_clean "$MODULES"
}

@test "the caller's mixer names the app's streams after it, marked" {
	name='application.name = "paplay [sandbox]"'
	sw_bg -- paplay "$T/tone.wav"
	# A stream of the last test's session may still be listed a moment.
	for _ in $(seq 150); do as_caller pactl list sink-inputs | grep -qF "$name" && break; sleep 0.1; done
	as_caller pactl list sink-inputs | grep -F "$name"
	as_caller pactl list source-outputs | grep -F "$name"
	wait "$SW_PID"
	assert_audio_clean "$MODULES"
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
